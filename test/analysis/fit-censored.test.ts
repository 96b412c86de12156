import { describe, expect, it } from 'vitest';
import { fitCensored, kaplanMeier, kmQuantile, kmSurvival } from '../../src/analysis/fit-censored.js';
import { exponential, gamma, lognormal, type Sampler } from '../../src/sim/distributions.js';
import { Rng } from '../../src/sim/rng.js';

/** A queue seen from its records: each caller's patience against the wait the queue offered them. */
function queue(patience: Sampler, offeredWait: Sampler, n: number, seed: number) {
  const rng = new Rng(seed);
  const events: number[] = [];
  const censored: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const p = patience(rng);
    const w = offeredWait(rng);
    if (p < w) events.push(p);
    else censored.push(w);
  }
  return { events, censored };
}

describe('kaplanMeier', () => {
  it('matches the textbook estimate, events before censored at equal times', () => {
    // Times 1, 2, 2 (censored), 3, 4 (censored): S(1) = 4/5, S(2) = 4/5 × 3/4 (4 at risk), S(3) = 3/5 × 1/2.
    const km = kaplanMeier([1, 2, 3], [2, 4]);
    expect(km.times).toEqual([1, 2, 3]);
    expect(km.survival[0]).toBeCloseTo(0.8, 12);
    expect(km.survival[1]).toBeCloseTo(0.8 * (1 - 1 / 4), 12);
    expect(km.survival[2]).toBeCloseTo(0.6 * (1 - 1 / 2), 12);
    expect(kmSurvival(km, 0.5)).toBe(1);
    expect(kmSurvival(km, 2.5)).toBeCloseTo(0.6, 12);
    expect(kmQuantile(km, 0.5)).toBe(3);
    expect(kmQuantile(km, 0.9)).toBeNull();
  });
});

describe('fitCensored', () => {
  for (const seed of [11, 12, 13]) {
    it(`recovers exponential patience (mean 120 s) where the naive mean of abandon times is far off, seed ${seed}`, () => {
      const { events, censored } = queue(exponential(120), exponential(40), 40_000, seed);
      const naive = events.reduce((s, t) => s + t, 0) / events.length;
      expect(naive).toBeLessThan(60);
      const fits = fitCensored(events, censored)!;
      expect(Math.abs(fits.exponential.mean / 120 - 1)).toBeLessThan(0.05);
      // Exponential data: the richer families find the same mean and cv ≈ 1.
      expect(Math.abs(fits.gamma.mean / 120 - 1)).toBeLessThan(0.08);
      expect(Math.abs(fits.gamma.cv - 1)).toBeLessThan(0.08);
    });

    it(`recovers lognormal patience (mean 180 s, cv 1.2) and prefers lognormal, seed ${seed}`, () => {
      const { events, censored } = queue(lognormal(180, 1.2), exponential(90), 40_000, seed);
      const fits = fitCensored(events, censored)!;
      expect(fits.best.family).toBe('lognormal');
      expect(Math.abs(fits.lognormal.mean / 180 - 1)).toBeLessThan(0.08);
      expect(Math.abs(fits.lognormal.cv / 1.2 - 1)).toBeLessThan(0.08);
    });

    it(`recovers gamma patience (mean 150 s, cv 0.5) and prefers gamma, seed ${seed}`, () => {
      const { events, censored } = queue(gamma(150, 0.5), exponential(120), 40_000, seed);
      const fits = fitCensored(events, censored)!;
      expect(fits.best.family).toBe('gamma');
      expect(Math.abs(fits.gamma.mean / 150 - 1)).toBeLessThan(0.05);
      expect(Math.abs(fits.gamma.cv / 0.5 - 1)).toBeLessThan(0.08);
    });
  }

  it('agrees with Kaplan–Meier where both see the data', () => {
    const { events, censored } = queue(lognormal(180, 1.2), exponential(90), 20_000, 3);
    const km = kaplanMeier(events, censored);
    const fit = fitCensored(events, censored)!.best;
    for (const t of [10, 30, 60, 120]) expect(Math.abs(1 - kmSurvival(km, t) - fit.cdf(t))).toBeLessThan(0.02);
  });

  it('is null without events', () => {
    expect(fitCensored([], [5, 10])).toBeNull();
  });
});
