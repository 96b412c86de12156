import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { loadRunnableScenario } from '../../src/planning/recorded-behaviour.js';
import { runReplication, summarise } from '../../src/planning/run-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = resolve(ROOT, 'scenarios');
// The case studies (case-*.yaml) carry behaviour blocks on purpose; test/integration/case-studies.test.ts runs them.
const SHIPPED = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('case-'))
  .map((f) => f.replace(/\.yaml$/, ''));

/** Every record's text and the summary (without the figures the blocks add), for 2 short replications. */
function run(scenario: Scenario): { records: string; summary: string } {
  const lines: string[] = [];
  const results = [0, 1].map((r) => runReplication(scenario, 77, r, 1500, (rec) => lines.push(JSON.stringify(rec))));
  const { kpis, ci } = summarise(results);
  for (const tree of [kpis, ci]) {
    delete tree.invalidHandleShare;
    delete tree.agentsReplaced;
  }
  return { records: lines.join('\n'), summary: JSON.stringify({ kpis, ci }) };
}

/**
 * Blocks that change nothing: experience whose agents never leave (so all are experienced: multiplier exactly 1),
 * and screening without the policy (invalid requests take their type's handle time).
 */
function neutral(s: Scenario): Scenario {
  const experience = Object.fromEntries(
    s.pools.map((p) => [p.name, { new_agent_multiplier: 1.7, half_life_days: 20, monthly_attrition: 0 }]),
  );
  return { ...s, behaviour: { experience, screening: { invalid_types: [s.call_types[0]!.name], policy: false } } };
}

describe('behaviour.experience and behaviour.screening reproduce today without an effect', () => {
  for (const name of SHIPPED) {
    it(`gives ${name} the same records and summary with neutral blocks as without them`, {
      timeout: 120_000,
    }, async () => {
      const { scenario } = await loadRunnableScenario(name, ROOT, SCENARIOS);
      expect(scenario.behaviour).toBeUndefined();
      await prepareScenario(scenario, ROOT);
      const without = run(scenario);
      const withBlocks = run(neutral(scenario));
      expect(withBlocks.records.length).toBeGreaterThan(0);
      expect(withBlocks.records === without.records).toBe(true);
      expect(withBlocks.summary).toBe(without.summary);
    });
  }
});
