import { describe, expect, it } from 'vitest';
import { erlangA, type ErlangAInput } from '../../src/analysis/erlang-a.js';
import { erlangB } from '../../src/analysis/erlang-b.js';
import { erlangC } from '../../src/analysis/erlang-c.js';

/** A1/A2: pyworkforce's 100 calls per 30 min, AHT 3 min, mean patience 5 min. */
const PYWORKFORCE = { callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, patienceSec: 300, targetSec: 20 } as const;
/** A3/A4: Herzog's λ = 3.5/min, AHT 3 min, patience 5 min. */
const HERZOG = { ratePerSec: 3.5 / 60, ahtSec: 180, patienceSec: 300, targetSec: 20 } as const;
/** A5/A6: the benchmark, λ = 100/min, AHT 3 min, patience 2 min. */
const BENCHMARK = { ratePerSec: 100 / 60, ahtSec: 180, patienceSec: 120, targetSec: 20 } as const;

describe('erlangA reference values (erlang.md §3)', () => {
  it('A1: n = 14 (pyworkforce test_abandonment asserts these five)', () => {
    const r = erlangA({ ...PYWORKFORCE, agents: 14 });
    expect(r.pWait).toBeCloseTo(0.14526, 5);
    expect(r.pAbandon).toBeCloseTo(0.013984, 6);
    expect(r.asaSec / 60).toBeCloseTo(0.069919, 6);
    expect(r.asaSec).toBeCloseTo(4.195, 3);
    expect(r.occupancy).toBeCloseTo(0.704297, 6);
    expect(r.serviceLevel).toBeCloseTo(0.916792, 6);
  });

  it('A2: n = 13 (pyworkforce docs)', () => {
    const r = erlangA({ ...PYWORKFORCE, agents: 13 });
    expect(r.pWait).toBeCloseTo(0.225797, 6);
    expect(r.pAbandon).toBeCloseTo(0.024963, 6);
    expect(r.asaSec / 60).toBeCloseTo(0.124817, 6);
    expect(r.occupancy).toBeCloseTo(0.750028, 6);
    expect(r.serviceLevel).toBeCloseTo(0.858178, 6);
  });

  it.each([
    ['∞', undefined],
    ['100', 100],
  ])('A3: n = 13, lines %s (Herzog: E[W] = 9.91 s)', (_label, lines) => {
    const r = erlangA({ ...HERZOG, agents: 13, ...(lines === undefined ? {} : { lines }) });
    expect(r.pWait).toBeCloseTo(0.281255, 6);
    expect(r.pAbandon).toBeCloseTo(0.033043, 6);
    expect(r.asaSec).toBeCloseTo(9.9128, 4);
    expect(r.occupancy).toBeCloseTo(0.781004, 6);
    expect(r.serviceLevel).toBeCloseTo(0.81631, 6);
    expect(r.blocking).toBeCloseTo(0, 15);
  });

  it('A4: n = 9 (Herzog: E[W] = 56.62 s)', () => {
    const r = erlangA({ ...HERZOG, agents: 9 });
    expect(r.pWait).toBeCloseTo(0.789839, 6);
    expect(r.pAbandon).toBeCloseTo(0.188728, 6);
    expect(r.asaSec).toBeCloseTo(56.618, 3);
    expect(r.occupancy).toBeCloseTo(0.946484, 6);
    expect(r.serviceLevel).toBeCloseTo(0.302079, 6);
  });

  it('A5 (benchmark): n = 310', () => {
    const r = erlangA({ ...BENCHMARK, agents: 310 });
    expect(r.pWait).toBeCloseTo(0.262927, 6);
    expect(r.pAbandon).toBeCloseTo(0.011825, 6);
    expect(r.asaSec / 60).toBeCloseTo(0.023649, 6);
    expect(r.asaSec).toBeCloseTo(1.419, 3);
    expect(r.occupancy).toBeCloseTo(0.956299, 6);
    expect(r.serviceLevel).toBeCloseTo(0.986207, 6);
    expect(r.serviceLevelOfAnswered).toBeCloseTo(0.998008, 6);
  });

  it('A6: n = 290, fewer agents than Erlang (finite where Erlang C is undefined)', () => {
    const r = erlangA({ ...BENCHMARK, agents: 290 });
    expect(r.pWait).toBeCloseTo(0.660405, 6);
    expect(r.pAbandon).toBeCloseTo(0.045702, 6);
    expect(r.asaSec).toBeCloseTo(5.484, 3);
    expect(r.occupancy).toBeCloseTo(0.987205, 6);
    expect(r.serviceLevel).toBeCloseTo(0.924932, 6);
    expect(erlangC({ ...BENCHMARK, agents: 290 }).stable).toBe(false);
  });
});

describe('erlangA', () => {
  const cases: [string, ErlangAInput][] = [
    ['A1', { ...PYWORKFORCE, agents: 14 }],
    ['A4', { ...HERZOG, agents: 9 }],
    ['A6', { ...BENCHMARK, agents: 290 }],
    ['A3 with 15 lines', { ...HERZOG, agents: 13, lines: 15 }],
  ];

  it.each(cases)('%s: P(Ab) = θ·E[W], and balances the flow with the busy agents (occupancy)', (_name, input) => {
    const r = erlangA(input);
    expect(r.pAbandon).toBeCloseTo(r.asaSec / input.patienceSec, 14);
    // Independent of how pAbandon is computed: arrivals = answered + abandoned + blocked,
    // and answered = busy agents × μ, i.e. occupancy = A(1 − P(Ab) − blocking)/n.
    const answered = (r.occupancy * input.agents) / r.offeredErlangs;
    expect(1 - answered - r.blocking).toBeCloseTo(r.pAbandon, 12);
  });

  it.each([15, 20, 25])('converges to Erlang C as patience grows (n = %d, patience 10⁶ s, tol 1e-4)', (agents) => {
    const a = erlangA({ ...PYWORKFORCE, patienceSec: 1e6, agents });
    const c = erlangC({ callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, targetSec: 20, agents });
    expect(Math.abs(a.pWait - c.pWait)).toBeLessThan(1e-4);
    expect(Math.abs(a.serviceLevel - c.serviceLevel)).toBeLessThan(1e-4);
    expect(Math.abs(a.occupancy - c.occupancy)).toBeLessThan(1e-4);
    // ASA in minutes, pyworkforce's unit (at n = 15 the gap is 0.0009 s = 1.5e-5 min)
    expect(Math.abs(a.asaSec - c.asaSec) / 60).toBeLessThan(1e-4);
  });

  it('with as many lines as agents is the Erlang B loss system', () => {
    const r = erlangA({ ...HERZOG, agents: 12, lines: 12 });
    expect(r.blocking).toBeCloseTo(erlangB(12, 10.5), 14);
    expect(r.pWait).toBe(0);
    expect(r.pAbandon).toBe(0);
    expect(r.serviceLevel).toBeCloseTo(1 - r.blocking, 14);
  });

  it('blocks callers at the line limit and counts them as service-level misses', () => {
    const open = erlangA({ ...HERZOG, agents: 9 });
    const limited = erlangA({ ...HERZOG, agents: 9, lines: 12 });
    expect(limited.blocking).toBeGreaterThan(0.05);
    expect(limited.pAbandon).toBeLessThan(open.pAbandon);
    expect(limited.serviceLevel + limited.blocking + limited.pAbandon).toBeLessThanOrEqual(1);
    expect(limited.serviceLevelOfAnswered).toBeCloseTo(
      limited.serviceLevel / (1 - limited.pAbandon - limited.blocking),
      14,
    );
  });

  it('raises the service level with every added agent', () => {
    const levels = [10, 11, 12, 13, 14, 15, 16].map((agents) => erlangA({ ...PYWORKFORCE, agents }).serviceLevel);
    for (let i = 1; i < levels.length; i += 1) expect(levels[i]!).toBeGreaterThan(levels[i - 1]!);
  });

  it('stays finite and normalised far into overload', () => {
    const r = erlangA({ ...BENCHMARK, agents: 150 });
    expect(r.pAbandon).toBeGreaterThan(0.45);
    expect(r.occupancy).toBeLessThanOrEqual(1);
    expect(r.occupancy).toBeGreaterThan(0.99);
  });

  it('rejects a missing patience and too few lines, naming the field', () => {
    const noPatience = { callsPerHour: 200, ahtSec: 180, agents: 14 } as unknown as ErlangAInput;
    expect(() => erlangA(noPatience)).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_ARGUMENT_INVALID',
        message: expect.stringContaining('erlangA: patienceSec'),
      }),
    );
    expect(() => erlangA({ ...PYWORKFORCE, agents: 14, lines: 10 })).toThrow(
      /erlangA: lines must be a whole number of at least 14/,
    );
  });

  it('refuses a queue too long to compute (near-endless patience, far too few agents) with what to change', () => {
    const overloaded = { callsPerHour: 3600, ahtSec: 1800, agents: 1, patienceSec: 1e9, targetSec: 20 };
    expect(() => erlangA(overloaded)).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_RUN_TOO_LARGE',
        message: expect.stringContaining('too many states to compute. Add agents'),
      }),
    );
  });
});
