/**
 * A small Nelder–Mead minimiser for the censored maximum-likelihood fits (two or three parameters).
 *
 * Why not the `fmin` package: fmin 0.0.4 declares `"type": "module"` but its `main` (build/fmin.js) is a UMD
 * bundle, so Node's ESM loader sees no exports at all (the bundle only sets `globalThis.fmin` as a side effect),
 * and its `jsnext:main` (index.js) imports extension-less paths Node cannot resolve; and its Nelder–Mead's shrink
 * step assigns an undeclared `i`, a ReferenceError in strict mode whenever the simplex shrinks. Forty lines of the
 * textbook method (Lagarias et al. 1998 coefficients: reflect 1, expand 2, contract ½, shrink ½) are clearer than
 * a global-variable import.
 */

/** The minimum found: the point, the function's value there, and the iterations used. */
export interface Minimum {
  readonly x: readonly number[];
  readonly fx: number;
  readonly iterations: number;
}

/** Options: starting step per coordinate (default 10 % of |x0|, or 0.1), tolerance on f, iteration cap. */
export interface NelderMeadOptions {
  readonly step?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/**
 * Minimises `f` from `x0`. Non-finite values of `f` count as +∞ (outside the domain), so a log-likelihood that
 * underflows pushes the simplex back. Stops when the simplex's values differ by less than `tolerance` (1e-9
 * relative) or after `maxIterations` (500 × dimension).
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const n = x0.length;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 500 * n;
  const value = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const simplex: { x: number[]; fx: number }[] = [{ x: [...x0], fx: value([...x0]) }];
  for (let i = 0; i < n; i += 1) {
    const x = [...x0];
    x[i] = (x[i] as number) + (options.step ?? (x[i] !== 0 ? 0.1 * Math.abs(x[i] as number) : 0.1));
    simplex.push({ x, fx: value(x) });
  }
  const along = (centroid: number[], worst: number[], t: number): number[] =>
    centroid.map((c, i) => c + t * (c - (worst[i] as number)));
  let iterations = 0;
  for (; iterations < maxIterations; iterations += 1) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j += 1) for (let i = 0; i < n; i += 1) centroid[i]! += simplex[j]!.x[i]! / n;
    const reflected = along(centroid, worst.x, 1);
    const fr = value(reflected);
    if (fr < best.fx) {
      const expanded = along(centroid, worst.x, 2);
      const fe = value(expanded);
      simplex[n] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < simplex[n - 1]!.fx) {
      simplex[n] = { x: reflected, fx: fr };
    } else {
      const outside = fr < worst.fx;
      const contracted = along(centroid, worst.x, outside ? 0.5 : -0.5);
      const fc = value(contracted);
      if (fc < (outside ? fr : worst.fx)) simplex[n] = { x: contracted, fx: fc };
      else
        for (let j = 1; j <= n; j += 1) {
          const x = simplex[j]!.x.map((v, i) => best.x[i]! + 0.5 * (v - best.x[i]!));
          simplex[j] = { x, fx: value(x) };
        }
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: simplex[0]!.x, fx: simplex[0]!.fx, iterations };
}
