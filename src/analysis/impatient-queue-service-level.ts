/** Poisson weights below this (relative to the mode's) are dropped; the mass lost is < 1e-25. */
const POISSON_CUTOFF = 1e-25;

/** Inputs of {@link answeredWithinFromQueue}. */
export interface QueuedCallersInput {
  /**
   * `queueMass[j]` = probability that an arriving caller finds all agents busy
   * and j callers already waiting ahead (j = 0, 1, …). Need not sum to 1: the
   * result is weighted by it.
   */
  readonly queueMass: ArrayLike<number>;
  /** n·μ: the rate at which agents free up when all are busy, per second. */
  readonly serviceRatePerSec: number;
  /** θ = 1/mean patience: each waiting caller's abandon rate, per second. */
  readonly abandonRatePerSec: number;
  /** The service-level threshold t in seconds, ≥ 0. */
  readonly targetSec: number;
}

/**
 * Σ_j queueMass[j]·G_j(t), where G_j(t) is the probability that a caller who
 * queues behind j others is answered within t seconds in the M/M/n+M queue.
 *
 * Such a caller moves one place forward at rate nμ + jθ (an agent frees up or
 * one of the j ahead hangs up), is answered at the next step from the head of
 * the queue (rate nμ), and abandons at rate θ. G is computed by uniformisation,
 * as pyworkforce does: with Λ = nμ + (J+1)θ for the longest queue J, the jump
 * chain is run step by step and P(answered within m jumps) is weighted by the
 * Poisson(Λt) probability of m jumps. All starting positions are carried in one
 * vector, so the cost is O(J·Λt) rather than O(J²·Λt).
 *
 * @returns a probability mass (≤ Σ queueMass).
 * @example answeredWithinFromQueue({ queueMass: [1], serviceRatePerSec: 1, abandonRatePerSec: 0.5, targetSec: 2 })
 * // = (1/1.5)·(1 − e^{−3}) ≈ 0.63348
 */
export function answeredWithinFromQueue(input: QueuedCallersInput): number {
  const { queueMass, serviceRatePerSec: nMu, abandonRatePerSec: theta, targetSec } = input;
  const longest = queueMass.length - 1;
  if (longest < 0 || targetSec <= 0) return 0;
  const uniform = nMu + (longest + 1) * theta;
  const forward = new Float64Array(longest + 1);
  const stay = new Float64Array(longest + 1);
  for (let j = 0; j <= longest; j += 1) {
    forward[j] = (nMu + j * theta) / uniform;
    stay[j] = 1 - (nMu + (j + 1) * theta) / uniform;
  }
  const mass = Float64Array.from(queueMass);
  const weights = poissonWeights(uniform * targetSec);
  let answered = 0;
  let result = 0;
  for (let step = 0; ; step += 1) {
    if (step >= weights.first) result += weights.values[step - weights.first]! * answered;
    if (step === weights.last) break;
    answered += mass[0]! * forward[0]!;
    for (let j = 0; j < longest; j += 1) mass[j] = mass[j]! * stay[j]! + mass[j + 1]! * forward[j + 1]!;
    mass[longest] = mass[longest]! * stay[longest]!;
  }
  return result;
}

/**
 * Poisson(mean) probabilities of the counts first..last, normalised over that
 * window. Built outward from the mode, so a mean in the thousands does not
 * underflow e^{−mean}.
 */
function poissonWeights(mean: number): { first: number; last: number; values: Float64Array } {
  const mode = Math.floor(mean);
  const below: number[] = [];
  let w = 1;
  for (let m = mode; m > 0; m -= 1) {
    w *= m / mean;
    if (w < POISSON_CUTOFF) break;
    below.push(w);
  }
  const above: number[] = [];
  w = 1;
  for (let m = mode + 1; ; m += 1) {
    w *= mean / m;
    if (w < POISSON_CUTOFF) break;
    above.push(w);
  }
  const first = mode - below.length;
  const values = new Float64Array(below.length + 1 + above.length);
  let sum = 0;
  below.reverse().forEach((v, i) => {
    values[i] = v;
  });
  values[below.length] = 1;
  above.forEach((v, i) => {
    values[below.length + 1 + i] = v;
  });
  for (const v of values) sum += v;
  for (let i = 0; i < values.length; i += 1) values[i] = values[i]! / sum;
  return { first, last: first + values.length - 1, values };
}
