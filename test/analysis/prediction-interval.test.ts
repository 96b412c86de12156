import jstatPkg from 'jstat';
import { describe, expect, it } from 'vitest';
import { meanCi } from '../../src/analysis/confidence.js';
import {
  EMPIRICAL_PREDICTION_MIN_N,
  empiricalMinN,
  predictionInterval,
  sidakLevel,
} from '../../src/analysis/prediction-interval.js';
import { Rng } from '../../src/sim/rng.js';

const { jStat } = jstatPkg;

/** A standard normal draw (Box–Muller) from a seeded generator. */
const normal = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

describe('predictionInterval', () => {
  it('under 40 values: mean ± t(0.975, n − 1) · sd · √(1 + 1/n)', () => {
    const p = predictionInterval([1, 2, 3, 4, 5]);
    const half = jStat.studentt.inv(0.975, 4) * Math.sqrt(2.5) * Math.sqrt(1.2);
    expect(p).toMatchObject({ mean: 3, n: 5, method: 'student-t' });
    expect(p.low).toBeCloseTo(3 - half, 12);
    expect(p.high).toBeCloseTo(3 + half, 12);
  });

  it('from 40 values: the empirical 2.5 % and 97.5 % quantiles (linear between order statistics)', () => {
    const values = Array.from({ length: 41 }, (_, i) => 41 - i); // 1..41, unsorted
    const p = predictionInterval(values);
    expect(EMPIRICAL_PREDICTION_MIN_N).toBe(40);
    expect(p).toMatchObject({ mean: 21, n: 41, method: 'quantiles' });
    expect(p.low).toBeCloseTo(2, 12);
    expect(p.high).toBeCloseTo(40, 12);
    const forty = predictionInterval(Array.from({ length: 40 }, (_, i) => i));
    expect(forty.low).toBeCloseTo(39 * 0.025, 12);
    expect(forty.high).toBeCloseTo(39 * 0.975, 12);
  });

  it('is wider than the confidence interval of the mean, by about √(n + 1)', () => {
    const values = [10, 12, 9, 11, 13, 8, 10, 11];
    const p = predictionInterval(values);
    const ci = meanCi(values);
    expect((p.high - p.low) / (ci.ci[1] - ci.ci[0])).toBeCloseTo(Math.sqrt(values.length + 1), 10);
  });

  it('holds one more draw of the same process about 95 % of the time, for both methods', () => {
    const rng = new Rng(2026);
    for (const n of [10, 60]) {
      let inside = 0;
      const trials = 4000;
      for (let t = 0; t < trials; t += 1) {
        const p = predictionInterval(Array.from({ length: n }, () => 5 + 2 * normal(rng)));
        const next = 5 + 2 * normal(rng);
        if (next >= p.low && next <= p.high) inside += 1;
      }
      // Exact coverage is 95 % for the t interval and 95·(n − 1)/(n + 1) ≈ 93.4 % for 60 quantiles.
      expect(inside / trials).toBeGreaterThan(n === 10 ? 0.935 : 0.92);
      expect(inside / trials).toBeLessThan(n === 10 ? 0.965 : 0.95);
    }
  });

  it('leaves non-finite values out and gives NaN ends under 2 values', () => {
    expect(predictionInterval([1, Number.NaN, 3]).mean).toBe(2);
    const one = predictionInterval([Number.NaN, 4]);
    expect([one.mean, one.n, one.low, one.high]).toEqual([4, 1, Number.NaN, Number.NaN]);
    expect(predictionInterval([]).n).toBe(0);
  });
});

describe('sidakLevel and empiricalMinN', () => {
  it('gives k independent comparisons a family-wise level, and quantiles only with enough replications for it', () => {
    expect(sidakLevel(0.95, 1)).toBe(0.95);
    expect(sidakLevel(0.95, 10) ** 10).toBeCloseTo(0.95, 12);
    expect(empiricalMinN(0.95)).toBe(EMPIRICAL_PREDICTION_MIN_N);
    expect(empiricalMinN(sidakLevel(0.95, 10))).toBe(391);
    const values = Array.from({ length: 40 }, (_, i) => i);
    expect(predictionInterval(values, sidakLevel(0.95, 10)).method).toBe('student-t');
    expect(predictionInterval(values, 0.95).method).toBe('quantiles');
  });
});
