import { describe, expect, it } from 'vitest';
import { fitPatience } from '../../src/analysis/fit-patience.js';
import { exponential, lognormal, type Sampler } from '../../src/sim/distributions.js';
import { Rng } from '../../src/sim/rng.js';
import { distributionSchema } from '../../src/scenario/scenario-schema.js';

/** Callers of whom `shortShare` hang up at the announcement (uniform 0–4 s), the rest with `patience`. */
function waits(patience: Sampler, shortShare: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const offered = exponential(60);
  const events: number[] = [];
  const censored: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const p = rng.next() < shortShare ? 4 * rng.next() : patience(rng);
    const w = offered(rng);
    if (p < w) events.push(p);
    else censored.push(w);
  }
  return { events, censored };
}

describe('fitPatience', () => {
  for (const seed of [21, 22, 23]) {
    it(`separates 8 % announcement hang-ups and fits the rest (lognormal mean 150, cv 1), seed ${seed}`, () => {
      const { events, censored } = waits(lognormal(150, 1), 0.08, 40_000, seed);
      const fit = fitPatience(events, censored);
      expect(Math.abs(fit.shortAbandonShare - 0.08)).toBeLessThan(0.015);
      expect(fit.fits!.best.family).toBe('lognormal');
      expect(Math.abs(fit.fits!.best.mean / 150 - 1)).toBeLessThan(0.1);
      expect(fit.spec!.dist).toBe('empirical');
      const spec = fit.spec as { values: readonly number[]; weights: readonly number[] };
      const shortWeight = spec.values.reduce((s, v, i) => s + (v < 5 ? spec.weights[i]! : 0), 0);
      expect(Math.abs(shortWeight - 0.08)).toBeLessThan(0.02);
      expect(distributionSchema.safeParse(fit.spec).success).toBe(true);
    });
  }

  it('writes the parametric fit alone when there are no announcement hang-ups', () => {
    const { events, censored } = waits(exponential(120), 0, 30_000, 5);
    const fit = fitPatience(events, censored);
    expect(fit.shortAbandonShare).toBeLessThan(0.005);
    expect(fit.spec!.dist).not.toBe('empirical');
    expect(fit.events + fit.censored).toBe(30_000);
  });

  it('has no spec when nobody abandoned', () => {
    const fit = fitPatience([], [10, 20]);
    expect(fit.spec).toBeNull();
    expect(fit.fits).toBeNull();
  });
});
