// The part of jstat (no published types) hotline uses.
declare module 'jstat' {
  const pkg: { jStat: typeof jStat };
  export default pkg;
  export const jStat: {
    studentt: { inv(p: number, dof: number): number };
    normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
    gamma: { inv(p: number, shape: number, scale: number): number };
    mean(values: ArrayLike<number>): number;
    erf(x: number): number;
    gammaln(x: number): number;
    /** The regularised lower incomplete gamma function P(a, x). */
    lowRegGamma(a: number, x: number): number;
  };
}
