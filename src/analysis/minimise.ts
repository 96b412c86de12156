import 'fmin';

/** A minimum found: the point and the function's value there. */
export interface Minimum {
  readonly x: number[];
  readonly fx: number;
}

/** Options of `minimise`. */
export interface MinimiseOptions {
  /** Iterations per run (default 200 × dimensions). */
  readonly maxIterations?: number;
  /** Runs, each restarted from the previous minimum while it improves by more than 1e-12 (default 4). */
  readonly restarts?: number;
}

/**
 * Minimises a smooth `f` from `x0` with fmin's conjugate gradient (Polak–Ribière, Wolfe line search), the
 * gradient by central differences. Not fmin's Nelder–Mead: in fmin 0.0.4's build its shrink step assigns an
 * undeclared variable and throws in strict mode. fmin's build defines `globalThis.fmin` when imported as ESM
 * (src/types/fmin.d.ts). Scale `f` to order 1 (e.g. a log-likelihood divided by N).
 */
export function minimise(f: (x: number[]) => number, x0: readonly number[], options: MinimiseOptions = {}): Minimum {
  const fmin = (globalThis as unknown as { fmin: FminModule }).fmin;
  const withGradient = (x: number[], gradient: number[]): number => {
    for (let i = 0; i < x.length; i += 1) {
      const xi = x[i] as number;
      const h = 1e-6 * Math.max(1, Math.abs(xi));
      x[i] = xi + h;
      const up = f(x);
      x[i] = xi - h;
      const down = f(x);
      x[i] = xi;
      gradient[i] = (up - down) / (2 * h);
    }
    return f(x);
  };
  const maxIterations = options.maxIterations ?? 200 * Math.max(1, x0.length);
  let best: Minimum = { x: [...x0], fx: f([...x0]) };
  for (let run = 0; run < (options.restarts ?? 4); run += 1) {
    const found = fmin.conjugateGradient(withGradient, [...best.x], { maxIterations });
    if (!(found.fx < best.fx - 1e-12)) break;
    best = { x: [...found.x], fx: found.fx };
  }
  return best;
}
