import jstatPkg from 'jstat';
import { gammaCdf, gammaLogPdf, lognormalLogPdf } from './fit-distribution.js';
import { nelderMead } from './nelder-mead.js';

const { jStat } = jstatPkg;

/**
 * Durations observed with right censoring (patience: an abandoned caller's wait is the patience, an answered
 * caller's wait only a lower bound): the Kaplan–Meier estimate and censored maximum-likelihood fits.
 */

/** The Kaplan–Meier estimate: the event times, the survival after each, and the mass each takes. */
export interface KaplanMeier {
  /** Distinct event times, ascending. */
  readonly times: readonly number[];
  /** S(t) just after each time. */
  readonly survival: readonly number[];
  /** S(t−) − S(t) at each time. */
  readonly masses: readonly number[];
  /** Events and censored observations counted. */
  readonly events: number;
  readonly censored: number;
}

/**
 * Kaplan–Meier over event times and censored times (each any order). At equal times events come first: a caller
 * answered at the moment another abandons was still at risk. Two sorts and one merge: fast on millions.
 */
export function kaplanMeier(eventTimes: ArrayLike<number>, censoredTimes: ArrayLike<number>): KaplanMeier {
  const ev = Float64Array.from(eventTimes as ArrayLike<number>).sort();
  const ce = Float64Array.from(censoredTimes as ArrayLike<number>).sort();
  const times: number[] = [];
  const survival: number[] = [];
  const masses: number[] = [];
  let atRisk = ev.length + ce.length;
  let s = 1;
  let j = 0;
  for (let i = 0; i < ev.length; ) {
    const t = ev[i] as number;
    while (j < ce.length && (ce[j] as number) < t) {
      j += 1;
      atRisk -= 1;
    }
    let d = 0;
    while (i < ev.length && ev[i] === t) {
      d += 1;
      i += 1;
    }
    const next = s * (1 - d / atRisk);
    times.push(t);
    survival.push(next);
    masses.push(s - next);
    s = next;
    atRisk -= d;
  }
  return { times, survival, masses, events: ev.length, censored: ce.length };
}

/** S(t) of a Kaplan–Meier estimate (1 before the first event). */
export function kmSurvival(km: KaplanMeier, t: number): number {
  let lo = 0;
  let hi = km.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((km.times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : (km.survival[lo - 1] as number);
}

/** The p-quantile (smallest event time with 1 − S >= p); null when the estimate never reaches p (censoring). */
export function kmQuantile(km: KaplanMeier, p: number): number | null {
  for (let i = 0; i < km.times.length; i += 1) if (1 - (km.survival[i] as number) >= p - 1e-12) return km.times[i]!;
  return null;
}

/** A censored maximum-likelihood fit of one family. */
export interface CensoredFit {
  readonly family: 'exponential' | 'lognormal' | 'gamma';
  readonly mean: number;
  /** Coefficient of variation (1 for the exponential). */
  readonly cv: number;
  readonly logLik: number;
  /** 2k − 2 ln L. */
  readonly aic: number;
  /** The family's CDF, for comparisons with Kaplan–Meier. */
  readonly cdf: (t: number) => number;
  /** The family's p-quantile, seconds. */
  readonly quantile: (p: number) => number;
}

/** All three fits and the one with the lowest AIC. */
export interface CensoredFits {
  readonly exponential: CensoredFit;
  readonly lognormal: CensoredFit;
  readonly gamma: CensoredFit;
  readonly best: CensoredFit;
}

/** Values grouped on a 0.1 s grid with their counts: the likelihood's cost no longer grows with N. */
function grid(times: ArrayLike<number>): { t: number[]; w: number[] } {
  const counts = new Map<number, number>();
  for (let i = 0; i < times.length; i += 1) {
    const k = Math.max(0.5, Math.round((times[i] as number) * 10));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const t: number[] = [];
  const w: number[] = [];
  for (const [k, c] of counts) {
    t.push(k / 10);
    w.push(c);
  }
  return { t, w };
}

function logSurvivalNormal(z: number): number {
  return Math.log(Math.max(1e-300, 0.5 * (1 - jStat.erf(z / Math.SQRT2))));
}

/**
 * Censored maximum likelihood: exponential in closed form (mean = total time / events), lognormal and gamma by
 * Nelder–Mead on their log-parameters. Times are grouped on a 0.1 s grid (exact to that resolution). Censored
 * times <= 0 carry no information and are dropped. With `truncateSec` > 0 the fit is left-truncated there: only
 * times >= truncateSec count, each conditioned on having lasted that long (how the patience fit sets the
 * announcement hang-ups apart without bending the rest). Null with no event.
 */
export function fitCensored(
  eventTimes: ArrayLike<number>,
  censoredTimes: ArrayLike<number>,
  truncateSec = 0,
): CensoredFits | null {
  const kept = (times: ArrayLike<number>) =>
    Array.from(times as ArrayLike<number>).filter((t) => t > 0 && t >= truncateSec);
  const evKept = Array.from(eventTimes as ArrayLike<number>).filter((t) => t >= truncateSec);
  const ev = grid(evKept);
  const ce = grid(kept(censoredTimes));
  const d = evKept.length;
  if (d === 0) return null;
  let nKept = 0;
  for (const w of ev.w) nKept += w;
  for (const w of ce.w) nKept += w;
  const lnS0 = truncateSec > 0;
  let total = 0;
  for (let i = 0; i < ev.t.length; i += 1) total += (ev.t[i]! - truncateSec) * ev.w[i]!;
  for (let i = 0; i < ce.t.length; i += 1) total += (ce.t[i]! - truncateSec) * ce.w[i]!;
  const expMean = total / d;
  const expLl = -d * Math.log(expMean) - total / expMean;
  const exponential: CensoredFit = {
    family: 'exponential',
    mean: expMean,
    cv: 1,
    logLik: expLl,
    aic: 2 - 2 * expLl,
    cdf: (t) => (t <= 0 ? 0 : 1 - Math.exp(-t / expMean)),
    quantile: (p) => -expMean * Math.log(1 - p),
  };

  const lnLl = ([mu, logSigma]: readonly number[]): number => {
    const sigma = Math.exp(logSigma!);
    let ll = 0;
    for (let i = 0; i < ev.t.length; i += 1) ll += ev.w[i]! * lognormalLogPdf(ev.t[i]!, mu!, sigma);
    for (let i = 0; i < ce.t.length; i += 1) ll += ce.w[i]! * logSurvivalNormal((Math.log(ce.t[i]!) - mu!) / sigma);
    return lnS0 ? ll - nKept * logSurvivalNormal((Math.log(truncateSec) - mu!) / sigma) : ll;
  };
  const ln = nelderMead((x) => -lnLl(x), [Math.log(expMean) - 0.5, Math.log(1)], { step: 0.5 });
  const [mu, logSigma] = ln.x as [number, number];
  const sigma = Math.exp(logSigma);
  const lognormal: CensoredFit = {
    family: 'lognormal',
    mean: Math.exp(mu + (sigma * sigma) / 2),
    cv: Math.sqrt(Math.expm1(sigma * sigma)),
    logLik: -ln.fx,
    aic: 4 + 2 * ln.fx,
    cdf: (t) => (t <= 0 ? 0 : 0.5 * (1 + jStat.erf((Math.log(t) - mu) / (sigma * Math.SQRT2)))),
    quantile: (p) => Math.exp(jStat.normal.inv(p, mu, sigma)),
  };

  const gaLl = ([logShape, logScale]: readonly number[]): number => {
    const shape = Math.exp(logShape!);
    const scale = Math.exp(logScale!);
    let ll = 0;
    for (let i = 0; i < ev.t.length; i += 1) ll += ev.w[i]! * gammaLogPdf(ev.t[i]!, shape, scale);
    for (let i = 0; i < ce.t.length; i += 1)
      ll += ce.w[i]! * Math.log(Math.max(1e-300, 1 - gammaCdf(ce.t[i]!, shape, scale)));
    return lnS0 ? ll - nKept * Math.log(Math.max(1e-300, 1 - gammaCdf(truncateSec, shape, scale))) : ll;
  };
  const ga = nelderMead((x) => -gaLl(x), [0, Math.log(expMean)], { step: 0.5 });
  const shape = Math.exp(ga.x[0]!);
  const scale = Math.exp(ga.x[1]!);
  const gamma: CensoredFit = {
    family: 'gamma',
    mean: shape * scale,
    cv: 1 / Math.sqrt(shape),
    logLik: -ga.fx,
    aic: 4 + 2 * ga.fx,
    cdf: (t) => gammaCdf(t, shape, scale),
    quantile: (p) => jStat.gamma.inv(p, shape, scale),
  };
  const best = [exponential, lognormal, gamma].reduce((a, b) => (b.aic < a.aic ? b : a));
  return { exponential, lognormal, gamma, best };
}
