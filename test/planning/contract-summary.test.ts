import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseContracts } from '../../src/planning/contract-summary.js';
import { simulate } from '../../src/planning/run-scenario.js';
import { loadContract } from '../../src/scenario/load-contract.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const base = parseScenario(
  `name: Short-staffed vendor
horizon: { days: 0.5 }
demand: { calls_per_hour: 120 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers: { patience_sec: { dist: exponential, mean: 60 } }
pools: [{ name: vendor-a, pool: outsourced, skills: [g], agents: 5 }]
`,
  's.yaml',
);
const contract = loadContract(resolve('contracts/vendor-a.yaml'));

describe('summariseContracts', () => {
  it('summarises each contract over replications: targets missed, penalties capped, and how the window stands for the period', () => {
    const scenario = { ...base, contractTerms: [{ file: 'vendor-a.yaml', contract, pools: ['vendor-a'] }] };
    const summary = simulate(scenario, { seed: 3, replications: 3 });
    const [c] = summariseContracts(summary.replications);
    expect(c).toMatchObject({
      name: contract.name,
      file: 'vendor-a.yaml',
      period: 'month',
      judgeOn: 'point',
      capped: 3,
    });
    expect(c!.note).toMatch(
      /^each replication's window \(0\.5 simulated days\) is assessed as one month \(30\.42 days\)/,
    );
    const sl = c!.targets.find((t) => t.target === 'service_level')!;
    expect(sl).toMatchObject({ missed: 3, judged: 3, min: 0.9, max: null });
    // Capped at 10 % of the price: 5 agents around the clock × 28.8 RMB for a month.
    expect(c!.pricePerPeriod.mean).toBeCloseTo(5 * 24 * 28.8 * (365 / 12), 4);
    expect(c!.penaltyPerPeriod.mean).toBeCloseTo(0.1 * c!.pricePerPeriod.mean, 4);
    expect(c!.payablePerPeriod.mean).toBeCloseTo(0.9 * c!.pricePerPeriod.mean, 4);
  });

  it('is empty for a scenario without contracts', () => {
    expect(summariseContracts(simulate(base, { seed: 3, replications: 1 }).replications)).toEqual([]);
  });
});
