import { HotlineError } from '../errors.js';
import type { Rng } from './rng.js';

/** Draws one value (seconds, usually) from a distribution. */
export type Sampler = (rng: Rng) => number;

/** A distribution as written in scenario files; means and values in seconds. */
export type DistributionSpec =
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'gamma'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'deterministic'; readonly value: number }
  | { readonly dist: 'empirical'; readonly values: readonly number[]; readonly weights?: readonly number[] };

/** Exponential with the given mean. */
export function exponential(mean: number): Sampler {
  return (rng) => -Math.log(rng.nextOpen()) * mean;
}

/** Standard normal by Box–Muller (one value per call, the second is discarded for simplicity and determinism). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
}

/** Lognormal parameterised by its mean and coefficient of variation (sd/mean). */
export function lognormal(mean: number, cv: number): Sampler {
  const sigma2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(mean) - sigma2 / 2;
  return (rng) => Math.exp(mu + sigma * normal(rng));
}

/** Gamma parameterised by mean and cv (shape 1/cv², scale mean·cv²), Marsaglia–Tsang. */
export function gamma(mean: number, cv: number): Sampler {
  const shape = 1 / (cv * cv);
  const scale = mean / shape;
  const boost = shape < 1;
  const k = boost ? shape + 1 : shape;
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return (rng) => {
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = normal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = rng.nextOpen();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
    }
    const draw = d * v * scale;
    return boost ? draw * rng.nextOpen() ** (1 / shape) : draw;
  };
}

/** Always `value`. */
export function deterministic(value: number): Sampler {
  return () => value;
}

/** One of `values`, uniformly or by `weights`. */
export function empirical(values: readonly number[], weights?: readonly number[]): Sampler {
  if (!weights) return (rng) => values[rng.int(values.length)] as number;
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as number;
  };
}

/** The mean of a distribution spec, in its unit. */
export function specMean(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return spec.mean;
    case 'deterministic':
      return spec.value;
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return spec.values.reduce((sum, v, i) => sum + v * (w[i] as number), 0) / total;
    }
  }
}

/** A sampler for a spec; `where` names the scenario field for error messages. */
export function sampler(spec: DistributionSpec, where: string): Sampler {
  const positive = (value: number, name: string) => {
    if (!(value > 0) || !Number.isFinite(value))
      throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${where}.${name} must be a positive number, got ${value}.`);
  };
  switch (spec.dist) {
    case 'exponential':
      positive(spec.mean, 'mean');
      return exponential(spec.mean);
    case 'lognormal':
      positive(spec.mean, 'mean');
      positive(spec.cv, 'cv');
      return lognormal(spec.mean, spec.cv);
    case 'gamma':
      positive(spec.mean, 'mean');
      positive(spec.cv, 'cv');
      return gamma(spec.mean, spec.cv);
    case 'deterministic':
      if (!(spec.value >= 0))
        throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${where}.value must be >= 0, got ${spec.value}.`);
      return deterministic(spec.value);
    case 'empirical':
      if (spec.values.length === 0)
        throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${where}.values must list at least one value.`);
      if (spec.weights && spec.weights.length !== spec.values.length)
        throw new HotlineError(
          'HOTLINE_SCENARIO_INVALID',
          `${where}.weights must have one weight per value (${spec.values.length}), got ${spec.weights.length}.`,
        );
      return empirical(spec.values, spec.weights);
  }
}
