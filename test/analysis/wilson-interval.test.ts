import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/analysis/wilson-interval.js';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson score).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i gives Newcombe’s [%f, %f]', (k, n, low, high) => {
    const i = wilsonInterval(k, n);
    expect(i.low).toBeCloseTo(low, 4);
    expect(i.high).toBeCloseTo(high, 4);
  });

  it('stays inside [0, 1] at 0 % and 100 %', () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.27753, 5) });
    const all = wilsonInterval(10, 10);
    expect(all.low).toBeCloseTo(0.72247, 5);
    expect(all.high).toBe(1);
  });

  it('gives 90 of 100 as [0.8256, 0.9448] (the interval contracts are judged on)', () => {
    const i = wilsonInterval(90, 100);
    expect(i.low).toBeCloseTo(0.82564, 4);
    expect(i.high).toBeCloseTo(0.94478, 4);
  });

  it('is undefined (NaN) without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: NaN, high: NaN });
  });
});
