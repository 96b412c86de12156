/**
 * Documented ranges of every numeric field (README, "Scenario fields"): wide
 * enough for any real hotline, narrow enough that a typo (an extra zero run,
 * a rate in calls per year) is an error at load instead of a run that never
 * ends or runs out of memory.
 */
export const SCENARIO_LIMITS = {
  /** Longest duration a distribution may give or average, seconds (a week). */
  durationSec: 604_800,
  /** Largest coefficient of variation of a distribution. */
  cv: 20,
  /** Most values of an empirical distribution. */
  empiricalValues: 1_000_000,
  /** Longest horizon, days (ten years). */
  horizonDays: 3660,
  /** Most first calls of a calls-only horizon. */
  horizonCalls: 100_000_000,
  callsPerHour: 1_000_000,
  callsPerDay: 24_000_000,
  /** Most agents in a pool, shift or hour. */
  agents: 100_000,
  /** Largest cost, penalty or price, per year or hour. */
  money: 1e12,
  /** Largest day-of-week factor or surge multiplier. */
  factor: 100,
  /** Call-type shares must add up to 1 within this. */
  shareSumTolerance: 0.001,
  /** hourly_profile_pct must add up to 100 within this. */
  profileSumTolerancePct: 0.1,
} as const;
