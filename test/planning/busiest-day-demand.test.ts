import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { busiestDayCallsPerHour, callsPerHourOfDay } from '../../src/planning/busiest-day-demand.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const midsize = loadScenario('midsize-city-inhouse', process.cwd(), SCENARIOS_DIR).scenario;

describe('callsPerHourOfDay', () => {
  it("gives each weekday its day_of_week_factor's demand, and busiest the busiest day's", () => {
    const factors = { Mon: 1.15, Tue: 1.05, Wed: 1.02, Thu: 1.0, Fri: 1.0, Sat: 0.82, Sun: 0.78 } as const;
    const thursday = callsPerHourOfDay(midsize, 'Thu');
    for (const [day, factor] of Object.entries(factors))
      expect(callsPerHourOfDay(midsize, day as keyof typeof factors)[10]).toBeCloseTo(thursday[10]! * factor, 6);
    expect(callsPerHourOfDay(midsize, 'busiest')).toEqual(busiestDayCallsPerHour(midsize));
  });

  it('finds every weekday in a horizon shorter than a week', () => {
    const twoDays = { ...midsize, horizon: { days: 2, start_day: 'Mon' as const } };
    expect(callsPerHourOfDay(twoDays, 'Sun')[10]).toBeCloseTo(callsPerHourOfDay(midsize, 'Sun')[10]!, 9);
  });
});
