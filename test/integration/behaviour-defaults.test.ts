/**
 * Issue 14's "the behaviour models' defaults reproduce the current results byte for byte": the shipped scenarios
 * (one with `flow: none`, one running a flow) give the same records and the same summary with the `behaviour:`
 * block absent and empty. And since the models draw only from streams of their own, adding satisfaction or
 * resolution (without repeat calls) changes only the ratings or only `resolved`: every other field of every
 * record stays as it was.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { simulate } from '../../src/planning/run-scenario.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CALLS = 1500;
const REPLICATIONS = 2;

/** Records (as JSON text, replication by replication) and the summary's means and CIs of a shipped scenario. */
async function results(name: string, behaviour: string): Promise<{ records: CallRecord[][]; summary: string }> {
  const path = resolve(ROOT, 'scenarios', `${name}.yaml`);
  const scenario = parseScenario(`${readFileSync(path, 'utf8')}\n${behaviour}\n`, path, { path });
  await prepareScenario(scenario, ROOT);
  const records: CallRecord[][] = [];
  const summary = simulate(scenario, {
    seed: scenario.seed,
    replications: REPLICATIONS,
    calls: CALLS,
    sink: (replication) => {
      records[replication] = [];
      return (r) => records[replication]!.push({ ...r });
    },
  });
  return { records, summary: JSON.stringify({ kpis: summary.kpis, ci: summary.ci, calls: summary.calls }) };
}

describe.each(['midsize-city-hybrid', 'midsize-city-direct'])('%s with the behaviour block absent or empty', (name) => {
  it('gives the same records and summary, byte for byte', { timeout: 60_000 }, async () => {
    const absent = await results(name, '');
    const empty = await results(name, 'behaviour: {}');
    expect(absent.records[0]!.length).toBeGreaterThan(CALLS);
    expect(JSON.stringify(empty.records)).toBe(JSON.stringify(absent.records));
    expect(empty.summary).toBe(absent.summary);
    expect(absent.records.flat().every((r) => r.resolved === null)).toBe(true);
  });

  it('changes only the ratings with a satisfaction model, and only resolved with a resolution model', {
    timeout: 60_000,
  }, async () => {
    const absent = (await results(name, '')).records.flat();
    const rated = (
      await results(name, 'behaviour: { satisfaction: { cutpoints: [-1, 0, 1, 2], per_wait_min: 0.5 } }')
    ).records.flat();
    const resolved = (await results(name, 'behaviour: { resolution: { first_contact: 0.7 } }')).records.flat();
    const without = (rs: CallRecord[], field: 'rating' | 'resolved') => rs.map((r) => ({ ...r, [field]: 0 }));
    expect(without(rated, 'rating')).toEqual(without(absent, 'rating'));
    expect(rated.map((r) => r.rating === null)).toEqual(absent.map((r) => r.rating === null));
    expect(rated.some((r, i) => r.rating !== absent[i]!.rating)).toBe(true);
    expect(without(resolved, 'resolved')).toEqual(without(absent, 'resolved'));
    expect(resolved.filter((r) => r.answerSec !== null).every((r) => typeof r.resolved === 'boolean')).toBe(true);
  });
});
