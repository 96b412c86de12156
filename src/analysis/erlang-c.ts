import { arrivalRatePerSec, type ArrivalRateInput } from './arrival-rate.js';
import { erlangB } from './erlang-b.js';
import { requireInteger, requireNonNegative, requirePositive } from './input-checks.js';

/** Service-level threshold used when none is given: the industry's "80/20" 20 seconds. */
export const DEFAULT_TARGET_SEC = 20;

/**
 * Inputs of {@link erlangC}: an arrival rate (see {@link ArrivalRateInput}),
 * the mean handling time, the number of agents and the service-level threshold.
 *
 * @example { callsPerHour: 200, ahtSec: 180, agents: 14, targetSec: 20 }
 */
export type ErlangCInput = ArrivalRateInput & {
  /** Mean handling time 1/μ in seconds (talk + hold + wrap-up), > 0. */
  readonly ahtSec: number;
  /** Agents on the phones n, a whole number ≥ 1. */
  readonly agents: number;
  /** Service-level threshold t in seconds, ≥ 0; default {@link DEFAULT_TARGET_SEC}. */
  readonly targetSec?: number;
};

/**
 * Erlang C measures. When the offered load is at or above the number of agents
 * (A ≥ n) the queue has no steady state: `stable` is false, every caller
 * waits (`pWait` 1), waits grow without bound (`asaSec`,
 * `expectedWaitIfWaitingSec` and `queueLength` are Infinity), `serviceLevel` is
 * 0 and `occupancy` is 1.
 */
export interface ErlangCResult {
  /** False when A ≥ n: no steady state, the queue grows without bound. */
  readonly stable: boolean;
  /** Offered load A = λ·AHT in Erlang. */
  readonly offeredErlangs: number;
  /** P(W > 0): probability that a caller has to queue. */
  readonly pWait: number;
  /** Average speed of answer E[W] in seconds, over all callers. */
  readonly asaSec: number;
  /** P(W ≤ targetSec): fraction answered within the threshold. */
  readonly serviceLevel: number;
  /** Agent occupancy A/n (fraction of time an agent is busy). */
  readonly occupancy: number;
  /** E[W | W > 0] in seconds: the mean wait of those who wait. */
  readonly expectedWaitIfWaitingSec: number;
  /** Mean number of callers in queue Lq = λ·E[W]. */
  readonly queueLength: number;
}

/**
 * Erlang C (M/M/n, first come first served, callers never hang up):
 * P(W>0) = n·E_B/(n − A(1 − E_B)), ASA = P(W>0)·AHT/(n − A),
 * SL = 1 − P(W>0)·exp(−(n − A)·t/AHT), occupancy A/n.
 *
 * An overloaded input (A ≥ n) does not throw: it returns `stable: false` with
 * infinite waits, so a staffing table can show the row (see {@link ErlangCResult}).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for a missing or bad rate, AHT, agents or threshold.
 * @example
 * erlangC({ callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, agents: 14, targetSec: 20 })
 * // { stable: true, pWait: 0.17413…, asaSec: 7.8359…, serviceLevel: 0.88835…, occupancy: 0.714…, … }
 */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const ratePerSec = arrivalRatePerSec(input, 'erlangC');
  const ahtSec = requirePositive(input.ahtSec, 'erlangC', 'ahtSec');
  const agents = requireInteger(input.agents, 'erlangC', 'agents', 1);
  const targetSec = requireNonNegative(input.targetSec ?? DEFAULT_TARGET_SEC, 'erlangC', 'targetSec');
  const offeredErlangs = ratePerSec * ahtSec;
  if (offeredErlangs >= agents) {
    return {
      stable: false,
      offeredErlangs,
      pWait: 1,
      asaSec: Number.POSITIVE_INFINITY,
      serviceLevel: 0,
      occupancy: 1,
      expectedWaitIfWaitingSec: Number.POSITIVE_INFINITY,
      queueLength: Number.POSITIVE_INFINITY,
    };
  }
  const pWait = erlangCWaitProbability(agents, offeredErlangs);
  const spare = agents - offeredErlangs;
  const expectedWaitIfWaitingSec = ahtSec / spare;
  const asaSec = pWait * expectedWaitIfWaitingSec;
  return {
    stable: true,
    offeredErlangs,
    pWait,
    asaSec,
    serviceLevel: 1 - pWait * Math.exp((-spare * targetSec) / ahtSec),
    occupancy: offeredErlangs / agents,
    expectedWaitIfWaitingSec,
    queueLength: ratePerSec * asaSec,
  };
}

/**
 * The Erlang C waiting probability C(n, A) = P(W > 0) alone, from the load in
 * Erlang; 1 when A ≥ n (everyone waits in an unstable queue).
 *
 * @example erlangCWaitProbability(14, 10) // 0.17413193359504…
 */
export function erlangCWaitProbability(agents: number, offeredErlangs: number): number {
  requireInteger(agents, 'erlangCWaitProbability', 'agents', 1);
  requireNonNegative(offeredErlangs, 'erlangCWaitProbability', 'offeredErlangs');
  if (offeredErlangs >= agents) return 1;
  const blocking = erlangB(agents, offeredErlangs);
  return (agents * blocking) / (agents - offeredErlangs * (1 - blocking));
}
