import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/**
 * Fits of positive durations (handle, talk, after-call work, redial delays) to the scenario's distribution families,
 * by maximum likelihood, with the choice between them and a goodness-of-fit figure.
 */

/** A fitted distribution as a scenario writes it (seconds). */
export type FittedSpec =
  | { readonly dist: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'gamma'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'empirical'; readonly values: readonly number[]; readonly weights: readonly number[] };

/** One parametric family's maximum-likelihood fit. */
export interface FamilyFit {
  readonly mean: number;
  readonly cv: number;
  /** Akaike's information criterion, 2k − 2 ln L (k = 2). */
  readonly aic: number;
  /** Kolmogorov–Smirnov D: the largest gap between the sample's and the fit's CDF. */
  readonly ksD: number;
}

/** The chosen fit, the families it was chosen from, and why. */
export interface DistributionFit {
  readonly spec: FittedSpec;
  readonly n: number;
  /** The sample's own mean and coefficient of variation (whatever the family). */
  readonly mean: number;
  readonly cv: number;
  readonly lognormal: FamilyFit;
  readonly gamma: FamilyFit;
  /** The chosen parametric family's KS D, its asymptotic p-value and the 5 % critical value for this N. */
  readonly gof: { readonly ksD: number; readonly pValue: number; readonly critical05: number };
  /** One line: why this family. */
  readonly reason: string;
}

/** How the family is chosen (README "How each value is fitted: handle times, patience, redials, resolution"). */
export interface FitOptions {
  /** Empirical when the best parametric fit's D exceeds this and N >= minEmpiricalN. Default 0.03. */
  readonly maxKsD?: number;
  /** Default 1000: below, an empirical table of few values is no better than a smooth family. */
  readonly minEmpiricalN?: number;
  /** Most values of an empirical spec (bins of equal counts, each at its mean). Default 200. */
  readonly maxValues?: number;
}

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Lognormal CDF at x > 0 with log-mean mu and log-sd sigma. */
export function lognormalCdf(x: number, mu: number, sigma: number): number {
  return x <= 0 ? 0 : 0.5 * (1 + jStat.erf((Math.log(x) - mu) / (sigma * Math.SQRT2)));
}

/** Gamma CDF at x with the given shape and scale. */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return x <= 0 ? 0 : Math.min(1, Math.max(0, jStat.lowRegGamma(shape, x / scale)));
}

/** ln of the gamma density. */
export function gammaLogPdf(x: number, shape: number, scale: number): number {
  return (shape - 1) * Math.log(x) - x / scale - shape * Math.log(scale) - jStat.gammaln(shape);
}

/** ln of the lognormal density. */
export function lognormalLogPdf(x: number, mu: number, sigma: number): number {
  const z = (Math.log(x) - mu) / sigma;
  return -0.5 * z * z - Math.log(sigma) - Math.log(x) - LN_SQRT_2PI;
}

function digamma(x: number): number {
  let r = 0;
  let v = x;
  while (v < 6) {
    r -= 1 / v;
    v += 1;
  }
  const f = 1 / (v * v);
  return r + Math.log(v) - 0.5 / v - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

function trigamma(x: number): number {
  let r = 0;
  let v = x;
  while (v < 6) {
    r += 1 / (v * v);
    v += 1;
  }
  const f = 1 / (v * v);
  return r + 1 / v + f / 2 + (f / v) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/**
 * The gamma shape's maximum-likelihood estimate from s = ln(mean) − mean(ln x) > 0: Minka's (2002) start, then
 * Newton on ln k − ψ(k) = s.
 */
export function gammaShapeMle(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i += 1) {
    const g = Math.log(k) - digamma(k) - s;
    const next = k - g / (1 / k - trigamma(k));
    const safe = next > 0 ? next : k / 2;
    if (Math.abs(safe - k) < 1e-12 * k) return safe;
    k = safe;
  }
  return k;
}

/**
 * KS D of ascending `sorted` against `cdf`. Above `maxPoints` samples the CDF is evaluated at every k-th order
 * statistic only (k = ⌈n / maxPoints⌉): the D found is then low by at most k/n plus the CDF's rise within a step
 * (about 1/maxPoints), and a million samples cost 20,000 CDF evaluations instead of a million.
 */
export function ksStatistic(sorted: ArrayLike<number>, cdf: (x: number) => number, maxPoints = 20_000): number {
  const n = sorted.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  let d = 0;
  for (let i = 0; i < n; ) {
    // Ties: the empirical CDF jumps once over all of them.
    const x = sorted[i] as number;
    let first = i;
    while (first > 0 && sorted[first - 1] === x) first -= 1;
    let j = i + 1;
    while (j < n && sorted[j] === x) j += 1;
    const f = cdf(x);
    d = Math.max(d, f - first / n, j / n - f);
    i = step === 1 ? j : Math.max(j, i + step);
  }
  return d;
}

/**
 * The Kolmogorov distribution's upper tail P(D > d) for n samples, with Stephens' (1970) finite-n correction.
 * With fitted parameters the true p-value is smaller (Lilliefors): read it as an upper bound.
 */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const t = (sn + 0.12 + 0.11 / sn) * d;
  if (t < 0.2) return 1;
  let p = 0;
  for (let k = 1; k <= 100; k += 1) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, p));
}

/** An empirical spec of at most `maxValues` values: equal-count bins of the sorted sample, each at its mean. */
export function thinEmpirical(sorted: ArrayLike<number>, maxValues = 200): FittedSpec & { dist: 'empirical' } {
  const n = sorted.length;
  const bins = Math.min(n, maxValues);
  const values: number[] = [];
  const weights: number[] = [];
  for (let b = 0; b < bins; b += 1) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    let sum = 0;
    for (let i = from; i < to; i += 1) sum += sorted[i] as number;
    values.push(round(sum / (to - from)));
    weights.push(to - from);
  }
  return { dist: 'empirical', values, weights };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Fits lognormal and gamma by maximum likelihood to positive `samples` (non-positive ones are the caller's to
 * drop: they are ignored here) and chooses: the lower AIC of the two (both have two parameters, so the higher
 * likelihood); the empirical distribution instead when that fit's KS D exceeds `maxKsD` and N >= minEmpiricalN.
 * One sort, then linear passes: about a second for a million samples. Null with fewer than 2 positive samples.
 */
export function fitPositive(samples: ArrayLike<number>, options: FitOptions = {}): DistributionFit | null {
  const kept = new Float64Array(samples.length);
  let n = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const x = samples[i] as number;
    if (x > 0 && x < Number.POSITIVE_INFINITY) kept[n++] = x;
  }
  const sorted = kept.subarray(0, n).sort();
  if (n < 2) return null;
  let sum = 0;
  let sumSq = 0;
  let sumLog = 0;
  let sumLogSq = 0;
  for (let i = 0; i < n; i += 1) {
    const x = sorted[i] as number;
    const l = Math.log(x);
    sum += x;
    sumSq += x * x;
    sumLog += l;
    sumLogSq += l * l;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const mu = sumLog / n;
  const sigma = Math.sqrt(Math.max(1e-12, sumLogSq / n - mu * mu));
  const llLogn = -sumLog - n * (Math.log(sigma) + LN_SQRT_2PI) - n / 2;
  const lognormal: FamilyFit = {
    mean: Math.exp(mu + (sigma * sigma) / 2),
    cv: Math.sqrt(Math.expm1(sigma * sigma)),
    aic: 4 - 2 * llLogn,
    ksD: ksStatistic(sorted, (x) => lognormalCdf(x, mu, sigma)),
  };
  const shape = gammaShapeMle(Math.max(1e-12, Math.log(mean) - mu));
  const scale = mean / shape;
  const llGamma = (shape - 1) * sumLog - sum / scale - n * shape * Math.log(scale) - n * jStat.gammaln(shape);
  const gamma: FamilyFit = {
    mean,
    cv: 1 / Math.sqrt(shape),
    aic: 4 - 2 * llGamma,
    ksD: ksStatistic(sorted, (x) => gammaCdf(x, shape, scale)),
  };
  const best = lognormal.aic <= gamma.aic ? 'lognormal' : 'gamma';
  const fit = best === 'lognormal' ? lognormal : gamma;
  const maxKsD = options.maxKsD ?? 0.03;
  const minEmpiricalN = options.minEmpiricalN ?? 1000;
  const empirical = fit.ksD > maxKsD && n >= minEmpiricalN;
  const spec: FittedSpec = empirical
    ? thinEmpirical(sorted, options.maxValues ?? 200)
    : { dist: best, mean: round(fit.mean), cv: Math.round(fit.cv * 10000) / 10000 };
  const reason = empirical
    ? `empirical: ${best} (lower AIC) has KS D=${fit.ksD.toFixed(3)} > ${maxKsD} with N=${n}`
    : `${best}: lower AIC than ${best === 'lognormal' ? 'gamma' : 'lognormal'}, KS D=${fit.ksD.toFixed(3)}`;
  return {
    spec,
    n,
    mean,
    cv: sd / mean,
    lognormal,
    gamma,
    gof: {
      ksD: fit.ksD,
      pValue: ksPValue(fit.ksD, n),
      critical05: 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)),
    },
    reason,
  };
}
