import { HotlineError } from '../errors.js';
import { type Scenario, WEEKDAYS } from '../scenario/scenario-schema.js';
import { buildSimModel } from './build-model.js';

const DAY_SEC = 86400;
const HOURS = 24;

/**
 * The demand a daily staffing pattern must carry: for each hour of the day,
 * the highest expected arrival rate over the scenario's horizon, calls per
 * hour (24 values). Day-of-week factors and surges that fall in the horizon
 * count; the day-level noise does not (it is a forecast error, which the
 * confirming simulation adds back).
 *
 * @throws HotlineError HOTLINE_SCENARIO_INVALID when the scenario cannot be modelled (e.g. `flow` is not `none`).
 * @example busiestDayCallsPerHour(midsizeCity)[10] // ≈ 466.8 (Monday 10:00: 4500 × 1.15 × 9.02 %)
 */
export function busiestDayCallsPerHour(scenario: Scenario): number[] {
  const { rates, intervalSec } = expectedRates(scenario);
  const busiest = Array.from({ length: HOURS }, () => 0);
  rates.forEach((ratePerSec, k) => {
    const hour = hourOfInterval(k, intervalSec);
    busiest[hour] = Math.max(busiest[hour] ?? 0, ratePerSec * 3600);
  });
  // A constant-rate scenario has one rate for the whole horizon.
  if (rates.length === 1) busiest.fill((rates[0] ?? 0) * 3600);
  return busiest;
}

/** A day `hotline staff` plans for: the busiest of each hour over the horizon, or one weekday. */
export type PlanDay = 'busiest' | (typeof WEEKDAYS)[number];

/**
 * The demand of one weekday, calls per hour (24 values): for each hour, the highest expected rate over that weekday's
 * days (at least a week is modelled, so every weekday has one; a surge in the horizon counts where it falls).
 * `busiest` is {@link busiestDayCallsPerHour}.
 *
 * @example callsPerHourOfDay(midsizeCity, 'Sun')[10] // ≈ 316.6 (4500 × 0.78 × 9.02 %)
 */
export function callsPerHourOfDay(scenario: Scenario, day: PlanDay): number[] {
  if (day === 'busiest') return busiestDayCallsPerHour(scenario);
  const days = Math.max(7, Math.ceil(scenario.horizon.days ?? 0));
  const week: Scenario = { ...scenario, horizon: { days, start_day: scenario.horizon.start_day } };
  const { rates, intervalSec } = expectedRates(week);
  if (rates.length === 1) return Array.from({ length: HOURS }, () => (rates[0] ?? 0) * 3600);
  const first = WEEKDAYS.indexOf(scenario.horizon.start_day);
  const out = Array.from({ length: HOURS }, () => 0);
  rates.forEach((ratePerSec, k) => {
    if (WEEKDAYS[(first + Math.floor((k * intervalSec) / DAY_SEC)) % 7] !== day) return;
    const hour = hourOfInterval(k, intervalSec);
    out[hour] = Math.max(out[hour] ?? 0, ratePerSec * 3600);
  });
  return out;
}

/**
 * Expected (noise-free) arrival rates of every interval of the horizon, calls
 * per second, and the interval length. The simulator's own model builder
 * computes them, so the planner and the simulator cannot disagree on demand.
 */
export function expectedRates(scenario: Scenario): { readonly rates: readonly number[]; readonly intervalSec: number } {
  const quiet: Scenario = { ...scenario, demand: { ...scenario.demand, day_noise_cv: 0 } };
  const model = buildSimModel(quiet, { seed: scenario.seed, replication: 0 });
  return { rates: model.arrivalRatePerSec, intervalSec: model.intervalSec };
}

/**
 * A variant of `scenario` whose every day has the demand `callsPerHour` (24
 * values): the busiest day repeated for `days` days, with the scenario's
 * day-level noise, callers, IVR and redials kept, weekday factors and surges
 * dropped (they are already in the figures), hourly intervals, and the
 * horizon in days (a calls-only horizon would leave late hours empty).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID when `days` is not a whole number ≥ 1 or there is no demand at all.
 * @example designDayScenario(scenario, busiestDayCallsPerHour(scenario), 7)
 */
export function designDayScenario(scenario: Scenario, callsPerHour: readonly number[], days: number): Scenario {
  if (!Number.isInteger(days) || days < 1)
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `designDayScenario: days must be a whole number of at least 1, got ${String(days)}.`,
    );
  if (callsPerHour.length !== HOURS)
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `designDayScenario: callsPerHour must have 24 values (one per hour of the day), got ${callsPerHour.length}.`,
    );
  const perDay = callsPerHour.reduce((a, b) => a + b, 0);
  if (!(perDay > 0))
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `designDayScenario: the scenario "${scenario.name}" has no demand in any hour; nothing to staff.`,
    );
  const demand: Scenario['demand'] = {
    calls_per_day: perDay,
    hourly_profile_pct: [...callsPerHour],
    day_noise_cv: scenario.demand.day_noise_cv,
    surges: [],
  };
  return { ...scenario, demand, horizon: { days, start_day: 'Mon' }, interval_minutes: 60 };
}

function hourOfInterval(k: number, intervalSec: number): number {
  return Math.floor(((k * intervalSec) % DAY_SEC) / 3600) % HOURS;
}
