import { HotlineError } from '../errors.js';
import type { AgentPool } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { specMean } from '../sim/distributions.js';
import { simulateReplications } from './parallel-replications.js';
import type { SimulationSummary } from './run-scenario.js';
import { busiestDayCallsPerHour, designDayScenario, expectedRates } from './busiest-day-demand.js';
import { mixHandleSec, planningPool, withPlanningPool, type PlanningPool } from './planning-pool.js';
import { analyticHourModel, type AnalyticHourModel } from '../analysis/analytic-hour-model.js';
import { scheduledFromOnPhone } from '../analysis/staffing.js';
import { reviseStaffing, type HourEstimate, type HourFigure, type HourVerdict, type RevisionGoal } from '../analysis/staffing-revision.js';

const WEEK_SEC = 7 * 86400;
const NO_FIGURE: HourFigure = { mean: NaN, ci: [NaN, NaN] };

/** Options of {@link planStaffing}; every one has a default. */
export interface StaffingPlanOptions {
  /** Seed of every confirming simulation (the same in each round: common random numbers). Default: the scenario's. */
  readonly seed?: number;
  /** Replications per round. Default: the scenario's. */
  readonly replications?: number;
  /** Worker threads (the result does not depend on it). Default 1. */
  readonly workers?: number;
  /** Least service level per hour, 0 < x < 1. Default: `targets.service_level`. */
  readonly serviceLevel?: number;
  /** Service-level threshold, seconds. Default: `targets.answer_within_sec`. */
  readonly targetSec?: number;
  /** Greatest abandon rate per hour, 0 < x < 1. Default: `targets.abandon_rate_max`. */
  readonly maxAbandonRate?: number;
  /** Simulation rounds at most (each adds or removes at most one agent per hour). Default 10. */
  readonly maxRounds?: number;
  /** Days of busiest-day demand simulated per replication. Default 7. */
  readonly designDays?: number;
  /** Extra service-level points an hour must keep, by prediction, before it gives up an agent (see {@link reviseStaffing}). Default 0.02. */
  readonly reduceMargin?: number;
  /** On-phone agents per hour (24 whole numbers) to start the search from instead of the analytic start (e.g. a current roster). */
  readonly startOnPhone?: readonly number[];
  /** Called after each round (progress). */
  readonly onRound?: (round: PlanRound) => void;
}

/** What one simulation round found and changed. Hours are 0–23. */
export interface PlanRound {
  readonly round: number;
  /** On-phone agents per hour that were simulated. */
  readonly onPhone: readonly number[];
  readonly missed: readonly number[];
  readonly added: readonly number[];
  readonly removed: readonly number[];
}

/** The plan for one hour of the day. */
export interface HourPlan {
  readonly hour: number;
  /** Busiest day's expected arrivals in this hour, calls per hour. */
  readonly callsPerHour: number;
  /** Analytic start (Erlang A, or Erlang C without patience): agents and the model's figures. */
  readonly analytic: { readonly onPhone: number; readonly scheduled: number; readonly serviceLevel: number; readonly abandonRate: number };
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

/** Weekly hours, FTE and yearly cost of a staffing pattern. */
export interface StaffingTotals {
  /** Scheduled agent-hours per week (before shrinkage). */
  readonly agentHoursPerWeek: number;
  /** agentHoursPerWeek / paid_hours_per_fte_week. */
  readonly fte: number;
  /** per_agent_hour × hours + per_agent_year × FTE + fixed_per_year of the planned pool (penalties excluded), per year. */
  readonly costPerYear: number;
}

/** Whole-run KPIs, each a mean over replications with its 95 % CI. */
export interface OverallKpis {
  readonly offered: HourFigure;
  readonly serviceLevel: HourFigure;
  readonly abandonRate: HourFigure;
  readonly asaSec: HourFigure;
  readonly occupancy: HourFigure;
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
    /** For comparison only, not simulated: the analytic model sized for each interval's own expected demand (a roster that varies by weekday). */
    readonly analyticDayByDay: StaffingTotals;
  };
  readonly overall: {
    /** The last confirming run: busiest-day demand every day. */
    readonly designDay: OverallKpis;
    /** The final plan on the scenario's own demand and horizon, as a scenario file would hold it: agents_by_hour = scheduled, with the pool's shrinkage (on-phone = round(scheduled × (1 − shrinkage)) ≥ onPhone). */
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
 *    shapes included) with exactly the on-phone counts staffed, then apply
 *    {@link reviseStaffing}: +1 agent in every hour whose mean SL or
 *    abandonment misses, −1 in hours met by a wide margin, kept only if the next
 *    round meets the target at the CIs' unfavourable end (and never tried again
 *    otherwise); repeat (same seed each round) until no hour changes
 *    or `maxRounds` rounds ran. The result is the last simulated plan.
 * 3. Report: per hour the scheduled headcount ⌈onPhone/(1 − shrinkage)⌉, weekly
 *    hours, FTE and cost, and the plan simulated once more on the scenario's
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
  const o = resolveOptions(scenario, options);
  const targets: Scenario['targets'] = { answer_within_sec: o.targetSec, service_level: o.serviceLevel, abandon_rate_max: o.maxAbandonRate };
  const base: Scenario = { ...scenario, targets };
  const pool = planningPool(base);
  const ahtSec = mixHandleSec(base, pool.pool);
  const patienceSec = base.callers.patience_sec ? specMean(base.callers.patience_sec) : null;
  const model = analyticHourModel({ ahtSec, patienceSec, serviceLevel: o.serviceLevel, targetSec: o.targetSec, maxAbandonRate: o.maxAbandonRate });
  const scheduledOf = (onPhone: readonly number[]) => onPhone.map((n) => scheduledFromOnPhone(n, pool.shrinkage));

  const callsPerHour = busiestDayCallsPerHour(base);
  const start = callsPerHour.map((rate) => model.minimum(rate));
  const design = designDayScenario(base, callsPerHour, o.designDays);
  const goal: RevisionGoal = { serviceLevel: o.serviceLevel, maxAbandonRate: o.maxAbandonRate, reduceMargin: o.reduceMargin };
  const run = (s: Scenario) => simulateReplications(s, { seed: o.seed, replications: o.replications, workers: o.workers });
  // The confirming runs staff exactly the on-phone counts (shrinkage 0), so each step is one agent on the phone;
  // the schema's round(scheduled × (1 − shrinkage)) would sometimes staff one more than asked.
  const confirmRun = (onPhone: readonly number[]) => run(withPlanningPool(design, { ...pool, shrinkage: 0 }, onPhone));

  let onPhone = o.startOnPhone ?? start.map((a) => a.onPhone);
  let highestShort = onPhone.map(() => -1);
  let onTrial: readonly number[] = [];
  const rounds: PlanRound[] = [];
  let summary: SimulationSummary;
  let estimates: HourEstimate[];
  let verdicts: readonly HourVerdict[];
  let confirmed = false;
  for (let round = 1; ; round += 1) {
    summary = await confirmRun(onPhone);
    estimates = hourEstimates(summary, o.targetSec).map((e, hour) => ({ ...e, oneAgentLess: model.oneAgentLess(callsPerHour[hour]!, onPhone[hour]!) }));
    const revision = reviseStaffing(onPhone, highestShort, estimates, goal, onTrial);
    verdicts = revision.verdicts;
    const record: PlanRound = { round, onPhone: [...onPhone], missed: hoursWhere(verdicts, 'miss'), added: revision.added, removed: revision.removed };
    rounds.push(record);
    o.onRound?.(record);
    if (revision.added.length === 0 && revision.removed.length === 0) {
      confirmed = true;
      break;
    }
    if (round >= o.maxRounds) break;
    onPhone = [...revision.onPhone];
    highestShort = [...revision.highestShort];
    onTrial = revision.removed;
  }

  const scheduled = scheduledOf(onPhone);
  // The scenario's own week, staffed as a scenario file would hold the plan (scheduled headcount and shrinkage).
  const realWeek = await run(withPlanningPool(base, pool, scheduled));
  const hours: HourPlan[] = callsPerHour.map((rate, hour) => {
    const a = start[hour]!;
    const e = estimates[hour]!;
    return {
      hour,
      callsPerHour: rate,
      analytic: { onPhone: a.onPhone, scheduled: scheduledFromOnPhone(a.onPhone, pool.shrinkage), serviceLevel: a.serviceLevel, abandonRate: a.abandonRate },
      onPhone: onPhone[hour]!,
      scheduled: scheduled[hour]!,
      offeredPerDay: e.offered / o.designDays,
      serviceLevel: e.serviceLevel,
      abandonRate: e.abandonRate,
      verdict: verdicts[hour]!,
    };
  });
  const weekly = (byHour: readonly number[]) => totals(7 * byHour.reduce((x, y) => x + y, 0), pool, base.paid_hours_per_fte_week);
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
      analyticDayByDay: totals(dayByDayAgentHoursPerWeek(base, model, pool.shrinkage), pool, base.paid_hours_per_fte_week),
    },
    overall: { designDay: overallKpis(summary, o.targetSec, pool.pool), scenario: overallKpis(realWeek, o.targetSec, pool.pool) },
  };
}

interface ResolvedOptions {
  readonly seed: number;
  readonly replications: number;
  readonly workers: number;
  readonly serviceLevel: number;
  readonly targetSec: number;
  readonly maxAbandonRate: number;
  readonly maxRounds: number;
  readonly designDays: number;
  readonly reduceMargin: number;
  readonly startOnPhone: readonly number[] | undefined;
  readonly onRound: ((round: PlanRound) => void) | undefined;
}

function resolveOptions(scenario: Scenario, options: StaffingPlanOptions): ResolvedOptions {
  const check = (value: number, field: string, ok: boolean, rule: string): number => {
    if (!ok || !Number.isFinite(value)) throw new HotlineError('HOTLINE_ARGUMENT_INVALID', `planStaffing: ${field} must be ${rule}, got ${String(value)}.`);
    return value;
  };
  const whole = (value: number, field: string, min: number) => check(value, field, Number.isInteger(value) && value >= min, `a whole number of at least ${min}`);
  const fraction = (value: number, field: string) => check(value, field, value > 0 && value < 1, 'a fraction between 0 and 1 (exclusive), e.g. 0.8');
  const serviceLevel = fraction(options.serviceLevel ?? scenario.targets.service_level, 'serviceLevel (targets.service_level)');
  const maxAbandonRate = fraction(options.maxAbandonRate ?? scenario.targets.abandon_rate_max, 'maxAbandonRate (targets.abandon_rate_max)');
  const targetSec = options.targetSec ?? scenario.targets.answer_within_sec;
  check(targetSec, 'targetSec', targetSec > 0, 'a number of seconds greater than 0');
  const reduceMargin = options.reduceMargin ?? 0.02;
  check(reduceMargin, 'reduceMargin', reduceMargin >= 0 && reduceMargin < 1, 'a fraction from 0 to below 1');
  return {
    seed: whole(options.seed ?? scenario.seed, 'seed', Number.MIN_SAFE_INTEGER),
    replications: whole(options.replications ?? scenario.replications, 'replications', 1),
    workers: whole(options.workers ?? 1, 'workers', 1),
    serviceLevel,
    targetSec,
    maxAbandonRate,
    maxRounds: whole(options.maxRounds ?? 10, 'maxRounds', 1),
    designDays: whole(options.designDays ?? 7, 'designDays', 1),
    reduceMargin,
    startOnPhone: options.startOnPhone === undefined ? undefined : checkStart(options.startOnPhone),
    onRound: options.onRound,
  };
}

function checkStart(start: readonly number[]): readonly number[] {
  if (start.length !== 24 || !start.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new HotlineError('HOTLINE_ARGUMENT_INVALID', `planStaffing: startOnPhone must be 24 whole numbers ≥ 0 (on-phone agents for hours 0–23), got [${start.join(', ')}].`);
  }
  return [...start];
}

/** Scheduled agent-hours per week if every interval of the horizon were staffed for its own expected rate. */
function dayByDayAgentHoursPerWeek(scenario: Scenario, model: AnalyticHourModel, shrinkage: number): number {
  const { rates, intervalSec } = expectedRates(scenario);
  const hours = rates.reduce((sum, rate) => sum + scheduledFromOnPhone(model.minimum(rate * 3600).onPhone, shrinkage) * (intervalSec / 3600), 0);
  return (hours * WEEK_SEC) / (rates.length * intervalSec);
}

/** Same formulas as `scenarioCost` (costs.ts), for a pattern repeated every week. */
function totals(agentHoursPerWeek: number, pool: PlanningPool, paidHoursPerFteWeek: number): StaffingTotals {
  const fte = agentHoursPerWeek / paidHoursPerFteWeek;
  const cost = pool.cost ?? {};
  const costPerYear = (cost.per_agent_hour ?? 0) * agentHoursPerWeek * (365 / 7) + (cost.per_agent_year ?? 0) * fte + (cost.fixed_per_year ?? 0);
  return { agentHoursPerWeek, fte, costPerYear };
}

function figure(summary: SimulationSummary, path: string): HourFigure {
  const e = summary.estimates.get(path);
  return e === undefined ? NO_FIGURE : { mean: e.mean, ci: e.ci };
}

function hourEstimates(summary: SimulationSummary, targetSec: number): HourEstimate[] {
  return Array.from({ length: 24 }, (_, hour) => ({
    offered: summary.estimates.get(`byInterval.${hour}.offered`)?.mean ?? 0,
    serviceLevel: figure(summary, `byInterval.${hour}.serviceLevel.${targetSec}`),
    abandonRate: figure(summary, `byInterval.${hour}.abandonRate`),
  }));
}

function overallKpis(summary: SimulationSummary, targetSec: number, pool: AgentPool): OverallKpis {
  return {
    offered: figure(summary, 'offered'),
    serviceLevel: figure(summary, `serviceLevel.${targetSec}`),
    abandonRate: figure(summary, 'abandonRate'),
    asaSec: figure(summary, 'asaSec'),
    occupancy: figure(summary, `occupancy.${pool}`),
  };
}

function hoursWhere(verdicts: readonly HourVerdict[], verdict: HourVerdict): number[] {
  return verdicts.flatMap((v, hour) => (v === verdict ? [hour] : []));
}
