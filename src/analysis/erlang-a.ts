import { HotlineError } from '../errors.js';
import { arrivalRatePerSec, type ArrivalRateInput } from './arrival-rate.js';
import { DEFAULT_TARGET_SEC } from './erlang-c.js';
import { answeredWithinFromQueue } from './impatient-queue-service-level.js';
import { requireInteger, requireNonNegative, requirePositive } from './input-checks.js';

/** States are dropped once the rest of the distribution is below this fraction of the total. */
const TAIL_TOLERANCE = 1e-40;
/** Above this many states the chain is not built (an overloaded queue with near-infinite patience). */
const MAX_STATES = 20_000_000;

/**
 * Inputs of {@link erlangA}: an arrival rate (see {@link ArrivalRateInput}),
 * handling time, agents, mean patience, and optionally the service-level
 * threshold and a finite number of lines.
 *
 * @example { callsPerHour: 200, ahtSec: 180, agents: 14, patienceSec: 300, targetSec: 20 }
 */
export type ErlangAInput = ArrivalRateInput & {
  /** Mean handling time 1/μ in seconds, > 0. */
  readonly ahtSec: number;
  /** Agents on the phones n, a whole number ≥ 1. */
  readonly agents: number;
  /** Mean patience 1/θ in seconds (exponential time a caller is willing to wait), > 0. */
  readonly patienceSec: number;
  /** Service-level threshold t in seconds, ≥ 0; default {@link DEFAULT_TARGET_SEC}. */
  readonly targetSec?: number;
  /**
   * Trunk lines K ≥ agents: at most K callers in the system (talking + waiting);
   * an arrival that finds all K busy is blocked. Default: unlimited.
   */
  readonly lines?: number;
};

/**
 * Erlang A measures. Probabilities are over ALL arriving callers (answered,
 * abandoned and blocked), as in pyworkforce, unless the name says otherwise.
 */
export interface ErlangAResult {
  /** Offered load A = λ·AHT in Erlang. */
  readonly offeredErlangs: number;
  /** P(W > 0): probability that an arriving caller is let in and has to queue (blocked callers excluded). */
  readonly pWait: number;
  /** P(Ab): fraction of arrivals that hang up before being answered; equals θ·asaSec. */
  readonly pAbandon: number;
  /** E[W] = E[Q]/λ in seconds: mean time in queue over all arrivals (abandoners count their wait until hang-up, blocked callers 0). */
  readonly asaSec: number;
  /** Mean agent occupancy Σ min(k, n)·π_k / n = A·(1 − P(Ab) − blocking)/n. */
  readonly occupancy: number;
  /** Fraction of ALL arrivals answered within targetSec; abandoners and blocked callers count as misses. */
  readonly serviceLevel: number;
  /** Fraction of ANSWERED callers answered within targetSec. */
  readonly serviceLevelOfAnswered: number;
  /** π_K: fraction of arrivals blocked because all `lines` are busy; 0 without `lines`. */
  readonly blocking: number;
  /** E[Q]: mean number of callers waiting. */
  readonly queueLength: number;
}

/**
 * Erlang A (M/M/n+M, Palm): Erlang C with exponentially impatient callers,
 * computed exactly from the birth–death chain (birth λ, death min(k,n)μ +
 * (k−n)⁺θ). Stays finite when n ≤ A (overload), where Erlang C has no answer.
 *
 * The chain is built outward from its most likely state with the ratios
 * π_k/π_{k−1}, so no power or factorial overflows (n = 310, A = 300 is
 * routine), and it is cut where the remaining tail is below 1e-40 of the total
 * (or at `lines`). The service level uses uniformisation
 * ({@link answeredWithinFromQueue}).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for a missing or bad rate, AHT, agents, patience,
 *   threshold or lines (lines < agents); HOTLINE_RUN_TOO_LARGE when the queue needs too many states to compute.
 * @example
 * erlangA({ callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, agents: 14, patienceSec: 300, targetSec: 20 })
 * // { pWait: 0.14526…, pAbandon: 0.013984…, asaSec: 4.195…, occupancy: 0.7043…, serviceLevel: 0.91679…, … }
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const lambda = arrivalRatePerSec(input, 'erlangA');
  const ahtSec = requirePositive(input.ahtSec, 'erlangA', 'ahtSec');
  const agents = requireInteger(input.agents, 'erlangA', 'agents', 1);
  const patienceSec = requirePositive(input.patienceSec, 'erlangA', 'patienceSec');
  const targetSec = requireNonNegative(input.targetSec ?? DEFAULT_TARGET_SEC, 'erlangA', 'targetSec');
  const lines =
    input.lines === undefined ? Number.POSITIVE_INFINITY : requireInteger(input.lines, 'erlangA', 'lines', agents);
  const mu = 1 / ahtSec;
  const theta = 1 / patienceSec;
  const pi = stateProbabilities(lambda, mu, theta, agents, lines);
  const last = pi.length - 1;
  const blocking = last === lines ? pi[last]! : 0;
  const lastAdmitted = Math.min(last, lines - 1);
  let belowAgents = 0;
  let pWait = 0;
  let queueLength = 0;
  let busy = 0;
  for (let k = 0; k <= last; k += 1) {
    const p = pi[k]!;
    if (k < agents) {
      belowAgents += p;
      busy += k * p;
    } else {
      if (k <= lastAdmitted) pWait += p;
      queueLength += (k - agents) * p;
      busy += agents * p;
    }
  }
  const queueMass = lastAdmitted >= agents ? pi.subarray(agents, lastAdmitted + 1) : new Float64Array(0);
  const serviceLevel =
    belowAgents +
    answeredWithinFromQueue({ queueMass, serviceRatePerSec: agents * mu, abandonRatePerSec: theta, targetSec });
  const asaSec = queueLength / lambda;
  const pAbandon = theta * asaSec;
  const answered = 1 - pAbandon - blocking;
  return {
    offeredErlangs: lambda * ahtSec,
    pWait,
    pAbandon,
    asaSec,
    occupancy: busy / agents,
    serviceLevel,
    serviceLevelOfAnswered: answered > 0 ? serviceLevel / answered : 0,
    blocking,
    queueLength,
  };
}

/**
 * Stationary distribution π_0..π_last of the M/M/n+M(/K) chain. Built from the
 * mode outward (the mode's weight is 1, every other weight is ≤ 1), so nothing
 * overflows; weights that underflow to 0 are below 1e-300 of the mode anyway.
 */
function stateProbabilities(lambda: number, mu: number, theta: number, agents: number, lines: number): Float64Array {
  const load = lambda / mu;
  /** π_k / π_{k−1}. */
  const ratio = (k: number): number => (k <= agents ? load / k : lambda / (agents * mu + (k - agents) * theta));
  const unclamped = load < agents ? Math.floor(load) : agents + Math.floor((lambda - agents * mu) / theta);
  const mode = Math.min(unclamped, lines);
  if (mode > MAX_STATES) {
    throw new HotlineError(
      'HOTLINE_RUN_TOO_LARGE',
      `erlangA: with ${agents} agents for ${load.toFixed(1)} Erlang and patienceSec ${1 / theta} the queue would hold about ${mode - agents} callers, too many states to compute. Add agents, shorten patienceSec or set lines.`,
    );
  }
  const weights: number[] = new Array<number>(mode + 1);
  weights[mode] = 1;
  let sum = 1;
  for (let k = mode; k > 0; k -= 1) {
    const w = weights[k]! / ratio(k);
    weights[k - 1] = w;
    sum += w;
  }
  let w = 1;
  for (let k = mode + 1; k <= lines; k += 1) {
    w *= ratio(k);
    weights.push(w);
    sum += w;
    if (k >= agents) {
      const next = ratio(k + 1);
      // Beyond n the ratios only fall, so the tail is at most a geometric series.
      if (next < 1 && (w * next) / (1 - next) < TAIL_TOLERANCE * sum) break;
    }
    if (weights.length > MAX_STATES) {
      throw new HotlineError(
        'HOTLINE_RUN_TOO_LARGE',
        `erlangA: the queue distribution needs more than ${MAX_STATES} states (near-infinite patienceSec ${1 / theta} with little spare capacity). Shorten patienceSec or set lines.`,
      );
    }
  }
  const pi = new Float64Array(weights.length);
  for (let k = 0; k < weights.length; k += 1) pi[k] = weights[k]! / sum;
  return pi;
}
