import {
  type CensoredFit,
  type CensoredFits,
  fitCensored,
  type KaplanMeier,
  kaplanMeier,
  kmSurvival,
} from './fit-censored.js';

/**
 * Patience from queue waits: abandoned callers' waits are events, everyone else's waits (answered, callback,
 * other exits) censored. Callers who hang up within `shortSec` (at the queue's announcement, as on 12345 lines)
 * are another population: their share is estimated apart and the parametric fit is made on the rest.
 */

/** A patience distribution as a scenario writes it. */
export type PatienceSpec =
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'lognormal' | 'gamma'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'empirical'; readonly values: readonly number[]; readonly weights: readonly number[] };

/** The patience fit. */
export interface PatienceFit {
  readonly n: number;
  readonly events: number;
  readonly censored: number;
  readonly shortSec: number;
  /** Abandons with a wait under shortSec (observed). */
  readonly shortAbandons: number;
  /**
   * Estimated share of callers who would hang up within shortSec beyond what the fitted distribution gives there:
   * q = (F_KM(shortSec) − F(shortSec)) / (1 − F(shortSec)), at least 0.
   */
  readonly shortAbandonShare: number;
  /** Kaplan–Meier over all waits (short abandons included). */
  readonly km: KaplanMeier;
  /**
   * Censored fits on the waits of shortSec and more, left-truncated at shortSec (each conditioned on having
   * waited that long), when there are short abandons; on all waits otherwise. Null when none of those abandoned.
   */
  readonly fits: CensoredFits | null;
  /**
   * The scenario's patience: the best parametric fit alone when the short share is under minShortShare, else an
   * empirical mixture: the short abandons' waits with total weight q, the fit's quantiles with weight 1 − q.
   */
  readonly spec: PatienceSpec | null;
}

/** Options: the short-abandon threshold (default 5 s), the share below which it is ignored (0.005). */
export interface PatienceOptions {
  readonly shortSec?: number;
  readonly minShortShare?: number;
  /** Quantiles of the parametric part in a mixture (default 180). */
  readonly quantiles?: number;
}

const MAX_SEC = 604_800;

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function parametric(fit: CensoredFit): PatienceSpec {
  return fit.family === 'exponential'
    ? { dist: 'exponential', mean: r3(fit.mean) }
    : { dist: fit.family, mean: r3(fit.mean), cv: Math.round(fit.cv * 10000) / 10000 };
}

/** Fits patience; see PatienceFit. `abandonWaits`: events; `censoredWaits`: lower bounds. */
export function fitPatience(
  abandonWaits: ArrayLike<number>,
  censoredWaits: ArrayLike<number>,
  options: PatienceOptions = {},
): PatienceFit {
  const shortSec = options.shortSec ?? 5;
  const abandons = Array.from(abandonWaits as ArrayLike<number>);
  const short = abandons.filter((t) => t < shortSec).sort((a, b) => a - b);
  const rest = abandons.filter((t) => t >= shortSec);
  const km = kaplanMeier(abandons, censoredWaits);
  const fits = rest.length > 0 ? fitCensored(rest, censoredWaits, short.length > 0 ? shortSec : 0) : null;
  const base = {
    n: abandons.length + censoredWaits.length,
    events: abandons.length,
    censored: censoredWaits.length,
    shortSec,
    shortAbandons: short.length,
    km,
    fits,
  };
  if (!fits)
    return { ...base, shortAbandonShare: short.length > 0 ? 1 - kmSurvival(km, shortSec - 1e-9) : 0, spec: null };
  const fAt = fits.best.cdf(shortSec);
  const kmAt = 1 - kmSurvival(km, shortSec - 1e-9);
  const q = Math.min(1, Math.max(0, (kmAt - fAt) / (1 - fAt)));
  if (q < (options.minShortShare ?? 0.005) || short.length === 0)
    return { ...base, shortAbandonShare: q, spec: parametric(fits.best) };
  const k = options.quantiles ?? 180;
  const values: number[] = [];
  const weights: number[] = [];
  const bins = Math.min(short.length, 20);
  for (let b = 0; b < bins; b += 1) {
    const from = Math.floor((b * short.length) / bins);
    const to = Math.floor(((b + 1) * short.length) / bins);
    values.push(r3(short.slice(from, to).reduce((s, t) => s + t, 0) / (to - from)));
    weights.push((q * (to - from)) / short.length);
  }
  for (let j = 0; j < k; j += 1) {
    values.push(r3(Math.min(MAX_SEC, fits.best.quantile((j + 0.5) / k))));
    weights.push((1 - q) / k);
  }
  return {
    ...base,
    shortAbandonShare: q,
    spec: { dist: 'empirical', values, weights: weights.map((w) => Math.round(w * 1e9) / 1e9) },
  };
}
