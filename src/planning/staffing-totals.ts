import type { AnalyticHourModel } from '../analysis/analytic-hour-model.js';
import { scheduledFromOnPhone } from '../analysis/staffing.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { expectedRates } from './busiest-day-demand.js';
import type { PlanningPool } from './planning-pool.js';

const WEEK_SEC = 7 * 86400;

/** Weekly hours, FTE and yearly cost of a staffing pattern. */
export interface StaffingTotals {
  /** Scheduled agent-hours per week (before shrinkage). */
  readonly agentHoursPerWeek: number;
  /** agentHoursPerWeek / paid_hours_per_fte_week. */
  readonly fte: number;
  /** per_agent_hour × hours + per_agent_year × FTE + fixed_per_year of the planned pool (penalties excluded), per year. */
  readonly costPerYear: number;
}

/**
 * FTE and yearly cost of `agentHoursPerWeek` scheduled agent-hours in `pool`, with the same formulas as
 * `scenarioCost` (costs.ts), for a pattern repeated every week.
 *
 * @example
 * staffingTotals(400, pool, 40).fte // 10
 */
export function staffingTotals(
  agentHoursPerWeek: number,
  pool: PlanningPool,
  paidHoursPerFteWeek: number,
): StaffingTotals {
  const fte = agentHoursPerWeek / paidHoursPerFteWeek;
  const cost = pool.cost ?? {};
  const costPerYear =
    (cost.per_agent_hour ?? 0) * agentHoursPerWeek * (365 / 7) +
    (cost.per_agent_year ?? 0) * fte +
    (cost.fixed_per_year ?? 0);
  return { agentHoursPerWeek, fte, costPerYear };
}

/**
 * Scheduled agent-hours per week if every interval of the scenario's horizon were staffed for its own expected rate
 * by `model` (a roster that varies by weekday), for comparison with a plan that repeats every day. `share`: the part of
 * each interval's calls the pool is sized for (1).
 */
export function dayByDayAgentHoursPerWeek(
  scenario: Scenario,
  model: AnalyticHourModel,
  shrinkage: number,
  share = 1,
): number {
  const { rates, intervalSec } = expectedRates(scenario);
  const perHour = (rate: number) => (share === 1 ? rate * 3600 : rate * 3600 * share);
  const hours = rates.reduce(
    (sum, rate) => sum + scheduledFromOnPhone(model.minimum(perHour(rate)).onPhone, shrinkage) * (intervalSec / 3600),
    0,
  );
  return (hours * WEEK_SEC) / (rates.length * intervalSec);
}

/** The totals of several pools together (hours, FTE and cost added up). */
export function sumTotals(parts: readonly StaffingTotals[]): StaffingTotals {
  if (parts.length === 1) return parts[0]!;
  return parts.reduce(
    (a, t) => ({
      agentHoursPerWeek: a.agentHoursPerWeek + t.agentHoursPerWeek,
      fte: a.fte + t.fte,
      costPerYear: a.costPerYear + t.costPerYear,
    }),
    { agentHoursPerWeek: 0, fte: 0, costPerYear: 0 },
  );
}
