import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src/analysis/contract-assessment.js';
import type { Kpis } from '../../src/analysis/kpis.js';
import { scenarioCost } from '../../src/planning/costs.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const scenario = parseScenario(
  `name: One vendor
horizon: { days: 1 }
demand: { calls_per_hour: 100 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
pools: [{ name: vendor-a, pool: outsourced, skills: [g], agents: 10, cost: { per_agent_hour: 10 } }]
penalties: { per_point_below_service_level: 1000 }
targets: { answer_within_sec: 15, service_level: 0.8, abandon_rate_max: 0.05 }
`,
  'one.yaml',
);

const contract: Contract = {
  name: 'Vendor A',
  group: ['vendor-a'],
  currency: 'RMB',
  period: 'month',
  judge_on: 'point',
  price: { fixed_per_month: 0, per_agent_hour: 30, per_answered_call: 0 },
  targets: { answer_within_sec: 15, service_level_min: 0.9, satisfaction_definition: 'strict' },
  penalties: { service_level: { per_point: 10_000, fixed: 0 }, cap_share_of_price: null },
};

const kpis = {
  offered: 2400,
  answered: 2300,
  abandoned: 100,
  answerRate: 2300 / 2400,
  abandonRate: 100 / 2400,
  serviceLevel: { '15': 0.85 },
  // Contracts are judged on the exact counts: 2,040 of 2,400 is 85 %.
  counts: { 'serviceLevel.15': { numerator: 2040, denominator: 2400 } },
} as unknown as Kpis;

describe('scenarioCost', () => {
  it('keeps staff cost, contract price, contract penalties and the scenario rule apart (hand-computed)', () => {
    const withContract = { ...scenario, contractTerms: [{ file: 'vendor-a.yaml', contract, pools: ['vendor-a'] }] };
    const cost = scenarioCost(withContract, 0, 86400, kpis, [kpis]);
    // Staff: 10 agents × 24 h × 10 RMB × 365 days.
    expect(cost.staffPerYear).toBeCloseTo(876_000, 4);
    // One day stands for a month (×30.42): 240 agent hours → 7,300 per month × 30 RMB, ×12 a year.
    expect(cost.contracts[0]!.scale).toBeCloseTo(365 / 12, 9);
    expect(cost.contracts[0]!.assessment.price.total).toBeCloseTo(219_000, 4);
    expect(cost.contractPricePerYear).toBeCloseTo(2_628_000, 4);
    // 5 points below 90 % × 10,000 per month, ×12.
    expect(cost.contractPenaltyPerYear).toBeCloseTo(600_000, 4);
    // The scenario rule: 85 % meets its 80 % target, so nothing.
    expect(cost.penaltyPerYear).toBe(0);
    expect(cost.perYear).toBeCloseTo(876_000 + 2_628_000 - 600_000, 4);
  });

  it('without contracts, perYear is staff cost plus the scenario rule, as before', () => {
    const low = { ...kpis, serviceLevel: { '15': 0.75 } } as Kpis;
    const cost = scenarioCost(scenario, 0, 86400, low);
    expect(cost.contracts).toEqual([]);
    expect(cost.contractPricePerYear).toBe(0);
    expect(cost.penaltyPerYear).toBeCloseTo(5000, 6);
    expect(cost.perYear).toBeCloseTo(876_000 + 5000, 4);
  });
});
