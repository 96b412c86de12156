import { describe, expect, it } from 'vitest';
import { behaviourModels } from '../../src/planning/behaviour-models.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { compareScenarios } from '../../src/planning/compare.js';
import { simulate } from '../../src/planning/run-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { Rng } from '../../src/sim/rng.js';

const CUTPOINTS = '[-0.5, 0.8, 1.9, 3.1]';

/** A small line served by one team: the city's own staff or a contractor; `behaviour` is its behaviour block. */
const team = (pool: 'in-house' | 'outsourced', behaviour: string) =>
  parseScenario(
    `name: ${pool}
horizon: { calls: 1200 }
demand: { calls_per_hour: 240 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers:
  patience_sec: { dist: exponential, mean: 120 }
  survey: { participation: 0.5, ratings: [0.55, 0.25, 0.12, 0.05, 0.03] }
pools: [{ name: ${pool === 'in-house' ? 'city' : 'vendor'}, pool: ${pool}, skills: [g], agents: 15 }]
${behaviour}
`,
    `${pool}.yaml`,
  );

const satisfaction = (c: ReturnType<typeof compareScenarios>, path: string) => c.kpis.find((k) => k.path === path)!;
const compare = (a: ReturnType<typeof team>, b: ReturnType<typeof team>) =>
  compareScenarios([
    { name: 'in-house', summary: simulate(a, { seed: 3, replications: 5 }) },
    { name: 'outsourced', summary: simulate(b, { seed: 3, replications: 5 }) },
  ]);

describe('behaviourModels', () => {
  it('gives nothing for a scenario without a behaviour block', () => {
    const s = team('in-house', '');
    expect(behaviourModels(s, buildSimModel(s, { seed: 1, replication: 0 }).groups)).toEqual({});
  });

  it('keys per-group values by the agent groups, with the defaults for groups not named', () => {
    const s = parseScenario(
      `name: two
horizon: { calls: 10 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
pools:
  - { name: city, pool: in-house, skills: [g], agents: 1 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 1 }
behaviour:
  satisfaction: { cutpoints: ${CUTPOINTS}, by_group: { vendor: 0.7 }, screened: 0.3 }
  resolution:
    first_contact: 0.8
    by_group: { vendor: 0.6 }
    repeat: { probability: 0.4, delay_sec: { dist: deterministic, value: 3600 } }
`,
      'two.yaml',
    );
    const model = buildSimModel(s, { seed: 1, replication: 0 });
    expect(model.satisfaction).toMatchObject({ perWaitMin: 0, unresolved: 0, byGroup: [0, 0.7], screened: 0.3 });
    expect(model.resolution?.byGroup).toEqual([0.8, 0.6]);
    expect(model.resolution?.repeat?.probability).toBe(0.4);
    expect(model.resolution?.repeat?.delaySec(new Rng(1))).toBe(3600);
    // The rate function is the ordinal model's inverse CDF: a low draw is very satisfied, a high one dissatisfied.
    expect(model.satisfaction?.rate(0, 0)).toBe(1);
    expect(model.satisfaction?.rate(0, 0.999999)).toBe(5);
  });
});

describe('compare: in-house vs outsourced satisfaction', () => {
  it('shows no difference without the model: the same rating table, the same draws', { timeout: 60_000 }, () => {
    const c = compare(team('in-house', ''), team('outsourced', ''));
    expect(satisfaction(c, 'satisfactionStrict').differences[1]).toMatchObject({ mean: 0, significant: false });
  });

  it('shows the by_group offset as lower satisfaction, with a 95 % CI that excludes 0', { timeout: 60_000 }, () => {
    const model = (byGroup: string) =>
      `behaviour: { satisfaction: { cutpoints: ${CUTPOINTS}, by_group: { ${byGroup} } } }`;
    const c = compare(team('in-house', model('city: 0')), team('outsourced', model('vendor: 0.8')));
    for (const path of ['satisfactionStrict', 'satisfactionLenient']) {
      const d = satisfaction(c, path).differences[1]!;
      expect(d.significant, path).toBe(true);
      expect(d.ci[1], path).toBeLessThan(0);
    }
    // Strict satisfaction is P(rating <= 2) = logistic(t2 − eta): logistic(0) − logistic(0.8) = −0.19 apart.
    const expected = 0.5 - 1 / (1 + Math.exp(-0.8));
    expect(Math.abs(satisfaction(c, 'satisfactionStrict').differences[1]!.mean - expected)).toBeLessThan(0.03);
  });
});
