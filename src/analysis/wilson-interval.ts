import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/** A rate's binomial confidence interval, both ends 0..1 (NaN when the denominator is 0). */
export interface RateInterval {
  readonly low: number;
  readonly high: number;
}

/** z of a two-sided 95 % interval, Φ⁻¹(0.975) ≈ 1.959964. */
const Z95: number = jStat.normal.inv(0.975, 0, 1);

/**
 * Wilson score interval of `successes` out of `trials` (default 95 %): unlike the
 * normal (Wald) interval it stays inside [0, 1] and keeps its coverage at rates
 * near 0 or 1 and at small counts, as service levels and abandonment rates often are.
 *
 * @example wilsonInterval(8, 10) // { low: 0.4902, high: 0.9433 } (rounded)
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): RateInterval {
  if (!(trials > 0)) return { low: NaN, high: NaN };
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  // At 0 or all successes the bound is exactly 0 or 1 (the formula leaves a rounding residue either side).
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - half),
    high: successes >= trials ? 1 : Math.min(1, centre + half),
  };
}
