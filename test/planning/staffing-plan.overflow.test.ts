import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { callsPerHourOfDay } from '../../src/planning/busiest-day-demand.js';
import { planStaffing, type StaffingPlan } from '../../src/planning/staffing-plan.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const hybrid = loadScenario('midsize-city-hybrid', process.cwd(), SCENARIOS_DIR).scenario;
const OPTIONS = { seed: 12345, replications: 2 } as const;

describe('planStaffing on midsize-city-hybrid (city staff, a contractor after 10 s)', () => {
  let plan: StaffingPlan;
  let sunday: StaffingPlan;
  beforeAll(async () => {
    plan = await planStaffing(hybrid, OPTIONS);
    sunday = await planStaffing(hybrid, { ...OPTIONS, day: 'Sun' });
  }, 120_000);

  it('plans both pools, in routing order, each with agents in every hour that has calls', () => {
    expect(plan.pools.map((p) => [p.name, p.role, p.minWaitSec])).toEqual([
      ['city-staff', 'primary', 0],
      ['vendor-overflow', 'overflow', 10],
    ]);
    for (const p of plan.pools) {
      expect(p.agentsByHour).toHaveLength(24);
      plan.hours.forEach((h, hour) => {
        if (h.callsPerHour > 0) expect(p.agentsByHour[hour], `${p.name} ${hour}:00`).toBeGreaterThan(0);
      });
      expect(p.agentsByHour).toEqual(p.onPhone.map((n) => Math.ceil(n / (1 - p.shrinkage) - 1e-9)));
    }
  });

  it('meets the targets it claims in every hour of the confirming simulation (judged on the means)', () => {
    expect(plan.meetsTarget).toBe(true);
    for (const h of plan.hours) {
      expect(h.verdict, `hour ${h.hour}`).not.toBe('miss');
      expect(h.serviceLevel.mean, `hour ${h.hour}`).toBeGreaterThanOrEqual(plan.targets.serviceLevel);
      expect(h.abandonRate.mean, `hour ${h.hour}`).toBeLessThanOrEqual(plan.targets.maxAbandonRate);
    }
    expect(plan.overall.scenario.serviceLevel.mean).toBeGreaterThan(plan.targets.serviceLevel);
  });

  it('adds the pools up in the hours and the totals, each pool at its own price', () => {
    plan.hours.forEach((h, hour) => {
      expect(h.scheduled).toBe(plan.pools[0]!.agentsByHour[hour]! + plan.pools[1]!.agentsByHour[hour]!);
      expect(h.onPhone).toBe(plan.pools[0]!.onPhone[hour]! + plan.pools[1]!.onPhone[hour]!);
    });
    const [city, vendor] = plan.pools;
    expect(city!.totals.costPerYear).toBeCloseTo(80000 * city!.totals.fte, 3);
    expect(vendor!.totals.costPerYear).toBeCloseTo(61500 * vendor!.totals.fte, 3);
    expect(plan.totals.plan.costPerYear).toBeCloseTo(city!.totals.costPerYear + vendor!.totals.costPerYear, 3);
  });

  it("keeps the primary at its share's analytic size and revises only the overflow pool", () => {
    expect(plan.pools[0]!.onPhone).toEqual(plan.pools[0]!.analyticOnPhone);
    expect(plan.rounds.every((r) => r.onPhone.length === 24)).toBe(true);
  });

  it("plans a weekday for that weekday's demand: Sunday (factor 0.78) needs fewer agents than the busiest day (Monday, 1.15)", () => {
    expect(sunday.day).toBe('Sun');
    expect(sunday.hours[10]!.callsPerHour).toBeCloseTo(callsPerHourOfDay(hybrid, 'Mon')[10]! * (0.78 / 1.15), 6);
    expect(sunday.meetsTarget).toBe(true);
    for (const i of [0, 1]) {
      const sun = sunday.pools[i]!.agentsByHour.reduce((a, b) => a + b, 0);
      const busiest = plan.pools[i]!.agentsByHour.reduce((a, b) => a + b, 0);
      expect(sun, plan.pools[i]!.name).toBeLessThan(busiest);
    }
    expect(sunday.hours[10]!.scheduled).toBeLessThan(plan.hours[10]!.scheduled);
  });
});
