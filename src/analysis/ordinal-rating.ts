/**
 * The ordinal (cumulative-logit, "proportional odds") model of survey ratings
 * 1 (very satisfied) … 5 (very dissatisfied), as `behaviour.satisfaction`
 * defines it: P(rating <= k) = 1 / (1 + exp(−(t_k − eta))), k = 1..4, for
 * increasing cutpoints t_1..t_4 and a linear predictor eta (positive eta
 * makes ratings worse). Pure: the simulator draws with it, calibration fits it.
 */

/** Number of rating levels (the five-level 好差评 scale). */
export const RATING_LEVELS = 5;

/** Shares below this (or above 1 minus it) are clamped when turned into cutpoints, so every cutpoint is finite. */
export const MIN_CUMULATIVE_SHARE = 1e-9;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * P(rating <= k) for k = 1..4 at linear predictor `eta`: four non-decreasing values in [0, 1].
 * @example cumulativeRatingProbabilities([-1, 0, 1, 2], 0)[1] // 0.5
 */
export function cumulativeRatingProbabilities(cutpoints: readonly number[], eta: number): number[] {
  let previous = 0;
  return cutpoints.map((t) => {
    // max() keeps the cumulative non-decreasing should rounding make a tie dip.
    previous = Math.max(previous, logistic(t - eta));
    return previous;
  });
}

/**
 * The probability of each rating 1..5 at linear predictor `eta` (five values adding up to 1).
 * @example ratingProbabilities([0, 1, 2, 3], 0) // [0.5, 0.231, 0.150, 0.072, 0.047]
 */
export function ratingProbabilities(cutpoints: readonly number[], eta: number): number[] {
  const cumulative = cumulativeRatingProbabilities(cutpoints, eta);
  return [...cumulative, 1].map((p, k) => p - (k === 0 ? 0 : (cumulative[k - 1] as number)));
}

/**
 * The rating 1..5 for a uniform draw `u` in [0, 1) (inverse of the cumulative distribution): the smallest k
 * with u < P(rating <= k), else 5. Allocates nothing (the simulator's survey path).
 */
export function ratingFromUniform(cutpoints: readonly number[], eta: number, u: number): number {
  for (let k = 0; k < cutpoints.length; k += 1) {
    if (u < logistic((cutpoints[k] as number) - eta)) return k + 1;
  }
  return cutpoints.length + 1;
}

/**
 * Cutpoints that reproduce a table of rating weights (1..5, as `callers.survey.ratings`) at eta 0:
 * t_k = logit(F_k), F_k the cumulative share of ratings 1..k, clamped to [MIN_CUMULATIVE_SHARE,
 * 1 − MIN_CUMULATIVE_SHARE] so a rating with weight 0 at either end still gives finite cutpoints (its
 * probability is then below 1e-9). Levels with weight 0 between others give equal cutpoints.
 * @example cutpointsFromWeights([0.5, 0.3, 0.1, 0.05, 0.05]) // [0, 1.386, 2.197, 2.944]
 * @throws RangeError when there are not five finite weights >= 0 with a positive total.
 */
export function cutpointsFromWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.length !== RATING_LEVELS || !weights.every((w) => Number.isFinite(w) && w >= 0) || !(total > 0))
    throw new RangeError(
      `need ${RATING_LEVELS} finite weights >= 0 with a positive total, got [${weights.join(', ')}]`,
    );
  let running = 0;
  return weights.slice(0, RATING_LEVELS - 1).map((w) => {
    running += w;
    const share = Math.min(Math.max(running / total, MIN_CUMULATIVE_SHARE), 1 - MIN_CUMULATIVE_SHARE);
    return Math.log(share / (1 - share));
  });
}
