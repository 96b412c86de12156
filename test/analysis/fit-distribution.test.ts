import { describe, expect, it } from 'vitest';
import {
  fitPositive,
  gammaShapeMle,
  ksPValue,
  ksStatistic,
  thinEmpirical,
} from '../../src/analysis/fit-distribution.js';
import { gamma, lognormal, type Sampler } from '../../src/sim/distributions.js';
import { Rng } from '../../src/sim/rng.js';
import { distributionSchema } from '../../src/scenario/scenario-schema.js';

function draw(sampler: Sampler, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => sampler(rng));
}

describe('fitPositive', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers a lognormal's mean and cv (within 3 %) and chooses lognormal, seed ${seed}`, () => {
      const fit = fitPositive(draw(lognormal(270, 1), 20_000, seed))!;
      expect(fit.spec.dist).toBe('lognormal');
      const spec = fit.spec as { mean: number; cv: number };
      expect(Math.abs(spec.mean / 270 - 1)).toBeLessThan(0.03);
      expect(Math.abs(spec.cv - 1)).toBeLessThan(0.03);
      expect(fit.gof.ksD).toBeLessThan(fit.gof.critical05 * 1.5);
      expect(distributionSchema.safeParse(fit.spec).success).toBe(true);
    });

    it(`recovers a gamma's mean and cv (within 3 %) and chooses gamma, seed ${seed}`, () => {
      const fit = fitPositive(draw(gamma(180, 0.6), 20_000, seed))!;
      expect(fit.spec.dist).toBe('gamma');
      const spec = fit.spec as { mean: number; cv: number };
      expect(Math.abs(spec.mean / 180 - 1)).toBeLessThan(0.03);
      expect(Math.abs(spec.cv / 0.6 - 1)).toBeLessThan(0.03);
    });
  }

  it('falls back to an empirical table for a two-humped sample, keeping its mean', () => {
    const a = draw(lognormal(60, 0.2), 5000, 4);
    const b = draw(lognormal(600, 0.2), 5000, 5);
    const both = Float64Array.from([...a, ...b]);
    const fit = fitPositive(both)!;
    expect(fit.spec.dist).toBe('empirical');
    const spec = fit.spec as { values: readonly number[]; weights: readonly number[] };
    expect(spec.values.length).toBeLessThanOrEqual(200);
    const total = spec.weights.reduce((s, w) => s + w, 0);
    const mean = spec.values.reduce((s, v, i) => s + v * spec.weights[i]!, 0) / total;
    expect(Math.abs(mean / fit.mean - 1)).toBeLessThan(1e-4);
    expect(fit.reason).toMatch(/KS D=.* > 0.03/);
    expect(distributionSchema.safeParse(fit.spec).success).toBe(true);
  });

  it('keeps a parametric family for a small sample even when it fits badly (N < 1000)', () => {
    const fit = fitPositive([10, 11, 12, 500, 510, 520, 10, 505])!;
    expect(fit.spec.dist).not.toBe('empirical');
  });

  it('ignores zero, negative and non-finite samples, and gives null with fewer than 2', () => {
    expect(fitPositive([0, -1, Number.NaN, 5])).toBeNull();
    expect(fitPositive([0, 5, 7, 9])!.n).toBe(3);
  });

  it('fits a million samples in one sort and linear passes', () => {
    const fit = fitPositive(draw(lognormal(300, 1.2), 1_000_000, 9))!;
    expect(fit.n).toBe(1_000_000);
    expect(fit.spec.dist).toBe('lognormal');
  });
});

describe('the pieces', () => {
  it('solves the gamma shape equation: ln k − ψ(k) = s', () => {
    // For k = 2: ψ(2) = 1 − γ, so s = ln 2 − 1 + 0.5772156649.
    expect(gammaShapeMle(Math.log(2) - 1 + 0.5772156649)).toBeCloseTo(2, 6);
  });

  it('computes KS D with ties as one jump of the empirical CDF', () => {
    // Uniform(0,1) CDF against {0.5, 0.5}: the ECDF jumps 0 → 1 at 0.5, D = 0.5.
    expect(ksStatistic([0.5, 0.5], (x) => x)).toBeCloseTo(0.5, 12);
    expect(ksStatistic([0.25, 0.75], (x) => x)).toBeCloseTo(0.25, 12);
  });

  it('gives the Kolmogorov tail: 5 % at the classic critical value', () => {
    const n = 10_000;
    const d = 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
    expect(ksPValue(d, n)).toBeCloseTo(0.05, 3);
  });

  it('thins to equal-count bins at their means', () => {
    const spec = thinEmpirical([1, 2, 3, 4, 5, 6], 3);
    expect(spec.values).toEqual([1.5, 3.5, 5.5]);
    expect(spec.weights).toEqual([2, 2, 2]);
  });
});
