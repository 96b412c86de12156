import { describe, expect, it } from 'vitest';
import { WaitHistogram } from '../../src/analysis/wait-histogram.js';

describe('WaitHistogram', () => {
  it('gives bin-exact quantiles for short and long waits alike (bins grow past 102.4 s as needed)', () => {
    const h = new WaitHistogram(3600);
    for (const w of [0, 1.05, 50, 200, 3000, 5000]) h.add(w);
    expect(h.quantile(1 / 6)).toBe(0);
    expect(h.quantile(2 / 6)).toBeCloseTo(1.1, 10);
    expect(h.quantile(4 / 6)).toBeCloseTo(200.1, 10);
    expect(h.quantile(5 / 6)).toBeCloseTo(3000.1, 10);
    expect(h.quantile(1)).toBe(5000);
    expect(h.shareAtMost(100)).toBeCloseTo(3 / 6, 12);
    expect(h.shareAtMost(3600)).toBeCloseTo(5 / 6, 12);
  });

  it('merges histograms whose bins grew to different lengths', () => {
    const a = new WaitHistogram(3600);
    const b = new WaitHistogram(3600);
    a.add(10);
    b.add(2000);
    b.add(3599.9);
    a.merge(b);
    expect(a.count).toBe(3);
    expect(a.quantile(2 / 3)).toBeCloseTo(2000.1, 10);
    expect(a.max).toBe(3599.9);
  });
});
