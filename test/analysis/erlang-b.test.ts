import { describe, expect, it } from 'vitest';
import { erlangB } from '../../src/analysis/erlang-b.js';

describe('erlangB', () => {
  // erlang.md §1: every row, to the six printed decimals.
  it.each([
    [1, 1, 0.5],
    [1, 2, 0.2],
    [10, 16, 0.022302],
    [10, 17, 0.012949],
    [10, 18, 0.007142],
    [25, 30, 0.052603],
    [20, 25, 0.050222],
  ])('A = %d, n = %d gives E_B = %f', (load, agents, expected) => {
    expect(erlangB(agents, load)).toBeCloseTo(expected, 6);
  });

  it('needs 17 lines for at most 2 % blocking at 10 Erlang (pyworkforce)', () => {
    expect(erlangB(16, 10)).toBeGreaterThan(0.02);
    expect(erlangB(17, 10)).toBeLessThanOrEqual(0.02);
  });

  it('agrees with the direct formula (Aⁿ/n!)/Σ Aᵏ/k! for small n', () => {
    const load = 7.3;
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= 9; k += 1) {
      term *= load / k;
      sum += term;
    }
    expect(erlangB(9, load)).toBeCloseTo(term / sum, 14);
  });

  it('stays finite for thousands of agents, where Aⁿ and n! overflow', () => {
    const blocking = erlangB(5000, 4900);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(0.01);
  });

  it('blocks everything with no agents and nothing with no load', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(4, 0)).toBe(0);
  });

  it('rejects a fractional number of agents with a coded error naming the input', () => {
    expect(() => erlangB(2.5, 1)).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_ARGUMENT_INVALID',
        message: expect.stringMatching(/erlangB: agents must be a whole number/),
      }),
    );
    expect(() => erlangB(3, -1)).toThrow(/offeredErlangs/);
  });
});
