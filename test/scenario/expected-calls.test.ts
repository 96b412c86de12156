import { describe, expect, it } from 'vitest';
import { expectedCallsPerDay, expectedCallsPerHour, hourlyShares } from '../../src/scenario/expected-calls.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';

const profile = Array.from({ length: 24 }, (_, h) => (h === 9 ? 20 : 80 / 23));
const daily = {
  calls_per_day: 1000,
  hourly_profile_pct: profile,
  day_of_week_factor: { Mon: 1.2 },
  day_noise_cv: 0.1,
  surges: [],
};

describe('expectedCallsPerHour', () => {
  it('spreads calls per day × the weekday factor by the hourly profile', () => {
    const demand = daily as unknown as Scenario['demand'];
    expect(expectedCallsPerDay(demand, 'Mon')).toBe(1200);
    expect(expectedCallsPerDay(demand, 'Tue')).toBe(1000);
    const hours = expectedCallsPerHour(demand, 'Mon');
    expect(hours).toHaveLength(24);
    expect(hours[9]).toBeCloseTo(240, 9);
    expect(hours.reduce((a, b) => a + b, 0)).toBeCloseTo(1200, 9);
  });

  it('gives a constant rate the same calls every hour', () => {
    const demand = { calls_per_hour: 30, day_noise_cv: 0, surges: [] } as unknown as Scenario['demand'];
    expect(hourlyShares(demand)).toEqual(new Array(24).fill(1 / 24));
    expect(expectedCallsPerHour(demand, 'Sun')[0]).toBeCloseTo(30, 9);
  });
});
