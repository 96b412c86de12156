import { beforeAll, describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import { ratingProbabilities } from '../../src/analysis/ordinal-rating.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadScenario, parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { runCallCentre, type SimRunStats } from '../../src/sim/call-centre-sim.js';

function run(scenario: Scenario, seed = 7, calls?: number): { records: CallRecord[]; stats: SimRunStats } {
  const records: CallRecord[] = [];
  const model = buildSimModel(
    scenario,
    calls === undefined ? { seed, replication: 0 } : { seed, replication: 0, calls },
  );
  const stats = runCallCentre(model, seed, 0, (r) => records.push({ ...r }));
  return { records, stats };
}

const CUTPOINTS = [-0.2, 1, 2, 3];

/**
 * `calls` callers of one call type with a survey everybody answers, served by `city` (in-house) and, after
 * `vendorWaitSec`, by `vendor` (outsourced); `behaviour` is the scenario's behaviour block.
 */
const scenario = (o: { calls: number; city: number; vendor: number; vendorWaitSec?: number; behaviour: string }) =>
  parseScenario(
    `name: b
horizon: { calls: ${o.calls} }
demand: { calls_per_hour: 240 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 120 } }]
callers:
  patience_sec: { dist: exponential, mean: 300 }
  survey: { participation: 1, ratings: [1, 1, 1, 1, 1] }
pools:
  - { name: city, pool: in-house, skills: [g], agents: ${o.city} }
  - name: vendor
    pool: outsourced
    skills: [g]
    agents: ${o.vendor}
    min_wait_sec: ${o.vendorWaitSec ?? 0}
    priority: 2
behaviour:
${o.behaviour}
`,
    'b.yaml',
  );

const counts = (rs: readonly CallRecord[]) => {
  const c = [0, 0, 0, 0, 0];
  for (const r of rs) c[r.rating! - 1]! += 1;
  return c;
};
const meanRating = (rs: readonly CallRecord[]) => rs.reduce((a, r) => a + r.rating!, 0) / rs.length;

describe('satisfaction: ratings from the ordinal model (flow: none)', () => {
  it('rates with P(rating = k) from the cutpoints at eta = the group offset, within 0.02 over 10 000 calls', () => {
    // The vendor takes whom the city cannot; calls answered at once have eta = the answering group's offset.
    const { records } = run(
      scenario({
        calls: 10_000,
        city: 6,
        vendor: 30,
        behaviour: `  satisfaction: { cutpoints: [${CUTPOINTS}], per_wait_min: 1, by_group: { vendor: 0.9 } }`,
      }),
    );
    const rated = records.filter((r) => r.rating !== null);
    expect(rated).toHaveLength(records.filter((r) => r.answerSec !== null).length);
    for (const [group, eta] of [
      ['city', 0],
      ['vendor', 0.9],
    ] as const) {
      const ofGroup = rated.filter((r) => r.agentGroup === group && r.answerSec === r.queueEntrySec);
      expect(ofGroup.length, group).toBeGreaterThan(2500);
      const p = ratingProbabilities(CUTPOINTS, eta);
      counts(ofGroup).forEach((c, k) => {
        expect(Math.abs(c / ofGroup.length - p[k]!), `${group} ${k + 1}`).toBeLessThan(0.02);
      });
    }
  });

  it('rates longer waits worse (per_wait_min > 0)', () => {
    const { records } = run(
      scenario({
        calls: 6000,
        city: 8,
        vendor: 0,
        behaviour: `  satisfaction: { cutpoints: [${CUTPOINTS}], per_wait_min: 0.8 }`,
      }),
    );
    const rated = records.filter((r) => r.rating !== null);
    const waited = (r: CallRecord) => r.answerSec! - r.queueEntrySec!;
    const short = rated.filter((r) => waited(r) === 0);
    const long = rated.filter((r) => waited(r) > 60);
    expect(short.length).toBeGreaterThan(300);
    expect(long.length).toBeGreaterThan(300);
    expect(meanRating(long) - meanRating(short)).toBeGreaterThan(0.5);
  });

  it('rates unresolved calls worse (unresolved > 0), and leaves the other fields as without the model', () => {
    const behaviour = `  resolution: { first_contact: 0.6 }`;
    const base = run(scenario({ calls: 6000, city: 30, vendor: 0, behaviour })).records;
    const { records } = run(
      scenario({
        calls: 6000,
        city: 30,
        vendor: 0,
        behaviour: `${behaviour}\n  satisfaction: { cutpoints: [${CUTPOINTS}], unresolved: 1.5 }`,
      }),
    );
    const rated = records.filter((r) => r.rating !== null);
    const no = rated.filter((r) => r.resolved === false);
    const yes = rated.filter((r) => r.resolved === true);
    expect(no.length).toBeGreaterThan(1500);
    expect(meanRating(no) - meanRating(yes)).toBeGreaterThan(0.5);
    // The model draws from its own stream: only the ratings differ from the run without it.
    expect(records.map((r) => ({ ...r, rating: null }))).toEqual(base.map((r) => ({ ...r, rating: null })));
  });
});

describe('resolution: first-contact resolution per group', () => {
  const behaviour = `  resolution: { first_contact: 0.85, by_group: { vendor: 0.6 } }`;
  let records: CallRecord[];
  beforeAll(() => {
    records = run(scenario({ calls: 12_000, city: 4, vendor: 30, vendorWaitSec: 5, behaviour })).records;
  });

  it('resolves each group its share of answered calls, within 0.03', () => {
    for (const [group, share] of [
      ['city', 0.85],
      ['vendor', 0.6],
    ] as const) {
      const answered = records.filter((r) => r.agentGroup === group && r.answerSec !== null);
      expect(answered.length, group).toBeGreaterThan(2000);
      const resolved = answered.filter((r) => r.resolved === true).length / answered.length;
      expect(Math.abs(resolved - share), group).toBeLessThan(0.03);
    }
  });

  it('leaves resolved null on calls nobody answered, and everywhere without the model', () => {
    const unanswered = records.filter((r) => r.answerSec === null);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(unanswered.every((r) => r.resolved === null)).toBe(true);
    const none = run(
      scenario({ calls: 500, city: 4, vendor: 30, behaviour: '  satisfaction: { cutpoints: [0, 1, 2, 3] }' }),
    );
    expect(none.records.every((r) => r.resolved === null)).toBe(true);
  });
});

describe('resolution: repeat calls of unresolved requests', () => {
  /** One caller, never resolved, calling again with probability 0.8 ten minutes after each call. */
  const lone = (repeat: string) =>
    parseScenario(
      `name: lone
horizon: { calls: 1 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 100 } }]
pools: [{ name: city, pool: in-house, skills: [g], agents: 1 }]
behaviour: { resolution: { first_contact: 0${repeat} } }
`,
      'lone.yaml',
    );

  it('makes the same caller call again after the delay: a new inbound first attempt of the same call type', () => {
    const { records, stats } = run(
      lone(', repeat: { probability: 0.8, delay_sec: { dist: deterministic, value: 600 } }'),
    );
    expect(stats.calls).toBe(1);
    expect(records.length).toBeGreaterThan(2);
    records.forEach((r, i) => {
      expect(r).toMatchObject({
        attempt: 1,
        direction: 'inbound',
        callType: 'g',
        outcome: 'answered',
        resolved: false,
      });
      if (i > 0) expect(r.arrivalSec - records[i - 1]!.endSec!).toBeCloseTo(600, 6);
    });
  });

  it('raises the repeat-call rate once the calls carry their caller (all of this run are one caller)', () => {
    // Simulated records have no caller hash (CallRecord.callerHash: null without a number); this run has one caller.
    const rate = (rs: readonly CallRecord[]) => {
      const kpis = new KpiAccumulator({});
      for (const r of rs) kpis.add({ ...r, callerHash: '0'.repeat(32) });
      return kpis.result().repeatCallRate;
    };
    expect(rate(run(lone('')).records)).toBe(0);
    expect(
      rate(run(lone(', repeat: { probability: 0.8, delay_sec: { dist: deterministic, value: 600 } }')).records),
    ).toBe(1);
  });

  it('adds calls in proportion to the unresolved answered calls that repeat', () => {
    const repeat = `  resolution:
    first_contact: 0.5
    repeat: { probability: 0.5, delay_sec: { dist: exponential, mean: 3600 } }`;
    const { records, stats } = run(scenario({ calls: 8000, city: 30, vendor: 0, behaviour: repeat }));
    const repeats = records.length - stats.calls;
    const unresolved = records.filter((r) => r.resolved === false).length;
    expect(Math.abs(repeats / unresolved - 0.5)).toBeLessThan(0.04);
    expect(records.every((r) => r.attempt === 1)).toBe(true);
  });
});

describe('with a flow: the survey gather', () => {
  let direct: Scenario;
  beforeAll(async () => {
    const dir = new URL('../../scenarios/', import.meta.url).pathname;
    direct = loadScenario('midsize-city-direct', process.cwd(), dir).scenario;
    await prepareScenario(direct);
  });

  it('lets the choice table decide who rates, and the model which rating, within 0.03', () => {
    const modelled: Scenario = {
      ...direct,
      behaviour: { satisfaction: { cutpoints: CUTPOINTS, per_wait_min: 0, unresolved: 0, by_group: {}, screened: 0 } },
    };
    const base = run(direct, 7, 6000).records;
    const { records } = run(modelled, 7, 6000);
    // Same calls, same timing, same callers rating: only the rating values differ.
    expect(records.map((r) => ({ ...r, rating: r.rating === null }))).toEqual(
      base.map((r) => ({ ...r, rating: r.rating === null })),
    );
    const rated = records.filter((r) => r.rating !== null);
    expect(rated.length).toBeGreaterThan(2000);
    const p = ratingProbabilities(CUTPOINTS, 0);
    counts(rated).forEach((c, k) => {
      expect(Math.abs(c / rated.length - p[k]!), `rating ${k + 1}`).toBeLessThan(0.03);
    });
  });

  it('keeps invalid keys, no input and hanging up at the survey as the table has them', () => {
    const ivr = direct.callers.ivr!;
    const survey = { '5': 1, invalid: 1, none: 1, hangup: 1 };
    const table: Scenario = {
      ...direct,
      callers: { ...direct.callers, ivr: { ...ivr, choices: { ...ivr.choices, survey } } },
    };
    const modelled: Scenario = {
      ...table,
      behaviour: {
        satisfaction: { cutpoints: [5, 6, 7, 8], per_wait_min: 0, unresolved: 0, by_group: {}, screened: 0 },
      },
    };
    const base = run(table, 7, 2000).records;
    const { records } = run(modelled, 7, 2000);
    const shape = (r: CallRecord) => ({ ...r, rating: r.rating === null });
    expect(records.map(shape)).toEqual(base.map(shape));
    expect(records.some((r) => r.lastState === 'survey')).toBe(true);
    // The table's only rating key is 5; the model (cutpoints far above eta 0) turns nearly all of them into 1.
    expect(base.filter((r) => r.rating !== null).every((r) => r.rating === 5)).toBe(true);
    const rated = records.filter((r) => r.rating !== null);
    expect(rated.filter((r) => r.rating === 1).length / rated.length).toBeGreaterThan(0.98);
  });
});
