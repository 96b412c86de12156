import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/analysis/nelder-mead.js';

describe('nelderMead', () => {
  it("finds Rosenbrock's minimum at (1, 1)", () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const min = nelderMead(rosenbrock, [-1.2, 1], { tolerance: 1e-14, maxIterations: 5000 });
    expect(min.x[0]).toBeCloseTo(1, 3);
    expect(min.x[1]).toBeCloseTo(1, 3);
  });

  it('treats non-finite values as outside the domain', () => {
    const f = ([x]: readonly number[]) => (x! <= 0 ? Number.NaN : (Math.log(x!) - 1) ** 2);
    expect(nelderMead(f, [0.5]).x[0]).toBeCloseTo(Math.E, 3);
  });
});
