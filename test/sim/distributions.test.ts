import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { sampler, specMean, type DistributionSpec } from '../../src/sim/distributions.js';
import { Rng, streamSeed } from '../../src/sim/rng.js';

function moments(spec: DistributionSpec, n = 200_000): { mean: number; cv: number; min: number } {
  const draw = sampler(spec, 'test');
  const rng = new Rng(42);
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  for (let i = 0; i < n; i += 1) {
    const x = draw(rng);
    sum += x;
    sq += x * x;
    min = Math.min(min, x);
  }
  const mean = sum / n;
  return { mean, cv: Math.sqrt(sq / n - mean * mean) / mean, min };
}

describe('distributions', () => {
  it.each([
    [{ dist: 'exponential', mean: 120 } as const, 120, 1],
    [{ dist: 'lognormal', mean: 270, cv: 1 } as const, 270, 1],
    [{ dist: 'lognormal', mean: 60, cv: 0.5 } as const, 60, 0.5],
    [{ dist: 'gamma', mean: 180, cv: 0.7 } as const, 180, 0.7],
    [{ dist: 'gamma', mean: 1, cv: 2 } as const, 1, 2],
  ])('%o has the asked mean and coefficient of variation', (spec, mean, cv) => {
    const m = moments(spec);
    expect(m.mean).toBeGreaterThan(mean * 0.98);
    expect(m.mean).toBeLessThan(mean * 1.02);
    expect(m.cv).toBeGreaterThan(cv * 0.95);
    expect(m.cv).toBeLessThan(cv * 1.05);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(specMean(spec)).toBe(mean);
  });

  it('draws empirical values by weight', () => {
    const draw = sampler({ dist: 'empirical', values: [10, 20, 30], weights: [1, 2, 7] }, 'test');
    const rng = new Rng(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i += 1) {
      const x = draw(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect((counts.get(30) ?? 0) / 100_000).toBeCloseTo(0.7, 1);
    expect(specMean({ dist: 'empirical', values: [10, 20, 30], weights: [1, 2, 7] })).toBeCloseTo(26, 9);
  });

  it('rejects a negative mean with the field named', () => {
    expect(() => sampler({ dist: 'exponential', mean: -1 }, 'callers.patience_sec')).toThrow(
      /callers\.patience_sec\.mean must be a positive number/,
    );
  });
});

describe('random streams', () => {
  it('repeat for a seed and differ between streams and replications', () => {
    const a = new Rng(streamSeed(7, 'arrivals', 0));
    const b = new Rng(streamSeed(7, 'arrivals', 0));
    const c = new Rng(streamSeed(7, 'patience', 0));
    const d = new Rng(streamSeed(7, 'arrivals', 1));
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
    expect(seq(d)).not.toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });
});

describe('event queue', () => {
  it('pops by time, then priority, then insertion order', () => {
    const q = new EventQueue(2);
    q.push(5, 1, 1, 0);
    q.push(5, 0, 2, 0);
    q.push(1, 9, 3, 0);
    q.push(5, 1, 4, 0);
    q.push(3, 0, 5, 0);
    const kinds: number[] = [];
    while (q.pop()) kinds.push(q.kind);
    expect(kinds).toEqual([3, 5, 2, 1, 4]);
  });
});
