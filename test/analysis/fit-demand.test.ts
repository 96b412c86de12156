import { describe, expect, it } from 'vitest';
import { fitDayNoise, fitDemand, roundToTotal } from '../../src/analysis/fit-demand.js';

const counts = (daily: number[], firstWeekday = 0) => ({
  daily,
  firstWeekday,
  hourly: Array.from({ length: 24 }, (_, h) => (h === 9 ? 3 : h === 10 ? 1 : 0)),
  byType: new Map([
    ['consult', 2],
    ['complaint', 1],
  ]),
});

describe('fitDemand', () => {
  it('takes calls per day as the mean over the days, zero days included, and weekday factors against it', () => {
    // Two weeks from a Monday: weekdays 100, weekends 40 (and one Sunday without calls).
    const week = [100, 100, 100, 100, 100, 40, 40];
    const fit = fitDemand(counts([...week, ...week.slice(0, 6), 0]));
    expect(fit.callsPerDay).toBe(80);
    expect(fit.dayOfWeekFactor[0]).toBe(1.25);
    expect(fit.dayOfWeekFactor[6]).toBe(0.25);
    expect(fit.daysByWeekday).toEqual([2, 2, 2, 2, 2, 2, 2]);
    // Only Sunday varies (40 and 0): SD 28.28 over √2 days, relative to 80 calls a day.
    expect(fit.dayOfWeekFactorSeMax).toBeCloseTo(Math.sqrt(800) / Math.sqrt(2) / 80, 12);
  });

  it('leaves out the weekdays not observed, counting weekdays from the first day', () => {
    const fit = fitDemand(counts([10, 20, 30], 4)); // Fri, Sat, Sun
    expect(fit.dayOfWeekFactor).toEqual([null, null, null, null, 0.5, 1, 1.5]);
    expect(fit.dayOfWeekFactorSeMax).toBeNaN();
  });

  it('gives the hourly profile in percent adding up to 100, and call types by share, most frequent first', () => {
    const fit = fitDemand(counts([3]));
    expect(fit.hourlyProfilePct[9]).toBe(75);
    expect(fit.hourlyProfilePct.reduce((a, b) => a + b, 0)).toBe(100);
    expect(fit.callTypeMix).toEqual([
      { name: 'consult', share: 0.6667, calls: 2 },
      { name: 'complaint', share: 0.3333, calls: 1 },
    ]);
  });
});

describe('fitDayNoise', () => {
  const flat = () => 0;
  it('finds no noise when the days vary less than Poisson counts would', () => {
    expect(fitDayNoise([100, 101, 99, 100], flat, [1]).cv).toBe(0);
  });

  it('is the method of moments: CV² = (s² − m) / m² on flat weekdays', () => {
    const daily = [80, 120, 90, 110];
    const m = 100;
    const s2 = (400 + 400 + 100 + 100) / 3;
    const fit = fitDayNoise(daily, flat, [1]);
    expect(fit.cv).toBeCloseTo(Math.sqrt((s2 - m) / (m * m)), 12);
    expect(fit.dispersionIndex).toBeCloseTo(s2 / m, 12);
  });

  it('divides out weekday factors and loses one degree of freedom per weekday mean', () => {
    // Weekday 0 at factor 2, weekday 1 at factor 0.5: adjusted counts 80, 120, 90, 110 as above.
    const daily = [160, 60, 180, 55];
    const fit = fitDayNoise(daily, (d) => d % 2, [2, 0.5]);
    const adjusted = [80, 120, 90, 110];
    const m = 100;
    const s2 = adjusted.reduce((a, x) => a + (x - m) ** 2, 0) / (4 - 2);
    const poisson = m * ((0.5 + 2 + 0.5 + 2) / 4);
    expect(fit.cv).toBeCloseTo(Math.sqrt((s2 - poisson) / (m * m)), 12);
  });

  it('cannot estimate with one day per weekday: 0, with a NaN dispersion index', () => {
    const fit = fitDayNoise([10, 30], (d) => d, [0.5, 1.5]);
    expect(fit).toEqual({ cv: 0, days: 2, dispersionIndex: Number.NaN });
  });
});

describe('roundToTotal', () => {
  it('rounds, the largest value taking the rest so the sum is exact', () => {
    const thirds = roundToTotal([1 / 3, 1 / 3, 1 / 3], 1, 4);
    expect(thirds.reduce((a, b) => a + b, 0)).toBe(1);
    expect(thirds).toEqual([0.3334, 0.3333, 0.3333]);
  });
});
