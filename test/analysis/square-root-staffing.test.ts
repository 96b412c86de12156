import { describe, expect, it } from 'vitest';
import { erlangA } from '../../src/analysis/erlang-a.js';
import { erlangC, erlangCWaitProbability } from '../../src/analysis/erlang-c.js';
import {
  garnettErlangA,
  halfinWhittAlpha,
  halfinWhittErlangC,
  squareRootAgents,
  staffingBeta,
} from '../../src/analysis/square-root-staffing.js';
import { normalSurvival } from '../../src/analysis/normal-distribution.js';

const AHT_SEC = 180;

describe('square-root staffing (erlang.md §4)', () => {
  it('Erlang C, R = 100, n = 105: β 0.50, exact 0.5157, Halfin–Whitt 0.5045', () => {
    expect(staffingBeta(105, 100)).toBeCloseTo(0.5, 2);
    expect(erlangCWaitProbability(105, 100)).toBeCloseTo(0.5157, 4);
    expect(halfinWhittAlpha(0.5)).toBeCloseTo(0.5045, 4);
  });

  it('Erlang C, R = 300, n = 310: β 0.577, exact 0.4559, Halfin–Whitt 0.4489', () => {
    expect(staffingBeta(310, 300)).toBeCloseTo(0.577, 3);
    expect(erlangCWaitProbability(310, 300)).toBeCloseTo(0.4559, 4);
    const hw = halfinWhittErlangC({ offeredErlangs: 300, agents: 310, ahtSec: AHT_SEC });
    expect(hw.pWait).toBeCloseTo(0.4489, 4);
    expect(hw.asaSec).toBeCloseTo((hw.pWait * AHT_SEC) / 10, 12);
  });

  it('E[W] = C/(μβ√R) gives the benchmark 0.1368 min', () => {
    const c = erlangCWaitProbability(310, 300);
    const beta = staffingBeta(310, 300);
    expect((c * AHT_SEC) / (beta * Math.sqrt(300)) / 60).toBeCloseTo(0.1368, 4);
    expect(erlangC({ ratePerSec: 300 / AHT_SEC, ahtSec: AHT_SEC, agents: 310 }).asaSec / 60).toBeCloseTo(0.1368, 4);
  });

  it.each([
    // [θ/μ, R, n, β, exact P(W>0), approx, exact P(Ab), approx]
    [1, 100, 100, 0, 0.5133, 0.5, 0.03986, 0.03989],
    [1.5, 300, 309, 0.52, 0.2806, 0.2728, 0.01287, 0.01258],
    [2, 1000, 1000, 0, 0.4192, 0.4142, 0.01478, 0.01478],
  ])(
    'Erlang A θ/μ = %f, R = %d, n = %d: exact vs Garnett–Mandelbaum–Reiman',
    (ratio, load, agents, beta, exactWait, approxWait, exactAbandon, approxAbandon) => {
      const patienceSec = AHT_SEC / ratio;
      const exact = erlangA({ ratePerSec: load / AHT_SEC, ahtSec: AHT_SEC, agents, patienceSec });
      const approx = garnettErlangA({ offeredErlangs: load, agents, ahtSec: AHT_SEC, patienceSec });
      expect(approx.beta).toBeCloseTo(beta, 2);
      expect(exact.pWait).toBeCloseTo(exactWait, 4);
      expect(approx.pWait).toBeCloseTo(approxWait, 4);
      expect(exact.pAbandon).toBeCloseTo(exactAbandon, 5);
      expect(approx.pAbandon).toBeCloseTo(approxAbandon, 5);
    },
  );

  it('GMR reduces to the Poisson tail 1 − Φ(β) when θ = μ, and to Halfin–Whitt as θ → 0', () => {
    const sameRates = garnettErlangA({ offeredErlangs: 400, agents: 420, ahtSec: AHT_SEC, patienceSec: AHT_SEC });
    expect(sameRates.pWait).toBeCloseTo(normalSurvival(1), 12);
    const patient = garnettErlangA({ offeredErlangs: 400, agents: 420, ahtSec: AHT_SEC, patienceSec: AHT_SEC * 1e10 });
    expect(patient.pWait).toBeCloseTo(halfinWhittAlpha(1), 6);
  });

  it('GMR allows n below the load (β < 0)', () => {
    const approx = garnettErlangA({ offeredErlangs: 300, agents: 290, ahtSec: AHT_SEC, patienceSec: 120 });
    expect(approx.beta).toBeLessThan(0);
    expect(approx.pWait).toBeGreaterThan(0.5);
    expect(approx.pWait).toBeLessThan(1);
    expect(approx.pAbandon).toBeGreaterThan(0);
  });

  it('rounds n = A + β√A up to whole agents', () => {
    expect(squareRootAgents(300, 0.577)).toBe(310);
    expect(squareRootAgents(100, 0.5)).toBe(105);
    expect(squareRootAgents(100, -0.5)).toBe(95);
    expect(squareRootAgents(0.01, -5)).toBe(1);
    expect(halfinWhittAlpha(0)).toBe(1);
  });

  it('rejects a non-finite beta', () => {
    expect(() => squareRootAgents(100, Number.NaN)).toThrow(/squareRootAgents: beta must be a finite number/);
  });
});
