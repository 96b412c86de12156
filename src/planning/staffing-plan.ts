import type { AgentPool } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { specMean } from '../sim/distributions.js';
import { simulateReplications } from './parallel-replications.js';
import { busiestDayCallsPerHour, designDayScenario } from './busiest-day-demand.js';
import { mixHandleSec, planningPool, withPlanningPool } from './planning-pool.js';
import { analyticHourModel } from '../analysis/analytic-hour-model.js';
import { scheduledFromOnPhone } from '../analysis/staffing.js';
import type { HourFigure, HourVerdict, RevisionGoal } from '../analysis/staffing-revision.js';
import { confirmStaffing, type PlanRound } from './confirm-staffing.js';
import { overallKpis, type OverallKpis } from './overall-kpis.js';
import { resolveStaffingPlanOptions, type StaffingPlanOptions } from './staffing-plan-options.js';
import { dayByDayAgentHoursPerWeek, staffingTotals, type StaffingTotals } from './staffing-totals.js';

/** The plan for one hour of the day. */
export interface HourPlan {
  readonly hour: number;
  /** Busiest day's expected arrivals in this hour, calls per hour. */
  readonly callsPerHour: number;
  /** Analytic start (Erlang A, or Erlang C without patience): agents and the model's figures. */
  readonly analytic: {
    readonly onPhone: number;
    readonly scheduled: number;
    readonly serviceLevel: number;
    readonly abandonRate: number;
  };
  /** Final on-phone agents, as the confirming simulation staffed them. */
  readonly onPhone: number;
  /** Final scheduled headcount, ⌈onPhone / (1 − shrinkage)⌉. */
  readonly scheduled: number;
  /** Mean calls offered to the queue in this hour per simulated day. */
  readonly offeredPerDay: number;
  /** Simulated answered within the threshold / offered, mean and 95 % CI. */
  readonly serviceLevel: HourFigure;
  readonly abandonRate: HourFigure;
  readonly verdict: HourVerdict;
}

/** The result of {@link planStaffing}. */
export interface StaffingPlan {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly designDays: number;
  /** Which analytic model gave the start: Erlang A with the mean patience, or Erlang C without a patience. */
  readonly analyticModel: 'erlang-a' | 'erlang-c';
  /** Mean handle time of the call mix for the planned pool, seconds. */
  readonly ahtSec: number;
  /** Mean patience (taken as exponential by the analytic start), seconds; null without one. */
  readonly patienceSec: number | null;
  readonly targets: { readonly serviceLevel: number; readonly targetSec: number; readonly maxAbandonRate: number };
  readonly pool: { readonly name: string; readonly pool: AgentPool; readonly shrinkage: number };
  readonly hours: readonly HourPlan[];
  readonly rounds: readonly PlanRound[];
  /** The last round proposed no change. */
  readonly confirmed: boolean;
  /** No hour was judged short (see `hourVerdict`) in the last simulated round. */
  readonly meetsTarget: boolean;
  readonly totals: {
    /** The analytic start repeated every day. */
    readonly analytic: StaffingTotals;
    /** The final plan repeated every day. */
    readonly plan: StaffingTotals;
    /**
     * For comparison only, not simulated: the analytic model sized for each interval's own expected demand (a roster
     * that varies by weekday).
     */
    readonly analyticDayByDay: StaffingTotals;
  };
  readonly overall: {
    /** The last confirming run: busiest-day demand every day. */
    readonly designDay: OverallKpis;
    /**
     * The final plan on the scenario's own demand and horizon, as a scenario file would hold it: agents_by_hour =
     * scheduled, with the pool's shrinkage (on-phone = round(scheduled × (1 − shrinkage)) ≥ onPhone).
     */
    readonly scenario: OverallKpis;
  };
}

/**
 * Plans hourly staffing for a scenario, as one agent group (see
 * {@link planningPool}) whose hourly headcount repeats every day:
 *
 * 1. Start: for each hour, the busiest day's expected rate
 *    ({@link busiestDayCallsPerHour}), the mix's AHT and the mean patience
 *    (taken as exponential) give the smallest on-phone count meeting the
 *    service level and abandonment targets with Erlang A (Erlang C when callers never hang up).
 * 2. Confirm: simulate `designDays` days of busiest-day demand
 *    ({@link designDayScenario}: day noise, redials, IVR and handle-time
 *    shapes included) with exactly the on-phone counts staffed, then revise
 *    them round by round ({@link confirmStaffing}): +1 agent in every hour whose mean SL or
 *    abandonment misses, −1 in hours met by a wide margin, kept only if the next
 *    round meets the target at the CIs' unfavourable end (and never tried again
 *    otherwise); repeat (same seed each round) until no hour changes
 *    or `maxRounds` rounds ran. The result is the last simulated plan.
 * 3. Report: per hour the scheduled headcount ⌈onPhone/(1 − shrinkage)⌉, weekly
 *    hours, FTE and cost ({@link staffingTotals}), and the plan simulated once more on the scenario's
 *    own demand and horizon, with agents_by_hour = scheduled and the pool's shrinkage.
 *
 * Deterministic for a seed, whatever the number of workers.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for bad options, HOTLINE_GOAL_UNREACHABLE for a target no staffing
 *   meets; HOTLINE_SCENARIO_INVALID when the scenario cannot be simulated.
 * @example
 * const plan = await planStaffing(scenario, { replications: 4, seed: 1 });
 * plan.hours[10].onPhone // on-phone agents at 10:00
 */
export async function planStaffing(scenario: Scenario, options: StaffingPlanOptions = {}): Promise<StaffingPlan> {
  const o = resolveStaffingPlanOptions(scenario, options);
  const targets: Scenario['targets'] = {
    answer_within_sec: o.targetSec,
    service_level: o.serviceLevel,
    abandon_rate_max: o.maxAbandonRate,
  };
  const base: Scenario = { ...scenario, targets };
  const pool = planningPool(base);
  const ahtSec = mixHandleSec(base, pool.pool);
  const patienceSec = base.callers.patience_sec ? specMean(base.callers.patience_sec) : null;
  const model = analyticHourModel({
    ahtSec,
    patienceSec,
    serviceLevel: o.serviceLevel,
    targetSec: o.targetSec,
    maxAbandonRate: o.maxAbandonRate,
  });
  const scheduledOf = (onPhone: readonly number[]) => onPhone.map((n) => scheduledFromOnPhone(n, pool.shrinkage));

  const callsPerHour = busiestDayCallsPerHour(base);
  const start = callsPerHour.map((rate) => model.minimum(rate));
  const design = designDayScenario(base, callsPerHour, o.designDays);
  const goal: RevisionGoal = {
    serviceLevel: o.serviceLevel,
    maxAbandonRate: o.maxAbandonRate,
    reduceMargin: o.reduceMargin,
  };
  const run = (s: Scenario) =>
    simulateReplications(s, { seed: o.seed, replications: o.replications, workers: o.workers });
  const { onPhone, rounds, confirmed, summary, estimates, verdicts } = await confirmStaffing({
    start: o.startOnPhone ?? start.map((a) => a.onPhone),
    callsPerHour,
    model,
    goal,
    targetSec: o.targetSec,
    maxRounds: o.maxRounds,
    // The confirming runs staff exactly the on-phone counts (shrinkage 0), so each step is one agent on the phone;
    // the schema's round(scheduled × (1 − shrinkage)) would sometimes staff one more than asked.
    simulate: (staffed) => run(withPlanningPool(design, { ...pool, shrinkage: 0 }, staffed)),
    onRound: o.onRound,
  });

  const scheduled = scheduledOf(onPhone);
  // The scenario's own week, staffed as a scenario file would hold the plan (scheduled headcount and shrinkage).
  const realWeek = await run(withPlanningPool(base, pool, scheduled));
  const hours: HourPlan[] = callsPerHour.map((rate, hour) => {
    const a = start[hour]!;
    const e = estimates[hour]!;
    return {
      hour,
      callsPerHour: rate,
      analytic: {
        onPhone: a.onPhone,
        scheduled: scheduledFromOnPhone(a.onPhone, pool.shrinkage),
        serviceLevel: a.serviceLevel,
        abandonRate: a.abandonRate,
      },
      onPhone: onPhone[hour]!,
      scheduled: scheduled[hour]!,
      offeredPerDay: e.offered / o.designDays,
      serviceLevel: e.serviceLevel,
      abandonRate: e.abandonRate,
      verdict: verdicts[hour]!,
    };
  });
  const weekly = (byHour: readonly number[]) =>
    staffingTotals(7 * byHour.reduce((x, y) => x + y, 0), pool, base.paid_hours_per_fte_week);
  const dayByDay = dayByDayAgentHoursPerWeek(base, model, pool.shrinkage);
  return {
    scenario: scenario.name,
    seed: o.seed,
    replications: o.replications,
    designDays: o.designDays,
    analyticModel: patienceSec === null ? 'erlang-c' : 'erlang-a',
    ahtSec,
    patienceSec,
    targets: { serviceLevel: o.serviceLevel, targetSec: o.targetSec, maxAbandonRate: o.maxAbandonRate },
    pool: { name: pool.name, pool: pool.pool, shrinkage: pool.shrinkage },
    hours,
    rounds,
    confirmed,
    meetsTarget: verdicts.every((v) => v !== 'miss'),
    totals: {
      analytic: weekly(hours.map((h) => h.analytic.scheduled)),
      plan: weekly(scheduled),
      analyticDayByDay: staffingTotals(dayByDay, pool, base.paid_hours_per_fte_week),
    },
    overall: {
      designDay: overallKpis(summary, o.targetSec, pool.pool),
      scenario: overallKpis(realWeek, o.targetSec, pool.pool),
    },
  };
}
