import { minimise } from './minimise.js';

/**
 * The ordinal satisfaction model (scenario `behaviour.satisfaction`) fitted by maximum likelihood: ratings
 * 1 (very satisfied) … 5 (very dissatisfied), P(rating ≤ k) = 1 / (1 + exp(−(t_k − eta))), k = 1..4, with
 * eta = per_wait_min × wait (minutes) + unresolved × [resolved === false] + by_group[group]. Positive
 * coefficients make ratings worse. One group is the reference (coefficient 0): the cutpoints absorb its level.
 */

/** Ratings that share their covariates: a queue wait, whether the request was left unresolved, the group. */
export interface SatisfactionCell {
  readonly waitMin: number;
  readonly unresolved: boolean;
  /** Index into the groups (0-based). */
  readonly group: number;
  /** Ratings 1..5 counted (5 values). */
  readonly counts: readonly number[];
}

/** What to fit. */
export interface SatisfactionFitOptions {
  /** Number of groups the cells index. */
  readonly groups: number;
  /** The group whose coefficient is fixed at 0. */
  readonly referenceGroup: number;
  /** Fit the `unresolved` coefficient (false when no rated call was recorded unresolved, or none resolved). */
  readonly fitUnresolved: boolean;
  /** Fit `per_wait_min` (false when every rated call waited the same). */
  readonly fitWait: boolean;
}

/** The maximum-likelihood estimates. */
export interface SatisfactionFit {
  /** t1 < t2 < t3 < t4. */
  readonly cutpoints: readonly number[];
  readonly perWaitMin: number;
  readonly unresolved: number;
  /** One coefficient per group; the reference group's is 0. */
  readonly byGroup: readonly number[];
  /** Log-likelihood at the estimates (natural log). */
  readonly logLik: number;
  /** Ratings fitted. */
  readonly n: number;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const TINY = 1e-300;

/** The log-likelihood of the cells under cutpoints `t` and linear predictor `eta(cell)`. */
function logLikelihood(cells: readonly SatisfactionCell[], t: readonly number[], eta: (c: SatisfactionCell) => number) {
  let sum = 0;
  for (const cell of cells) {
    const e = eta(cell);
    let below = 0;
    for (let k = 0; k < 5; k += 1) {
      const count = cell.counts[k] ?? 0;
      const upTo = k < 4 ? logistic((t[k] as number) - e) : 1;
      if (count > 0) sum += count * Math.log(Math.max(upTo - below, TINY));
      below = upTo;
    }
  }
  return sum;
}

/** Starting cutpoints: the logits of the pooled cumulative shares (each category counted at least once). */
function startCutpoints(cells: readonly SatisfactionCell[]): number[] {
  const totals = [1, 1, 1, 1, 1];
  for (const c of cells) for (let k = 0; k < 5; k += 1) totals[k] = (totals[k] as number) + (c.counts[k] ?? 0);
  const n = totals.reduce((a, b) => a + b, 0);
  const cuts: number[] = [];
  let cumulative = 0;
  for (let k = 0; k < 4; k += 1) {
    cumulative += totals[k] as number;
    const p = cumulative / n;
    cuts.push(Math.log(p / (1 - p)));
  }
  return cuts;
}

/**
 * Fits the model by maximum likelihood (fmin's conjugate gradient on −logLik / n, cutpoints kept increasing by
 * fitting the first and the logs of the gaps). Returns null when there are no ratings.
 */
export function fitSatisfaction(
  cells: readonly SatisfactionCell[],
  options: SatisfactionFitOptions,
): SatisfactionFit | null {
  const n = cells.reduce((sum, c) => sum + c.counts.reduce((a, b) => a + b, 0), 0);
  if (n === 0) return null;
  const groups = Array.from({ length: options.groups }, (_, g) => g).filter((g) => g !== options.referenceGroup);
  const cuts = startCutpoints(cells);
  // x = [t1, log(t2 − t1), log(t3 − t2), log(t4 − t3), wait?, unresolved?, group coefficients…]
  const x0 = [
    cuts[0] as number,
    ...[1, 2, 3].map((k) => Math.log(Math.max((cuts[k] as number) - (cuts[k - 1] as number), 1e-3))),
  ];
  const waitAt = x0.length;
  if (options.fitWait) x0.push(0);
  const unresolvedAt = x0.length;
  if (options.fitUnresolved) x0.push(0);
  const groupAt = x0.length;
  for (const _ of groups) x0.push(0);
  const decode = (x: readonly number[]) => {
    const t = [x[0] as number];
    for (let k = 1; k < 4; k += 1) t.push((t[k - 1] as number) + Math.exp(x[k] as number));
    const perWaitMin = options.fitWait ? (x[waitAt] as number) : 0;
    const unresolved = options.fitUnresolved ? (x[unresolvedAt] as number) : 0;
    const byGroup = new Array<number>(options.groups).fill(0);
    groups.forEach((g, i) => {
      byGroup[g] = x[groupAt + i] as number;
    });
    return { t, perWaitMin, unresolved, byGroup };
  };
  const objective = (x: number[]): number => {
    const p = decode(x);
    const eta = (c: SatisfactionCell) =>
      p.perWaitMin * c.waitMin + (c.unresolved ? p.unresolved : 0) + (p.byGroup[c.group] as number);
    return -logLikelihood(cells, p.t, eta) / n;
  };
  const best = minimise(objective, x0, { restarts: 4 });
  const p = decode(best.x);
  return {
    cutpoints: p.t,
    perWaitMin: p.perWaitMin,
    unresolved: p.unresolved,
    byGroup: p.byGroup,
    logLik: -best.fx * n,
    n,
  };
}
