import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { hourlyShifts, planStaffingWeek, withWeeklyPools } from '../../src/planning/weekly-staffing-plan.js';
import { scheduledAgentsAt } from '../../src/scenario/pool-schedule.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { scenarioSchema, WEEKDAYS } from '../../src/scenario/scenario-schema.js';

const hybrid = loadScenario('midsize-city-hybrid', process.cwd(), SCENARIOS_DIR).scenario;
type Week = Record<(typeof WEEKDAYS)[number], number[]>;

describe('hourlyShifts', () => {
  it('turns runs of equal headcount into shifts and merges weekdays with the same shift', () => {
    const day = [0, 2, 2, 3, ...Array(20).fill(0)];
    const week = Object.fromEntries(WEEKDAYS.map((d) => [d, d === 'Sun' ? Array(24).fill(1) : day])) as Week;
    expect(hourlyShifts(week)).toEqual([
      { start_hour: 0, hours: 24, agents: 1, days: ['Sun'] },
      { start_hour: 1, hours: 2, agents: 2, days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] },
      { start_hour: 3, hours: 1, agents: 3, days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] },
    ]);
  });

  it('schedules, through the scenario, exactly the headcount of each weekday and hour', () => {
    const week = Object.fromEntries(
      WEEKDAYS.map((d, i) => [d, Array.from({ length: 24 }, (_, h) => (h * 7 + i * 3) % 11)]),
    ) as Week;
    const pool = { ...hybrid.pools[0]!, agents_by_hour: undefined, shifts: hourlyShifts(week) };
    for (let t = 0; t < 7 * 24; t += 1)
      expect(scheduledAgentsAt(pool, t * 3600, 'Mon'), `hour ${t}`).toBe(week[WEEKDAYS[Math.floor(t / 24)]!][t % 24]);
  });
});

describe('planStaffingWeek on midsize-city-hybrid', () => {
  it('plans each weekday for its own demand and simulates the week roster as a valid scenario', async () => {
    const week = await planStaffingWeek(hybrid, { seed: 3, replications: 2, maxRounds: 2, designDays: 2 });
    expect(Object.keys(week.days)).toEqual([...WEEKDAYS]);
    expect(week.pools.map((p) => p.name)).toEqual(['city-staff', 'vendor-overflow']);
    const city = week.pools[0]!;
    const total = (d: (typeof WEEKDAYS)[number]) => city.agentsByDay[d].reduce((a, b) => a + b, 0);
    expect(total('Mon')).toBeGreaterThan(total('Sun'));
    expect(total('Thu')).toBe(total('Fri'));
    expect(city.agentsByDay.Tue).toEqual(week.days.Tue.pools[0]!.agentsByHour);
    expect(() => scenarioSchema.parse(withWeeklyPools(hybrid, week.pools))).not.toThrow();
    expect(week.overall.scenario.offered.mean).toBeGreaterThan(0);
    expect(week.totals.plan.costPerYear).toBeCloseTo(
      week.pools[0]!.totals.costPerYear + week.pools[1]!.totals.costPerYear,
      3,
    );
  }, 180_000);
});
