import type { AgentPool } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { specMean } from '../sim/distributions.js';
import { simulateReplications } from './parallel-replications.js';
import { callsPerHourOfDay, designDayScenario, type PlanDay } from './busiest-day-demand.js';
import { withPlanningPool, withPoolsByHour } from './planning-pool.js';
import { scheduledFromOnPhone } from '../analysis/staffing.js';
import type { HourFigure, HourVerdict, RevisionGoal } from '../analysis/staffing-revision.js';
import { confirmStaffing, type PlanRound } from './confirm-staffing.js';
import { overallKpis, type OverallKpis } from './overall-kpis.js';
import { lineModel, type PlannedGroup, plannedGroups } from './planned-groups.js';
import { resolveStaffingPlanOptions, type StaffingPlanOptions } from './staffing-plan-options.js';
import { staffingPools } from './staffing-pools.js';
import { dayByDayAgentHoursPerWeek, staffingTotals, sumTotals, type StaffingTotals } from './staffing-totals.js';

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

/** One pool's part of a plan (one entry for a single-pool plan). */
export interface PoolPlan {
  readonly name: string;
  readonly pool: AgentPool;
  /** `only`: the one planned group (serving every skill); `primary` / `overflow`: the scenario's two pools. */
  readonly role: 'only' | 'primary' | 'overflow';
  /** Routing as the scenario gives it (`priority`, `min_wait_sec`); 1 and 0 for `only`. */
  readonly priority: number;
  readonly minWaitSec: number;
  readonly shrinkage: number;
  /** Share of each hour's calls the pool was sized for (1 for `only`). */
  readonly share: number;
  /** Mean handle time of the call mix when this pool answers, seconds. */
  readonly ahtSec: number;
  /** Analytic start, on-phone agents per hour (24). */
  readonly analyticOnPhone: readonly number[];
  /** Final on-phone agents per hour (24). */
  readonly onPhone: readonly number[];
  /** Scenario-ready headcount per hour (24): ⌈onPhone / (1 − shrinkage)⌉, the pool's `agents_by_hour`. */
  readonly agentsByHour: readonly number[];
  /** The plan repeated every day: weekly hours, FTE and cost at this pool's price. */
  readonly totals: StaffingTotals;
}

/** The result of {@link planStaffing}. */
export interface StaffingPlan {
  readonly scenario: string;
  /** The day planned for: each hour's busiest day over the horizon, or one weekday. */
  readonly day: PlanDay;
  readonly seed: number;
  readonly replications: number;
  readonly designDays: number;
  /** Which analytic model gave the start: Erlang A with the mean patience, or Erlang C without a patience. */
  readonly analyticModel: 'erlang-a' | 'erlang-c';
  /** Mean handle time of the call mix for the planned (primary) pool, seconds. */
  readonly ahtSec: number;
  /** Mean patience (taken as exponential by the analytic start), seconds; null without one. */
  readonly patienceSec: number | null;
  readonly targets: { readonly serviceLevel: number; readonly targetSec: number; readonly maxAbandonRate: number };
  /** The planned group, or the primary pool of an overflow plan. */
  readonly pool: { readonly name: string; readonly pool: AgentPool; readonly shrinkage: number };
  /** Every planned pool in routing order, with its scenario-ready `agentsByHour`. */
  readonly pools: readonly PoolPlan[];
  /** Per hour, the figures of the whole line; `onPhone`, `scheduled` and `analytic` add up the pools. */
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
 * {@link planningPool}) whose hourly headcount repeats every day, or, for a scenario with a primary pool and an
 * overflow pool ({@link staffingPools}), both pools:
 *
 * 1. Start: for each hour, the expected rate of the day planned (`day`: each hour's busiest day, default, or a
 *    weekday: {@link callsPerHourOfDay}), the mix's AHT and the mean patience
 *    (taken as exponential) give the smallest on-phone count meeting the
 *    service level and abandonment targets with Erlang A (Erlang C when callers never hang up). Two pools: the primary
 *    is sized so for its share `keep` of the calls, the overflow pool for the rest, with its AHT and the threshold
 *    less its `min_wait_sec` (its callers have waited that long).
 * 2. Confirm: simulate `designDays` days of busiest-day demand
 *    ({@link designDayScenario}: day noise, redials, IVR and handle-time
 *    shapes included) with exactly the on-phone counts staffed, then revise
 *    them round by round ({@link confirmStaffing}): +1 agent in every hour whose mean SL or
 *    abandonment misses, −1 in hours met by a wide margin, kept only if the next
 *    round meets the target at the CIs' unfavourable end (and never tried again
 *    otherwise); repeat (same seed each round) until no hour changes
 *    or `maxRounds` rounds ran. The result is the last simulated plan. Two pools are simulated together with their
 *    routing (priority, min_wait_sec); the hours are judged on the whole line and only the overflow pool is revised
 *    (the primary keeps its share's size).
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
  const routing = staffingPools(base, o.keep);
  const patienceSec = base.callers.patience_sec ? specMean(base.callers.patience_sec) : null;
  const callsPerHour = callsPerHourOfDay(base, o.day);
  const groups = plannedGroups(base, routing, callsPerHour, { ...o, patienceSec });
  const revised = groups[groups.length - 1]!;
  const fixed = groups.slice(0, -1).map((g) => g.start.map((a) => a.onPhone));
  const design = designDayScenario(base, callsPerHour, o.designDays);
  const goal: RevisionGoal = {
    serviceLevel: o.serviceLevel,
    maxAbandonRate: o.maxAbandonRate,
    reduceMargin: o.reduceMargin,
  };
  const run = (s: Scenario) =>
    simulateReplications(s, {
      seed: o.seed,
      replications: o.replications,
      workers: o.workers,
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
  const staffedScenario = (s: Scenario, byGroup: readonly (readonly number[])[], onPhoneOnly: boolean) =>
    revised.role === 'only'
      ? withPlanningPool(s, onPhoneOnly ? { ...revised.pool, shrinkage: 0 } : revised.pool, byGroup[0]!)
      : withPoolsByHour(
          s,
          groups.map((g, i) => ({
            entry: g.entry!,
            agentsByHour: byGroup[i]!,
            ...(onPhoneOnly ? { shrinkage: 0 } : {}),
          })),
        );
  const { onPhone, rounds, confirmed, summary, estimates, verdicts } = await confirmStaffing({
    start: o.startOnPhone ?? revised.start.map((a) => a.onPhone),
    callsPerHour: revised.share === 1 ? callsPerHour : callsPerHour.map((r) => r * revised.share),
    model: lineModel(revised),
    goal,
    targetSec: o.targetSec,
    maxRounds: o.maxRounds,
    // The confirming runs staff exactly the on-phone counts (shrinkage 0), so each step is one agent on the phone;
    // the schema's round(scheduled × (1 − shrinkage)) would sometimes staff one more than asked.
    simulate: (staffed) => run(staffedScenario(design, [...fixed, staffed], true)),
    onRound: o.onRound,
  });

  const onPhoneByGroup = [...fixed, onPhone];
  const scheduledByGroup = groups.map((g, i) =>
    onPhoneByGroup[i]!.map((n) => scheduledFromOnPhone(n, g.pool.shrinkage)),
  );
  // The scenario's own week, staffed as a scenario file would hold the plan (scheduled headcount and shrinkage).
  const realWeek = await run(staffedScenario(base, scheduledByGroup, false));
  const sumOver = (f: (g: PlannedGroup, i: number) => number) => groups.reduce((a, g, i) => a + f(g, i), 0);
  const first = groups[0]!;
  const hours: HourPlan[] = callsPerHour.map((rate, hour) => {
    const e = estimates[hour]!;
    return {
      hour,
      callsPerHour: rate,
      analytic: {
        onPhone: sumOver((g) => g.start[hour]!.onPhone),
        scheduled: sumOver((g) => scheduledFromOnPhone(g.start[hour]!.onPhone, g.pool.shrinkage)),
        // Two pools: the line's figures as if the start's agents were one group (the primary's handle time).
        ...(groups.length === 1
          ? { serviceLevel: first.start[hour]!.serviceLevel, abandonRate: first.start[hour]!.abandonRate }
          : lineFigures(
              first,
              rate,
              sumOver((g) => g.start[hour]!.onPhone),
            )),
      },
      onPhone: sumOver((_, i) => onPhoneByGroup[i]![hour]!),
      scheduled: sumOver((_, i) => scheduledByGroup[i]![hour]!),
      offeredPerDay: e.offered / o.designDays,
      serviceLevel: e.serviceLevel,
      abandonRate: e.abandonRate,
      verdict: verdicts[hour]!,
    };
  });
  const weekly = (g: PlannedGroup, byHour: readonly number[]) =>
    staffingTotals(7 * byHour.reduce((x, y) => x + y, 0), g.pool, base.paid_hours_per_fte_week);
  const pools: PoolPlan[] = groups.map((g, i) => ({
    name: g.pool.name,
    pool: g.pool.pool,
    role: g.role,
    priority: g.entry?.priority ?? 1,
    minWaitSec: g.entry?.min_wait_sec ?? 0,
    shrinkage: g.pool.shrinkage,
    share: g.share,
    ahtSec: g.ahtSec,
    analyticOnPhone: g.start.map((a) => a.onPhone),
    onPhone: [...onPhoneByGroup[i]!],
    agentsByHour: scheduledByGroup[i]!,
    totals: weekly(g, scheduledByGroup[i]!),
  }));
  return {
    scenario: scenario.name,
    day: o.day,
    seed: o.seed,
    replications: o.replications,
    designDays: o.designDays,
    analyticModel: patienceSec === null ? 'erlang-c' : 'erlang-a',
    ahtSec: first.ahtSec,
    patienceSec,
    targets: { serviceLevel: o.serviceLevel, targetSec: o.targetSec, maxAbandonRate: o.maxAbandonRate },
    pool: { name: first.pool.name, pool: first.pool.pool, shrinkage: first.pool.shrinkage },
    pools,
    hours,
    rounds,
    confirmed,
    meetsTarget: verdicts.every((v) => v !== 'miss'),
    totals: {
      analytic: sumTotals(
        groups.map((g) =>
          weekly(
            g,
            g.start.map((a) => scheduledFromOnPhone(a.onPhone, g.pool.shrinkage)),
          ),
        ),
      ),
      plan: sumTotals(pools.map((p) => p.totals)),
      analyticDayByDay: sumTotals(
        groups.map((g) => staffingTotals(dayByDayHours(base, groups, g), g.pool, base.paid_hours_per_fte_week)),
      ),
    },
    overall: {
      designDay: overallKpis(summary, o.targetSec, first.pool.pool),
      scenario: overallKpis(realWeek, o.targetSec, first.pool.pool),
    },
  };
}

function lineFigures(group: PlannedGroup, callsPerHour: number, agents: number) {
  return callsPerHour > 0 ? group.model.at(callsPerHour, agents) : { serviceLevel: NaN, abandonRate: NaN };
}

/**
 * Weekly hours of `g` sized interval by interval; the overflow pool as the start sizes it (the line's need beyond
 * the primary).
 */
function dayByDayHours(base: Scenario, groups: readonly PlannedGroup[], g: PlannedGroup): number {
  if (g.role !== 'overflow') return dayByDayAgentHoursPerWeek(base, g.model, g.pool.shrinkage, g.share);
  const first = groups[0]!;
  const line = dayByDayAgentHoursPerWeek(base, first.model, g.pool.shrinkage);
  const primary = dayByDayAgentHoursPerWeek(base, first.model, g.pool.shrinkage, first.share);
  return (Math.max(0, line - primary) * g.ahtSec) / first.ahtSec;
}
