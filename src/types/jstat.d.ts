// The part of jstat (no published types) hotline uses.
declare module 'jstat' {
  const pkg: { jStat: typeof jStat };
  export default pkg;
  export const jStat: {
    studentt: { inv(p: number, dof: number): number };
    normal: { inv(p: number, mean: number, sd: number): number };
    mean(values: ArrayLike<number>): number;
  };
}
