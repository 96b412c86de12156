import { describe, expect, it } from 'vitest';
import { minimise } from '../../src/analysis/minimise.js';

describe('minimise (fmin conjugate gradient, numeric gradient)', () => {
  it('finds the minimum of the Rosenbrock valley to 1e-4', () => {
    const rosenbrock = (x: number[]) =>
      100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2;
    const found = minimise(rosenbrock, [-1.2, 1]);
    expect(found.x[0]).toBeCloseTo(1, 4);
    expect(found.x[1]).toBeCloseTo(1, 4);
    expect(found.fx).toBeLessThan(1e-8);
  });

  it('never returns a point worse than the start', () => {
    const flat = () => 3;
    expect(minimise(flat, [5, 6])).toEqual({ x: [5, 6], fx: 3 });
  });
});
