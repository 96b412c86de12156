import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/** A mean with its confidence interval. */
export interface Estimate {
  readonly mean: number;
  /** [low, high] of the two-sided interval; equal to the mean with one observation. */
  readonly ci: readonly [number, number];
  /** Half-width of the interval. */
  readonly halfWidth: number;
  readonly n: number;
}

/**
 * Mean and Student-t confidence interval (default 95 %) of independent
 * replication results: mean ± t(1−α/2, n−1)·s/√n. Non-finite values (a KPI
 * undefined in some replication, e.g. ASA with no answered call) are left out.
 */
export function meanCi(values: readonly number[], level = 0.95): Estimate {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, ci: [NaN, NaN], halfWidth: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, ci: [mean, mean], halfWidth: 0, n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = jStat.studentt.inv(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, ci: [mean - halfWidth, mean + halfWidth], halfWidth, n };
}
