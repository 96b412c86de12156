import { WEEKDAYS, type Scenario } from './scenario-schema.js';

const DAY_SEC = 86400;

/** How big one replication of a scenario is, before running it. */
export interface RunEstimate {
  /** Mean arrival rate over a week, calls per second (day-of-week factors and surges' extra calls included). */
  readonly ratePerSec: number;
  /** Simulated time of one replication, seconds (a calls-only horizon: the time its calls take to arrive). */
  readonly horizonSec: number;
  /** Expected first calls of one replication (redials and callback legs not counted). */
  readonly callsPerReplication: number;
}

/**
 * The size of one replication of `scenario`, as the simulator will lay it out
 * (`buildSimModel`): a `days` horizon runs that long; a calls-only horizon
 * runs until `calls` first calls have arrived at the mean rate. `calls`
 * overrides `horizon.calls` (the CLI's --calls). Used to refuse, before
 * starting, runs that would take hours or exhaust memory.
 */
export function estimateRun(scenario: Scenario, calls?: number): RunEstimate {
  const d = scenario.demand;
  let ratePerSec: number;
  if (d.calls_per_hour !== undefined) {
    ratePerSec = d.calls_per_hour / 3600;
  } else {
    const factors = WEEKDAYS.map((day) => d.day_of_week_factor?.[day] ?? 1);
    ratePerSec = ((d.calls_per_day ?? 0) * (factors.reduce((a, b) => a + b, 0) / 7)) / DAY_SEC;
  }
  const limit = calls ?? scenario.horizon.calls;
  const daysSec = scenario.horizon.days === undefined ? Infinity : scenario.horizon.days * DAY_SEC;
  // Surges add calls on their days: count the extra volume so a 100x surge is not estimated as a quiet week.
  const surgeExtraSec =
    d.calls_per_day === undefined
      ? 0
      : d.surges.reduce(
          (sum, s) =>
            sum +
            Math.max(0, Math.min(s.days, (daysSec - s.start_day * DAY_SEC) / DAY_SEC)) * DAY_SEC * (s.multiplier - 1),
          0,
        );
  const byDays = ratePerSec * (daysSec + surgeExtraSec);
  const callsPerReplication = Math.min(limit ?? Infinity, byDays);
  const horizonSec = Math.min(daysSec, limit === undefined ? Infinity : limit / ratePerSec);
  return { ratePerSec, horizonSec, callsPerReplication };
}
