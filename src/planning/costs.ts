import { scheduledAgentsAt } from '../scenario/pool-schedule.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { Kpis } from '../analysis/kpis.js';

const YEAR_SEC = 365 * 86400;

/** What a scenario's staffing costs, scaled to a year. Amounts in the scenario's currency (RMB for the shipped ones). */
export interface CostResult {
  /** Total per year: agent-hours, agent-years, fixed contract prices and penalties. */
  readonly perYear: number;
  /** Per year by pool entry name (penalties excluded). */
  readonly byPool: Readonly<Record<string, number>>;
  /** Full-time equivalents by pool entry name: scheduled hours per week / paid hours per FTE week. */
  readonly fteByPool: Readonly<Record<string, number>>;
  /** Penalties per year for missing the targets. */
  readonly penaltyPerYear: number;
  /** perYear / answered calls per year. */
  readonly perAnsweredCall: number;
}

/**
 * Scheduled agent-seconds of a pool entry from `fromSec` to `toSec`, and the
 * most agents scheduled at once (seats), read at the starts of the scenario's
 * intervals as the simulator staffs them.
 */
function scheduled(
  s: Scenario,
  pool: Scenario['pools'][number],
  fromSec: number,
  toSec: number,
): { sec: number; peak: number } {
  if (pool.agents !== undefined) return { sec: pool.agents * Math.max(0, toSec - fromSec), peak: pool.agents };
  const step = s.interval_minutes * 60;
  let sec = 0;
  let peak = 0;
  for (let t = Math.floor(fromSec / step) * step; t < toSec; t += step) {
    const agents = scheduledAgentsAt(pool, t, s.horizon.start_day);
    sec += agents * (Math.min(t + step, toSec) - Math.max(t, fromSec));
    peak = Math.max(peak, agents);
  }
  return { sec, peak };
}

/**
 * Costs of a scenario over the counted window `fromSec`..`toSec` (warm-up end
 * to last arrival), scaled to a year: per agent-hour × scheduled hours, per agent-year × FTE, fixed prices,
 * and penalties per percentage point of service level below target and of
 * abandonment above its maximum.
 */
export function scenarioCost(s: Scenario, fromSec: number, toSec: number, kpis: Kpis): CostResult {
  const windowSec = toSec - fromSec;
  const scale = windowSec > 0 ? YEAR_SEC / windowSec : 0;
  const byPool: Record<string, number> = {};
  const fteByPool: Record<string, number> = {};
  for (const pool of s.pools) {
    const plan = scheduled(s, pool, fromSec, toSec);
    const scheduledHoursPerYear = (plan.sec / 3600) * scale;
    const fte = scheduledHoursPerYear / (365 / 7) / s.paid_hours_per_fte_week;
    fteByPool[pool.name] = fte;
    const cost = pool.cost ?? {};
    byPool[pool.name] =
      (cost.per_agent_hour ?? 0) * scheduledHoursPerYear +
      (cost.per_agent_year ?? 0) * fte +
      (cost.per_seat_year ?? 0) * plan.peak +
      (cost.fixed_per_year ?? 0);
  }
  const sl = kpis.serviceLevel[String(s.targets.answer_within_sec)] ?? NaN;
  const slGap = Number.isFinite(sl) ? Math.max(0, s.targets.service_level - sl) * 100 : 0;
  const abandonGap = Number.isFinite(kpis.abandonRate)
    ? Math.max(0, kpis.abandonRate - s.targets.abandon_rate_max) * 100
    : 0;
  const penaltyPerYear =
    slGap * s.penalties.per_point_below_service_level + abandonGap * s.penalties.per_point_above_abandon_rate;
  const perYear = Object.values(byPool).reduce((a, b) => a + b, 0) + penaltyPerYear;
  const answeredPerYear = kpis.answered * scale;
  return {
    perYear,
    byPool,
    fteByPool,
    penaltyPerYear,
    perAnsweredCall: answeredPerYear > 0 ? perYear / answeredPerYear : NaN,
  };
}
