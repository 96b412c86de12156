import type { Scenario } from './scenario-schema.js';
import type { WEEKDAYS } from './scenario-schema.js';

/** A day of the week as scenarios name it (`Mon` … `Sun`). */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A scenario's expected calls on a day: `calls_per_day` × `day_of_week_factor[weekday]` (1 when not given), or 24 ×
 * `calls_per_hour` for a constant rate. Surges and day noise are left out: they are what a day may add, not what it
 * is expected to bring. The simulator's daily volume (buildSimModel) starts from this.
 */
export function expectedCallsPerDay(demand: Scenario['demand'], weekday: Weekday): number {
  if (demand.calls_per_hour !== undefined) return demand.calls_per_hour * 24;
  return (demand.calls_per_day ?? 0) * (demand.day_of_week_factor?.[weekday] ?? 1);
}

/** Each hour's share of a day's calls (the hourly profile scaled to add up to 1); even shares without a profile. */
export function hourlyShares(demand: Scenario['demand']): number[] {
  const profile = demand.hourly_profile_pct;
  const total = profile?.reduce((a, b) => a + b, 0) ?? 0;
  if (profile === undefined || !(total > 0)) return new Array<number>(24).fill(1 / 24);
  return profile.map((pct) => pct / total);
}

/**
 * A scenario's expected calls in each local clock hour (0–23) of a day: calls per day × weekday factor × the hour's
 * share of the profile, the arrival rate the simulator draws from (before surges and noise) times an hour.
 *
 * @example expectedCallsPerHour(scenario.demand, 'Mon')[9] // calls expected 09:00–10:00 on a Monday
 */
export function expectedCallsPerHour(demand: Scenario['demand'], weekday: Weekday): number[] {
  const day = expectedCallsPerDay(demand, weekday);
  return hourlyShares(demand).map((share) => day * share);
}
