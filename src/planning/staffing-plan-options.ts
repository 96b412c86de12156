import { HotlineError } from '../errors.js';
import { type Scenario, WEEKDAYS } from '../scenario/scenario-schema.js';
import type { PlanDay } from './busiest-day-demand.js';
import type { PlanRound } from './confirm-staffing.js';

/** Options of `planStaffing` (staffing-plan.ts); every one has a default. */
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
  /**
   * Extra service-level points an hour must keep, by prediction, before it gives up an agent (see `reviseStaffing`).
   * Default 0.02.
   */
  readonly reduceMargin?: number;
  /**
   * On-phone agents per hour (24 whole numbers) to start the search from instead of the analytic start (e.g. a
   * current roster); with a primary and an overflow pool, the overflow pool's (the one the rounds revise).
   */
  readonly startOnPhone?: readonly number[];
  /** Called after each round (progress). */
  readonly onRound?: (round: PlanRound) => void;
  /**
   * Stops the planning at its next round (or replication; worker threads are terminated): the promise rejects with
   * the signal's reason.
   */
  readonly signal?: AbortSignal;
  /** The day to plan for: `busiest` (each hour's busiest day over the horizon, default) or a weekday (`Mon`…`Sun`). */
  readonly day?: PlanDay;
  /**
   * With a primary and an overflow pool: the share of calls the primary pool is sized for, 0 < keep < 1. Default: its
   * share of the two pools' on-phone agent-hours in the scenario.
   */
  readonly keep?: number;
}

/** {@link StaffingPlanOptions} with every default filled in and every value checked. */
export interface ResolvedStaffingPlanOptions {
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
  readonly signal: AbortSignal | undefined;
  readonly day: PlanDay;
  readonly keep: number | undefined;
}

/**
 * Fills in the defaults of {@link StaffingPlanOptions} from the scenario (seed, replications, targets) and checks
 * every value.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID naming the option, the rule and the value given.
 * @example
 * resolveStaffingPlanOptions(scenario, { replications: 4 }).maxRounds // 10
 */
export function resolveStaffingPlanOptions(
  scenario: Scenario,
  options: StaffingPlanOptions,
): ResolvedStaffingPlanOptions {
  const check = (value: number, field: string, ok: boolean, rule: string): number => {
    if (!ok || !Number.isFinite(value)) {
      throw new HotlineError(
        'HOTLINE_ARGUMENT_INVALID',
        `planStaffing: ${field} must be ${rule}, got ${String(value)}.`,
      );
    }
    return value;
  };
  const whole = (value: number, field: string, min: number) =>
    check(value, field, Number.isInteger(value) && value >= min, `a whole number of at least ${min}`);
  const fraction = (value: number, field: string) =>
    check(value, field, value > 0 && value < 1, 'a fraction between 0 and 1 (exclusive), e.g. 0.8');
  const serviceLevel = fraction(
    options.serviceLevel ?? scenario.targets.service_level,
    'serviceLevel (targets.service_level)',
  );
  const maxAbandonRate = fraction(
    options.maxAbandonRate ?? scenario.targets.abandon_rate_max,
    'maxAbandonRate (targets.abandon_rate_max)',
  );
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
    signal: options.signal,
    day: checkDay(options.day ?? 'busiest'),
    keep: options.keep === undefined ? undefined : fraction(options.keep, 'keep'),
  };
}

function checkStart(start: readonly number[]): readonly number[] {
  if (start.length !== 24 || !start.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `planStaffing: startOnPhone must be 24 whole numbers ≥ 0 (on-phone agents for hours 0–23), got [${start.join(', ')}].`,
    );
  }
  return [...start];
}

function checkDay(day: PlanDay): PlanDay {
  if (day !== 'busiest' && !WEEKDAYS.includes(day))
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `planStaffing: day must be busiest or one of ${WEEKDAYS.join(', ')}, got ${String(day)}.`,
    );
  return day;
}
