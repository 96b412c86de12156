import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PatiencePart } from '../../src/planning/calibrate-patience.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { HandlePart } from '../../src/planning/calibrate-handle.js';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { distributionSchema } from '../../src/scenario/scenario-schema.js';
import { runPart, simulatedRecords } from '../helpers/calibration-runs.js';

const SCENARIO = `name: handle
horizon: { days: 4 }
demand: { calls_per_hour: 200 }
call_types:
  - name: consult
    share: 0.6
    skill: g
    handle_sec: { dist: lognormal, mean: 240, cv: 0.8 }
    acw_sec: { dist: gamma, mean: 60, cv: 0.5 }
  - name: help
    share: 0.4
    skill: g
    handle_sec: { dist: gamma, mean: 400, cv: 0.6 }
    handle_sec_by_pool: { outsourced: { dist: gamma, mean: 520, cv: 0.6 } }
pools:
  - { name: city, pool: in-house, skills: [g], agents: 16 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 14 }
`;

const specOf = (
  entries: readonly { path: readonly (string | number)[]; value: unknown }[],
  ...path: (string | number)[]
) =>
  entries.find((e) => JSON.stringify(e.path) === JSON.stringify(path))?.value as
    | { dist: string; mean: number; cv: number }
    | undefined;

describe('HandlePart', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers handle times by type and pool, and after-call work, seed ${seed}`, () => {
      const result = runPart(new HandlePart(), simulatedRecords(SCENARIO, seed));
      const consult = specOf(result.entries, 'call_types', 'consult', 'handle_sec')!;
      expect(consult.dist).toBe('lognormal');
      expect(Math.abs(consult.mean / 240 - 1)).toBeLessThan(0.05);
      expect(Math.abs(consult.cv / 0.8 - 1)).toBeLessThan(0.1);
      const acw = specOf(result.entries, 'call_types', 'consult', 'acw_sec')!;
      expect(acw.dist).toBe('gamma');
      expect(Math.abs(acw.mean / 60 - 1)).toBeLessThan(0.05);
      expect(Math.abs(acw.cv / 0.5 - 1)).toBeLessThan(0.1);
      expect(specOf(result.entries, 'call_types', 'help', 'acw_sec')).toBeUndefined();
      const byPool = result.entries.find((e) => e.path[1] === 'help' && e.path[2] === 'handle_sec_by_pool')!
        .value as Record<string, { dist: string; mean: number; cv: number }>;
      expect(Math.abs(byPool['in-house']!.mean / 400 - 1)).toBeLessThan(0.06);
      expect(Math.abs(byPool.outsourced!.mean / 520 - 1)).toBeLessThan(0.06);
      expect(Math.abs(byPool.outsourced!.cv / 0.6 - 1)).toBeLessThan(0.1);
      // Consult's pools take the same time: no per-pool entry.
      expect(result.entries.some((e) => e.path[1] === 'consult' && e.path[2] === 'handle_sec_by_pool')).toBe(false);
      for (const e of result.entries)
        for (const spec of e.path[2] === 'handle_sec_by_pool' ? Object.values(e.value as object) : [e.value])
          expect(distributionSchema.safeParse(spec).success).toBe(true);
      const json = result.json.handleSec as Record<string, { mean: number; gof: { ksD: number } }>;
      expect(Object.keys(json).sort()).toEqual(['city', 'vendor']);
      expect(json.vendor!.mean).toBeGreaterThan(json.city!.mean);
      expect(json.city!.gof.ksD).toBeLessThan(0.1);
    });
  }

  it('counts answered calls without a handle time and never takes them as 0', () => {
    const records: CallRecord[] = [];
    for (let i = 0; i < 200; i += 1) {
      const r = {
        ...newCallRecord({
          callSid: `C${i}`,
          flowId: 'f',
          direction: 'inbound',
          callerHash: null,
          arrivalSec: i,
          language: 'zh',
          lastState: 'queue',
        }),
      };
      Object.assign(r, {
        answerSec: i + 1,
        outcome: 'answered',
        agentGroup: 'city',
        pool: 'in-house',
        handleSec: i < 50 ? null : 100 + (i % 7) * 10,
      });
      records.push(r);
    }
    const result = runPart(new HandlePart(), records);
    expect(result.notes.join('\n')).toMatch(/50 of 200 answered calls have no handle time/);
    const spec = specOf(result.entries, 'call_types', 'unknown', 'handle_sec')!;
    expect(spec.mean).toBeGreaterThan(100);
    expect(result.json.handleNull).toBe(50);
  });
});

describe('fitted handle times and patience in a scenario', () => {
  it('load as a scenario and simulate', () => {
    const busy = SCENARIO.replace('agents: 14', 'agents: 9').replace(
      'pools:',
      'callers: { patience_sec: { dist: exponential, mean: 90 } }\npools:',
    );
    const records = simulatedRecords(busy, 7);
    const handle = runPart(new HandlePart(), records).entries;
    const patience = runPart(new PatiencePart(), records).entries;
    const byType = (name: string) =>
      Object.fromEntries(handle.filter((e) => e.path[1] === name).map((e) => [e.path[2] as string, e.value]));
    const scenario = {
      name: 'fitted',
      horizon: { days: 1 },
      demand: { calls_per_hour: 200 },
      call_types: [
        { name: 'consult', share: 0.6, skill: 'g', ...byType('consult') },
        { name: 'help', share: 0.4, skill: 'g', ...byType('help') },
      ],
      callers: { patience_sec: patience[0]!.value },
      pools: [
        { name: 'city', pool: 'in-house', skills: ['g'], agents: 16 },
        { name: 'vendor', pool: 'outsourced', skills: ['g'], agents: 9 },
      ],
    };
    const again = simulatedRecords(stringify(parseScenario(stringify(scenario), 'fitted.yaml')), 8);
    expect(again.filter((r) => r.outcome === 'answered').length).toBeGreaterThan(1000);
  });
});
