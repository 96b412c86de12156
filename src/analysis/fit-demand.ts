/**
 * Demand fitted from counts of first attempts (`hotline calibrate`): calls per day, the hourly profile, weekday
 * factors, the day-level noise (gamma-Poisson CV) and the call-type mix. Pure maths over counts; the records are
 * counted by planning/calibrate-demand.ts.
 */

/** Counts of first attempts over a period of whole local days. */
export interface DemandCounts {
  /** First attempts per local day of the period (index = day since the first day; every day present, 0 if none). */
  readonly daily: readonly number[];
  /** Local weekday of the period's first day, 0 = Monday. */
  readonly firstWeekday: number;
  /** First attempts per local hour of arrival, 24 values. */
  readonly hourly: readonly number[];
  /** First attempts per call type name. */
  readonly byType: ReadonlyMap<string, number>;
}

/** One call type's share of first attempts. */
export interface CallTypeShare {
  readonly name: string;
  /** Share of first attempts, 0..1 (the shares add up to exactly 1 after rounding to 4 decimals). */
  readonly share: number;
  readonly calls: number;
}

/** The day-level noise estimate and what it rests on. */
export interface DayNoiseFit {
  /** CV of the gamma day multiplier (0 when the counts show no overdispersion or cannot show it). */
  readonly cv: number;
  /** Days used (days of weekdays with calls). */
  readonly days: number;
  /** Variance / mean of the weekday-adjusted daily counts (1 for pure Poisson days without noise). */
  readonly dispersionIndex: number;
}

/** The fitted demand. */
export interface DemandFit {
  readonly firstAttempts: number;
  readonly days: number;
  /** Mean first attempts per day over the period's days. */
  readonly callsPerDay: number;
  /** Standard error of callsPerDay (day-to-day standard deviation / √days; 0 for one day). */
  readonly callsPerDaySe: number;
  /** Percent of first attempts per local hour, 24 values adding up to 100 (rounded to 3 decimals). */
  readonly hourlyProfilePct: readonly number[];
  /** Mean per weekday / callsPerDay, for the weekdays observed only (index 0 = Monday; null = not observed). */
  readonly dayOfWeekFactor: readonly (number | null)[];
  /** Days observed per weekday (index 0 = Monday). */
  readonly daysByWeekday: readonly number[];
  /** Largest standard error of a weekday factor (its days' SD / √days / callsPerDay); NaN with one day per weekday. */
  readonly dayOfWeekFactorSeMax: number;
  readonly dayNoise: DayNoiseFit;
  /** Most frequent first. */
  readonly callTypeMix: readonly CallTypeShare[];
}

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Rounds `values` (adding up to `total`) to `decimals`, the largest taking the rounding rest so the sum is exact. */
export function roundToTotal(values: readonly number[], total: number, decimals: number): number[] {
  const rounded = values.map((v) => round(v, decimals));
  if (rounded.length === 0) return rounded;
  let largest = 0;
  rounded.forEach((v, i) => {
    if (v > rounded[largest]!) largest = i;
  });
  const others = rounded.reduce((a, v, i) => (i === largest ? a : a + v), 0);
  rounded[largest] = round(total - others, decimals);
  return rounded;
}

/**
 * Day-level noise by the method of moments. A day's count is Poisson given its rate μ·f_w·G, with G a gamma
 * multiplier of mean 1 and CV c (the simulator's `day_noise_cv`); dividing out the weekday factor f_w gives
 * adjusted counts a = n / f_w with E a = μ and Var a = μ / f_w + μ² c². So c² = (s² − m · mean(1 / f_w)) / m²,
 * floored at 0, with s² the variance of the adjusted counts about their mean m on n − k degrees of freedom (k
 * weekday means were fitted from the same days). Weekdays without calls (f_w = 0) are left out.
 */
export function fitDayNoise(
  daily: readonly number[],
  weekdayOf: (day: number) => number,
  factors: readonly (number | null)[],
): DayNoiseFit {
  const adjusted: number[] = [];
  const inverse: number[] = [];
  const weekdays = new Set<number>();
  daily.forEach((n, d) => {
    const w = weekdayOf(d);
    const f = factors[w];
    if (f === null || f === undefined || f <= 0) return;
    adjusted.push(n / f);
    inverse.push(1 / f);
    weekdays.add(w);
  });
  const n = adjusted.length;
  const freedom = n - weekdays.size;
  if (freedom < 1) return { cv: 0, days: n, dispersionIndex: Number.NaN };
  const m = adjusted.reduce((a, b) => a + b, 0) / n;
  const s2 = adjusted.reduce((a, x) => a + (x - m) ** 2, 0) / freedom;
  const poisson = m * (inverse.reduce((a, b) => a + b, 0) / n);
  const cv2 = m > 0 ? Math.max(0, (s2 - poisson) / (m * m)) : 0;
  return { cv: Math.sqrt(cv2), days: n, dispersionIndex: m > 0 ? s2 / m : Number.NaN };
}

/**
 * Fits the demand from first-attempt counts: callsPerDay is the mean over the period's days (days without calls
 * count as 0); a weekday's factor is its days' mean over callsPerDay, so calls_per_day × factor gives back each
 * weekday's mean; the hourly profile is each local hour's share of all first attempts; the noise is fitDayNoise.
 */
export function fitDemand(counts: DemandCounts): DemandFit {
  const days = counts.daily.length;
  const total = counts.daily.reduce((a, b) => a + b, 0);
  const callsPerDay = days > 0 ? total / days : 0;
  const sd =
    days > 1 ? Math.sqrt(counts.daily.reduce((a, n) => a + (n - callsPerDay) ** 2, 0) / (days - 1)) : Number.NaN;
  const weekdayOf = (d: number): number => (counts.firstWeekday + d) % 7;
  const daysByWeekday = Array.from({ length: 7 }, () => 0);
  const sumByWeekday = Array.from({ length: 7 }, () => 0);
  counts.daily.forEach((n, d) => {
    daysByWeekday[weekdayOf(d)]! += 1;
    sumByWeekday[weekdayOf(d)]! += n;
  });
  const factors = daysByWeekday.map((k, w) =>
    k === 0 || callsPerDay === 0 ? null : sumByWeekday[w]! / k / callsPerDay,
  );
  const squaresByWeekday = Array.from({ length: 7 }, () => 0);
  counts.daily.forEach((n, d) => {
    const w = weekdayOf(d);
    squaresByWeekday[w]! += (n - sumByWeekday[w]! / daysByWeekday[w]!) ** 2;
  });
  const factorSes = daysByWeekday.flatMap((k, w) =>
    k > 1 && callsPerDay > 0 ? [Math.sqrt(squaresByWeekday[w]! / (k - 1) / k) / callsPerDay] : [],
  );
  const hourTotal = counts.hourly.reduce((a, b) => a + b, 0);
  const hourlyProfilePct =
    hourTotal > 0
      ? roundToTotal(
          counts.hourly.map((n) => (100 * n) / hourTotal),
          100,
          3,
        )
      : Array.from({ length: 24 }, () => 0);
  const typed = [...counts.byType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const typeTotal = typed.reduce((a, [, n]) => a + n, 0);
  const shares = roundToTotal(
    typed.map(([, n]) => (typeTotal > 0 ? n / typeTotal : 0)),
    1,
    4,
  );
  return {
    firstAttempts: total,
    days,
    callsPerDay,
    callsPerDaySe: days > 1 ? sd / Math.sqrt(days) : 0,
    hourlyProfilePct,
    dayOfWeekFactor: factors,
    daysByWeekday,
    dayOfWeekFactorSeMax:
      factorSes.length > 0 && factorSes.length === daysByWeekday.filter((k) => k > 0).length
        ? Math.max(...factorSes)
        : Number.NaN,
    dayNoise: fitDayNoise(counts.daily, weekdayOf, factors),
    callTypeMix: typed.map(([name, calls], i) => ({ name, share: shares[i]!, calls })),
  };
}
