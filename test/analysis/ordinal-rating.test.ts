import { describe, expect, it } from 'vitest';
import {
  cumulativeRatingProbabilities,
  cutpointsFromWeights,
  ratingFromUniform,
  ratingProbabilities,
} from '../../src/analysis/ordinal-rating.js';
import { Rng } from '../../src/sim/rng.js';

const CUTPOINTS = [-0.5, 0.8, 1.9, 3.1];

describe('ratingProbabilities', () => {
  it('follows P(rating <= k) = 1 / (1 + exp(-(t_k - eta))) and adds up to 1', () => {
    for (const eta of [-2, 0, 0.7, 3]) {
      const p = ratingProbabilities(CUTPOINTS, eta);
      expect(p).toHaveLength(5);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      let cumulative = 0;
      CUTPOINTS.forEach((t, k) => {
        cumulative += p[k]!;
        expect(cumulative).toBeCloseTo(1 / (1 + Math.exp(-(t - eta))), 12);
      });
    }
  });

  it('moves probability towards 5 (very dissatisfied) as eta grows', () => {
    const mean = (eta: number) => ratingProbabilities(CUTPOINTS, eta).reduce((m, p, k) => m + p * (k + 1), 0);
    expect(mean(1)).toBeGreaterThan(mean(0));
    expect(mean(0)).toBeGreaterThan(mean(-1));
    expect(ratingProbabilities(CUTPOINTS, 60)[4]).toBeCloseTo(1, 9);
  });

  it('gives a level between equal cutpoints probability 0', () => {
    expect(ratingProbabilities([0, 1, 1, 2], 0.3)[2]).toBe(0);
    expect(cumulativeRatingProbabilities([0, 1, 1, 2], 0.3)[1]).toBe(
      cumulativeRatingProbabilities([0, 1, 1, 2], 0.3)[2],
    );
  });
});

describe('cutpointsFromWeights', () => {
  it('turns a rating table into cutpoints that reproduce it at eta 0', () => {
    const weights = [0.3, 0.12, 0.05, 0.02, 0.01];
    const total = weights.reduce((a, b) => a + b, 0);
    const p = ratingProbabilities(cutpointsFromWeights(weights), 0);
    p.forEach((x, k) => {
      expect(x).toBeCloseTo(weights[k]! / total, 12);
    });
  });

  it('gives the documented example', () => {
    const t = cutpointsFromWeights([0.5, 0.3, 0.1, 0.05, 0.05]);
    [0, 1.386, 2.197, 2.944].forEach((x, k) => {
      expect(t[k]).toBeCloseTo(x, 3);
    });
  });

  it('keeps cutpoints finite when the first or last rating has weight 0', () => {
    const t = cutpointsFromWeights([0, 1, 1, 1, 0]);
    expect(t.every(Number.isFinite)).toBe(true);
    const p = ratingProbabilities(t, 0);
    expect(p[0]).toBeLessThan(1e-8);
    expect(p[4]).toBeLessThan(1e-8);
    expect(p[2]).toBeCloseTo(1 / 3, 8);
  });

  it('refuses anything but five weights >= 0 with a positive total', () => {
    expect(() => cutpointsFromWeights([1, 1, 1, 1])).toThrow(RangeError);
    expect(() => cutpointsFromWeights([0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => cutpointsFromWeights([1, -1, 1, 1, 1])).toThrow(RangeError);
  });
});

describe('ratingFromUniform', () => {
  it('draws each rating with its model probability (200 000 draws, within 0.005)', () => {
    const rng = new Rng(11);
    const eta = 0.4;
    const n = 200_000;
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i += 1) counts[ratingFromUniform(CUTPOINTS, eta, rng.next()) - 1]! += 1;
    const p = ratingProbabilities(CUTPOINTS, eta);
    counts.forEach((c, k) => {
      expect(Math.abs(c / n - p[k]!)).toBeLessThan(0.005);
    });
  });

  it('gives 1 for u = 0 and 5 for u just below 1', () => {
    expect(ratingFromUniform(CUTPOINTS, 0, 0)).toBe(1);
    expect(ratingFromUniform(CUTPOINTS, 0, 1 - 1e-12)).toBe(5);
  });
});
