import type { Scenario } from './scenario-schema.js';
import { WEEKDAYS } from './scenario-schema.js';

type Pool = Scenario['pools'][number];

const DAY_SEC = 86400;

/**
 * Scheduled agents of a pool at time `tSec` of a run starting on `startDay`
 * (headcount before shrinkage): a constant, an hourly pattern repeated daily,
 * or the sum of the shifts covering that moment (a shift may run past
 * midnight; its `days` name the weekday it starts on). The week repeats, so
 * a night shift of the day before the run covers its first morning.
 */
export function scheduledAgentsAt(pool: Pool, tSec: number, startDay: (typeof WEEKDAYS)[number]): number {
  if (pool.agents !== undefined) return pool.agents;
  if (pool.agents_by_hour !== undefined) return pool.agents_by_hour[Math.floor((tSec % DAY_SEC) / 3600)] ?? 0;
  const day = Math.floor(tSec / DAY_SEC);
  const secOfDay = tSec - day * DAY_SEC;
  const first = WEEKDAYS.indexOf(startDay);
  let total = 0;
  for (const shift of pool.shifts ?? []) {
    const startSec = shift.start_hour * 3600;
    const endSec = startSec + shift.hours * 3600;
    // Started today, or started yesterday and runs past midnight.
    for (const [offset, at] of [
      [0, secOfDay],
      [1, secOfDay + DAY_SEC],
    ] as const) {
      const weekday = WEEKDAYS[(((first + day - offset) % 7) + 7) % 7]!;
      if (shift.days && !shift.days.includes(weekday)) continue;
      if (at >= startSec && at < endSec) total += shift.agents;
    }
  }
  return total;
}
