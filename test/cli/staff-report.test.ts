import { beforeAll, describe, expect, it } from 'vitest';
import { renderPlan, renderWeek } from '../../src/cli/staff-report.js';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { planStaffing, type StaffingPlan } from '../../src/planning/staffing-plan.js';
import type { WeeklyStaffingPlan } from '../../src/planning/weekly-staffing-plan.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { WEEKDAYS } from '../../src/scenario/scenario-schema.js';

const hybrid = loadScenario('midsize-city-hybrid', process.cwd(), SCENARIOS_DIR).scenario;

describe('staff reports', () => {
  let plan: StaffingPlan;
  beforeAll(async () => {
    plan = await planStaffing(hybrid, { seed: 1, replications: 1, maxRounds: 1, designDays: 1, day: 'Wed' });
  }, 60_000);

  it("names both pools, their routing and the day planned, and prints each pool's agents_by_hour and totals", () => {
    const text = renderPlan(plan);
    expect(text).toContain('demand: Wed');
    expect(text).toMatch(/primary pool: city-staff \(in-house, priority 1\), sized for \d+ % of the calls/);
    expect(text).toMatch(/overflow pool: vendor-overflow \(outsourced, priority 2, after 10 s\)/);
    expect(text).toContain(`  city-staff agents_by_hour: [${plan.pools[0]!.agentsByHour.join(', ')}]`);
    expect(text).toMatch(/^ {4}vendor-overflow\s+[\d,]+\s+\d+\.\d\s+[\d,]+$/m);
  });

  it('prints a week as one hourly table per pool with a row per weekday', () => {
    const week: WeeklyStaffingPlan = {
      scenario: plan.scenario,
      day: 'all',
      days: Object.fromEntries(WEEKDAYS.map((d) => [d, plan])) as WeeklyStaffingPlan['days'],
      pools: plan.pools.map((p) => ({
        name: p.name,
        pool: p.pool,
        role: p.role,
        shrinkage: p.shrinkage,
        agentsByDay: Object.fromEntries(WEEKDAYS.map((d) => [d, p.agentsByHour])) as never,
        shifts: [],
        totals: p.totals,
      })),
      meetsTarget: false,
      totals: { plan: plan.totals.plan },
      overall: { scenario: plan.overall.scenario },
    };
    const text = renderWeek(week);
    expect(text).toContain('  city-staff (in-house): scheduled agents by hour');
    expect(text).toMatch(new RegExp(`^ {2}Sun\\s+${plan.pools[1]!.agentsByHour[0]}\\s`, 'm'));
    expect(text).toMatch(/^ {2}all pools\s+[\d,]+/m);
    expect(text).toContain('NOT CONFIRMED: Mon, Tue, Wed, Thu, Fri, Sat, Sun');
  });
});
