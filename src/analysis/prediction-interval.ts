import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/** Replications from which the 95 % prediction interval is read off the empirical quantiles instead of Student's t. */
export const EMPIRICAL_PREDICTION_MIN_N = 40;

/**
 * Replications needed to read a `level` prediction interval off the empirical quantiles: ⌈2 / (1 − level)⌉, so each
 * tail of α/2 holds at least one replication's worth of probability (40 at 95 %, 391 at 99.49 %). Fewer: Student's t.
 */
export function empiricalMinN(level: number): number {
  return Math.ceil(2 / (1 - level) - 1e-9);
}

/**
 * The per-comparison level that makes k independent comparisons all pass with probability `level` (Šidák):
 * level^(1/k), i.e. a per-comparison error of 1 − (1 − α)^(1/k) for the family's α = 1 − level. With positively
 * related comparisons (KPIs of one line) the family passes at least that often.
 *
 * @example sidakLevel(0.95, 9) // ≈ 0.99431
 */
export function sidakLevel(level: number, k: number): number {
  return k <= 1 ? level : level ** (1 / k);
}

/** How a prediction interval was built. */
export type PredictionMethod = 'quantiles' | 'student-t';

/** The mean of replication results and the interval one more (an observed period) should fall in. */
export interface PredictionInterval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Finite values used. */
  readonly n: number;
  readonly method: PredictionMethod;
}

/** The p-quantile of sorted values, linear between order statistics (Hyndman–Fan type 7, R's and NumPy's default). */
function quantileOfSorted(xs: readonly number[], p: number): number {
  const h = (xs.length - 1) * p;
  const i = Math.floor(h);
  const lo = xs[i] as number;
  const hi = xs[Math.min(i + 1, xs.length - 1)] as number;
  return lo + (h - i) * (hi - lo);
}

/**
 * The two-sided prediction interval (default 95 %) of independent replication results: the spread a single new
 * observation of the same process (one observed period) should fall in, NOT the confidence interval of the mean
 * (which shrinks as 1/√n and would reject a true model). With n ≥ empiricalMinN(level) finite values (40 at 95 %): the empirical α/2
 * and 1 − α/2 quantiles (no shape assumed); with fewer (and at least 2): mean ± t(1 − α/2, n − 1) · s · √(1 + 1/n) (a normal model, the
 * √(1 + 1/n) carrying the mean's own uncertainty). Non-finite values (a KPI undefined in some replication) are left
 * out. With fewer than 2 values the interval is NaN.
 *
 * @example predictionInterval([0.81, 0.79, 0.83]) // { mean: 0.81, low: ≈0.71, high: ≈0.91, n: 3, method: 'student-t' }
 */
export function predictionInterval(values: readonly number[], level = 0.95): PredictionInterval {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  const mean = n > 0 ? xs.reduce((a, b) => a + b, 0) / n : NaN;
  const alpha = 1 - level;
  if (n >= empiricalMinN(level))
    return {
      mean,
      low: quantileOfSorted(xs, alpha / 2),
      high: quantileOfSorted(xs, 1 - alpha / 2),
      n,
      method: 'quantiles',
    };
  if (n < 2) return { mean, low: NaN, high: NaN, n, method: 'student-t' };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = jStat.studentt.inv(1 - alpha / 2, n - 1) * sd * Math.sqrt(1 + 1 / n);
  return { mean, low: mean - half, high: mean + half, n, method: 'student-t' };
}
