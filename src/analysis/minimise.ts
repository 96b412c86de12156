import { nelderMead } from './nelder-mead.js';

/** A minimum found: the point and the function's value there. */
export interface Minimum {
  readonly x: number[];
  readonly fx: number;
}

/** Options of `minimise`. */
export interface MinimiseOptions {
  /** Iterations per run (default 500 × dimensions). */
  readonly maxIterations?: number;
  /** Runs, each restarted from the previous minimum while it improves by more than 1e-12 (default 4). */
  readonly restarts?: number;
}

/**
 * Minimises `f` from `x0` by Nelder–Mead (nelder-mead.ts), restarted from each minimum found with a fresh
 * simplex while that still improves: a restart undoes a simplex collapsed along a ridge, which in the
 * satisfaction model's 6–10 parameters happens often enough to matter. Scale `f` to order 1 (e.g. a
 * log-likelihood divided by N).
 */
export function minimise(f: (x: number[]) => number, x0: readonly number[], options: MinimiseOptions = {}): Minimum {
  const maxIterations = options.maxIterations ?? 500 * Math.max(1, x0.length);
  let best: Minimum = { x: [...x0], fx: f([...x0]) };
  for (let run = 0; run < (options.restarts ?? 4); run += 1) {
    const found = nelderMead((x) => f([...x]), best.x, { maxIterations, tolerance: 1e-12, step: 0.5 });
    if (!(found.fx < best.fx - 1e-12)) break;
    best = { x: [...found.x], fx: found.fx };
  }
  return best;
}
