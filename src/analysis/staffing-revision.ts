/** A simulated figure of one hour: mean over replications and its 95 % confidence interval. */
export interface HourFigure {
  readonly mean: number;
  readonly ci: readonly [number, number];
}

/** What the confirming simulation says about one hour of the day. */
export interface HourEstimate {
  /** Mean calls offered to the queue in this hour per replication (all simulated days). */
  readonly offered: number;
  /** Answered within the threshold / offered. */
  readonly serviceLevel: HourFigure;
  /** Abandoned / offered. */
  readonly abandonRate: HourFigure;
  /**
   * What one agent fewer would cost at the simulated count, by the analytic
   * model: service-level points lost and abandon-rate points gained (both ≥ 0).
   * Default 0 for both: then only `reduceMargin` guards a reduction.
   */
  readonly oneAgentLess?: { readonly serviceLevel: number; readonly abandonRate: number };
}

/** The targets an hour is held to, and the margin that counts as "wide". */
export interface RevisionGoal {
  /** Least service level, 0 < x < 1. */
  readonly serviceLevel: number;
  /** Greatest abandon rate, 0 < x < 1. */
  readonly maxAbandonRate: number;
  /** Extra service-level points (0.02 = 2 points) the predicted figure with one agent fewer must clear the target by before an agent is taken away. */
  readonly reduceMargin: number;
}

/**
 * How one simulated hour stands:
 * - `miss`: the mean service level is below target, or the mean abandon rate above its maximum;
 * - `wide`: met by so wide a margin that one agent fewer should still meet
 *   both targets: the service level's CI lower bound, less what one agent is
 *   worth ({@link HourEstimate.oneAgentLess}), is at least target + margin, AND
 *   the abandon rate's CI upper bound, plus what one agent is worth, is within its maximum;
 * - `meets`: met, but not by a wide margin;
 * - `no-calls`: nothing was offered in this hour, so there is nothing to judge.
 */
export type HourVerdict = 'miss' | 'wide' | 'meets' | 'no-calls';

/**
 * Judges one hour. A miss is decided on the means (the expected KPI is what
 * a contract measures; requiring the CI's upper bound to fall below target
 * would accept a short plan whenever the replications are few). An hour `onTrial`
 * (it just gave up an agent) must meet both targets at the unfavourable end of
 * the CIs, so a removal stands only on clear evidence.
 *
 * @example hourVerdict({ offered: 400, serviceLevel: { mean: 0.78, ci: [0.74, 0.82] }, abandonRate: { mean: 0.02, ci: [0.01, 0.03] } }, goal) // 'miss'
 */
export function hourVerdict(estimate: HourEstimate, goal: RevisionGoal, onTrial = false): HourVerdict {
  const sl = estimate.serviceLevel;
  const ab = estimate.abandonRate;
  if (!(estimate.offered > 0) || !Number.isFinite(sl.mean)) return 'no-calls';
  // Without abandonment figures (callers never hang up) only the service level counts.
  const abandonHigh = (x: number) => Number.isFinite(x) && x > goal.maxAbandonRate;
  if (sl.mean < goal.serviceLevel || abandonHigh(ab.mean)) return 'miss';
  if (onTrial && (sl.ci[0] < goal.serviceLevel || abandonHigh(ab.ci[1]))) return 'miss';
  const less = estimate.oneAgentLess ?? { serviceLevel: 0, abandonRate: 0 };
  const abandonWithOneLess = Number.isFinite(ab.ci[1]) ? ab.ci[1] + less.abandonRate : 0;
  return sl.ci[0] - less.serviceLevel >= goal.serviceLevel + goal.reduceMargin &&
    abandonWithOneLess <= goal.maxAbandonRate
    ? 'wide'
    : 'meets';
}

/** The outcome of one revision round. */
export interface Revision {
  /** On-phone agents per hour for the next round. */
  readonly onPhone: readonly number[];
  /** Per hour, the largest on-phone count any round found short (−1: none yet). */
  readonly highestShort: readonly number[];
  /** Hours that missed and get one more agent. */
  readonly added: readonly number[];
  /** Hours met by a wide margin that give up one agent (on trial in the next round). */
  readonly removed: readonly number[];
  /** Each hour's verdict in the round just simulated. */
  readonly verdicts: readonly HourVerdict[];
}

/**
 * One round of the search, hour by hour:
 * - `miss` → one agent more, and the count that missed is remembered as short;
 * - `wide` → one agent fewer, unless that count was already found short in an
 *   earlier round or would leave the hour with no agent;
 * - otherwise unchanged.
 * The next round judges a lowered hour on trial (see {@link hourVerdict}): if
 * it fails, the agent comes back and that count is never tried again, so the
 * search cannot oscillate. No change in any hour means the plan is confirmed.
 *
 * @param onPhone on-phone agents per hour of the round just simulated.
 * @param highestShort per hour, the largest count found short so far (−1: none).
 * @param estimates the round's simulated figures per hour.
 * @param onTrial hours lowered in the previous round (its `removed`).
 * @example reviseStaffing([13], [-1], [{ offered: 1400, serviceLevel: { mean: 0.77, ci: [0.75, 0.79] }, abandonRate: { mean: 0.04, ci: [0.03, 0.05] } }], goal)
 * // { onPhone: [14], highestShort: [13], added: [0], removed: [], verdicts: ['miss'] }
 */
export function reviseStaffing(
  onPhone: readonly number[],
  highestShort: readonly number[],
  estimates: readonly HourEstimate[],
  goal: RevisionGoal,
  onTrial: readonly number[] = [],
): Revision {
  const next = [...onPhone];
  const short = [...highestShort];
  const added: number[] = [];
  const removed: number[] = [];
  const verdicts = onPhone.map((n, hour) => {
    const estimate = estimates[hour];
    const verdict = estimate === undefined ? 'no-calls' : hourVerdict(estimate, goal, onTrial.includes(hour));
    if (verdict === 'miss') {
      short[hour] = Math.max(short[hour] ?? -1, n);
      next[hour] = n + 1;
      added.push(hour);
    } else if (verdict === 'wide' && n - 1 >= 1 && n - 1 > (short[hour] ?? -1)) {
      next[hour] = n - 1;
      removed.push(hour);
    }
    return verdict;
  });
  return { onPhone: next, highestShort: short, added, removed, verdicts };
}
