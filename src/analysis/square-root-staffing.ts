import { HotlineError } from '../errors.js';
import { requireInteger, requirePositive } from './input-checks.js';
import { normalCdf, normalHazard, normalPdf } from './normal-distribution.js';

/**
 * Square-root staffing rule n = A + β·√A, rounded up to a whole agent (at
 * least 1). β is the quality-of-service parameter: β ≈ 0.5–1 is the QED
 * (quality and efficiency driven) regime; β < 0 under-staffs, which only a
 * model with abandonment (Erlang A) can describe.
 *
 * @param offeredErlangs offered load A (= R) in Erlang, > 0.
 * @param beta quality-of-service parameter β, any real number.
 * @example squareRootAgents(300, 0.577) // 310
 */
export function squareRootAgents(offeredErlangs: number, beta: number): number {
  const load = requirePositive(offeredErlangs, 'squareRootAgents', 'offeredErlangs');
  if (!Number.isFinite(beta)) {
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `squareRootAgents: beta must be a finite number (negative allowed), got ${String(beta)}. Pass e.g. beta: 0.5.`,
    );
  }
  // The tolerance keeps n = A + β√A that is whole in exact arithmetic from rounding up by one.
  return Math.max(1, Math.ceil(load + beta * Math.sqrt(load) - 1e-9));
}

/**
 * The β implied by a staffing level: β = (n − A)/√A.
 *
 * @example staffingBeta(105, 100) // 0.5
 */
export function staffingBeta(agents: number, offeredErlangs: number): number {
  requireInteger(agents, 'staffingBeta', 'agents', 1);
  const load = requirePositive(offeredErlangs, 'staffingBeta', 'offeredErlangs');
  return (agents - load) / Math.sqrt(load);
}

/**
 * Halfin–Whitt (1981) heavy-traffic limit of the Erlang C waiting probability:
 * α(β) = [1 + β·Φ(β)/φ(β)]⁻¹ for β > 0; 1 for β ≤ 0 (the queue is unstable).
 *
 * @example halfinWhittAlpha(0.5) // 0.50455…
 */
export function halfinWhittAlpha(beta: number): number {
  if (Number.isNaN(beta)) return Number.NaN;
  if (beta <= 0) return 1;
  return 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
}

/** Inputs of the asymptotic approximations: load, agents and mean handling time. */
export interface SquareRootInput {
  /** Offered load A = R in Erlang, > 0. */
  readonly offeredErlangs: number;
  /** Agents n, a whole number ≥ 1. */
  readonly agents: number;
  /** Mean handling time 1/μ in seconds, > 0. */
  readonly ahtSec: number;
}

/**
 * Halfin–Whitt approximation of Erlang C: β = (n − A)/√A, P(W>0) ≈ α(β),
 * E[W] ≈ α(β)·AHT/(β√A) (Infinity when β ≤ 0).
 *
 * @example halfinWhittErlangC({ offeredErlangs: 300, agents: 310, ahtSec: 180 })
 * // { beta: 0.5774, pWait: 0.4489…, asaSec: 8.08… }
 */
export function halfinWhittErlangC(input: SquareRootInput): { beta: number; pWait: number; asaSec: number } {
  const ahtSec = requirePositive(input.ahtSec, 'halfinWhittErlangC', 'ahtSec');
  const beta = staffingBeta(input.agents, input.offeredErlangs);
  const pWait = halfinWhittAlpha(beta);
  const asaSec = beta > 0 ? (pWait * ahtSec) / (beta * Math.sqrt(input.offeredErlangs)) : Number.POSITIVE_INFINITY;
  return { beta, pWait, asaSec };
}

/**
 * Garnett–Mandelbaum–Reiman (2002) approximation of Erlang A in the QED
 * regime, with h the normal hazard rate and r = √(μ/θ) = √(patience/AHT):
 * - P(W>0) ≈ [1 + h(βr)/(r·h(−β))]⁻¹, for any real β (so n ≤ A is fine);
 * - P(Ab) ≈ P(W>0)·(1/√n)·(1/r)·[h(βr) − βr].
 * It reduces to Halfin–Whitt as θ → 0 and to the Poisson tail 1 − Φ(β) when θ = μ.
 *
 * @param input load, agents, AHT, and `patienceSec` = 1/θ in seconds (> 0).
 * @example garnettErlangA({ offeredErlangs: 1000, agents: 1000, ahtSec: 180, patienceSec: 90 })
 * // { beta: 0, pWait: 0.41421…, pAbandon: 0.014781… }
 */
export function garnettErlangA(input: SquareRootInput & { readonly patienceSec: number }): {
  beta: number;
  pWait: number;
  pAbandon: number;
} {
  const ahtSec = requirePositive(input.ahtSec, 'garnettErlangA', 'ahtSec');
  const patienceSec = requirePositive(input.patienceSec, 'garnettErlangA', 'patienceSec');
  const beta = staffingBeta(input.agents, input.offeredErlangs);
  const r = Math.sqrt(patienceSec / ahtSec);
  const pWait = 1 / (1 + normalHazard(beta * r) / (r * normalHazard(-beta)));
  const pAbandon = (pWait * (normalHazard(beta * r) - beta * r)) / (Math.sqrt(input.agents) * r);
  return { beta, pWait, pAbandon };
}
