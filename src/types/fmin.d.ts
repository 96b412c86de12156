// fmin 0.0.4 (no published types). Its build is a UMD file in a "type": "module" package, so under Node's ESM it
// exports nothing and defines `globalThis.fmin` instead: import it for that side effect (see analysis/minimise.ts).
declare module 'fmin' {}

/** A point fmin's conjugate gradient works on: x, f(x) and the gradient there. */
interface FminPoint {
  x: number[];
  fx: number;
  fxprime: number[];
}

/** The part of fmin hotline uses. */
interface FminModule {
  /** `f(x, gradient)` returns f(x) and writes the gradient into `gradient`. */
  conjugateGradient(
    f: (x: number[], gradient: number[]) => number,
    initial: number[],
    parameters?: { maxIterations?: number },
  ): FminPoint;
}
