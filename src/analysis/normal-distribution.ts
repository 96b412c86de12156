/**
 * Standard normal density, distribution and tail functions to full double
 * precision, including far tails. The distribution uses W. J. Cody's rational
 * Chebyshev approximations (ACM TOMS Algorithm 715, "ANORM"), the algorithm
 * behind R's pnorm; relative error about 1e-16 in both tails.
 */

const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
/** Φ⁻¹(3/4): below this |x| the central approximation is used. */
const CENTRAL_LIMIT = 0.67448975;

const A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
] as const;
const Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
] as const;

/**
 * Standard normal density φ(x) = exp(−x²/2)/√(2π).
 *
 * @example normalPdf(0) // 0.3989422804014327
 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * gaussianFactor(Math.abs(x));
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x).
 *
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return 0.5 + central(x);
  const tail = gaussianFactor(y) * millsRatioScaled(y);
  return x > 0 ? 1 - tail : tail;
}

/**
 * Upper tail 1 − Φ(x) = P(Z > x), accurate where 1 − normalCdf(x) would round to 0.
 *
 * @example normalSurvival(10) // 7.619853024160527e-24
 */
export function normalSurvival(x: number): number {
  return normalCdf(-x);
}

/**
 * Hazard rate of the standard normal, h(x) = φ(x)/(1 − Φ(x)) (the inverse Mills
 * ratio), finite for every real x: the exp(−x²/2) factors cancel analytically,
 * so h(40) ≈ 40.02 is exact where φ and 1 − Φ both underflow.
 *
 * @example normalHazard(0) // 0.7978845608028654 (= 2φ(0))
 */
export function normalHazard(x: number): number {
  if (x <= CENTRAL_LIMIT) return normalPdf(x) / normalSurvival(x);
  return INV_SQRT_2PI / millsRatioScaled(x);
}

/** x·R(x²) with Φ(x) = 1/2 + that, for |x| ≤ 0.674. */
function central(x: number): number {
  const xsq = x * x;
  let num = A[4] * xsq;
  let den = xsq;
  for (let i = 0; i < 3; i += 1) {
    num = (num + A[i]!) * xsq;
    den = (den + B[i]!) * xsq;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/**
 * For y > 0.674: the factor r(y) with 1 − Φ(y) = exp(−y²/2)·r(y), i.e. φ(y)
 * times Mills' ratio, without the exponential.
 */
function millsRatioScaled(y: number): number {
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i += 1) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    return (num + C[7]) / (den + D[7]);
  }
  const xsq = 1 / (y * y);
  let num = P[5] * xsq;
  let den = xsq;
  for (let i = 0; i < 4; i += 1) {
    num = (num + P[i]!) * xsq;
    den = (den + Q[i]!) * xsq;
  }
  return (INV_SQRT_2PI - (xsq * (num + P[4])) / (den + Q[4])) / y;
}

/**
 * exp(−y²/2) for y ≥ 0, split as Cody does (y = ysq + rest with ysq a multiple
 * of 1/16) so that the rounding of y² does not cost relative accuracy in far tails.
 */
function gaussianFactor(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const del = (y - head) * (y + head);
  return Math.exp(-head * head * 0.5) * Math.exp(-del * 0.5);
}
