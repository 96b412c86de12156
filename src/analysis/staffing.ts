import { HotlineError } from '../errors.js';
import { arrivalRatePerSec, type ArrivalRateInput } from './arrival-rate.js';
import { erlangA, type ErlangAResult } from './erlang-a.js';
import { DEFAULT_TARGET_SEC, erlangC, type ErlangCResult } from './erlang-c.js';
import { requireFraction, requireInteger, requireNonNegative, requirePositive } from './input-checks.js';
import { garnettErlangA } from './square-root-staffing.js';

/**
 * What a staffing level must achieve. Give at least one goal; all given goals
 * must hold at once.
 *
 * @example { serviceLevel: 0.8, targetSec: 20 }            // 80/20
 * @example { serviceLevel: 0.8, targetSec: 20, maxOccupancy: 0.85 }
 */
export interface ServiceGoal {
  /** Least fraction of calls answered within `targetSec`, 0 < x < 1 (0.8 = 80 %). */
  readonly serviceLevel?: number;
  /** Threshold of the service level in seconds, ≥ 0; default {@link DEFAULT_TARGET_SEC}. */
  readonly targetSec?: number;
  /** Greatest acceptable average speed of answer in seconds, > 0. */
  readonly maxAsaSec?: number;
  /** Greatest acceptable agent occupancy, 0 < x < 1 (pyworkforce's max_occupancy). */
  readonly maxOccupancy?: number;
  /** Search no further than this many agents (default ⌈A + 50√A + 100⌉, or the lines for Erlang A); the search throws beyond it. */
  readonly maxAgents?: number;
}

/** An Erlang A goal: a {@link ServiceGoal} and/or a cap on abandonment. */
export interface ErlangAGoal extends ServiceGoal {
  /** Greatest acceptable fraction of callers who hang up while waiting, 0 < x < 1. */
  readonly maxAbandonRate?: number;
}

/** Inputs of {@link minAgentsErlangC}: traffic, AHT and the goal. */
export type ErlangCStaffingInput = ArrivalRateInput & ServiceGoal & { readonly ahtSec: number };

/** Inputs of {@link minAgentsErlangA}: traffic, AHT, mean patience, optional lines and the goal. */
export type ErlangAStaffingInput = ArrivalRateInput &
  ErlangAGoal & { readonly ahtSec: number; readonly patienceSec: number; readonly lines?: number };

/** The smallest agent count meeting the goal, and the model's figures at that count. */
export interface StaffingResult<R> {
  /** Agents on the phones (before shrinkage; see {@link scheduledFromOnPhone}). */
  readonly agents: number;
  readonly result: R;
}

/**
 * Smallest number of agents for which Erlang C meets every goal given.
 * Searches upward from the first stable count ⌊A⌋ + 1 (no fewer agents can
 * meet any goal in a queue without abandonment).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for bad inputs or no goal; HOTLINE_GOAL_UNREACHABLE for a goal
 *   no count up to `maxAgents` meets.
 * @example
 * minAgentsErlangC({ callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, serviceLevel: 0.8, targetSec: 20 })
 * // { agents: 14, result: { serviceLevel: 0.88835…, … } }
 */
export function minAgentsErlangC(input: ErlangCStaffingInput): StaffingResult<ErlangCResult> {
  const where = 'minAgentsErlangC';
  const ratePerSec = arrivalRatePerSec(input, where);
  const ahtSec = requirePositive(input.ahtSec, where, 'ahtSec');
  const goal = checkGoal(input, where, false);
  const load = ratePerSec * ahtSec;
  const evaluate = (agents: number) => erlangC({ ratePerSec, ahtSec, agents, targetSec: goal.targetSec });
  return searchFrom(Math.floor(load) + 1, searchLimit(load, goal), load, goal, evaluate, where);
}

/**
 * Smallest number of agents for which Erlang A meets every goal given. The
 * service level is over ALL arrivals (abandoners count as misses), as in
 * pyworkforce. The search starts at the Garnett–Mandelbaum–Reiman
 * square-root estimate and walks down while the goal still holds, or up until
 * it does, so the answer is the exact Erlang A optimum, not the estimate.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for bad inputs or no goal; HOTLINE_GOAL_UNREACHABLE for a goal
 *   no count up to `maxAgents` meets.
 * @example
 * minAgentsErlangA({ callsPerInterval: 100, intervalSec: 1800, ahtSec: 180, patienceSec: 300, serviceLevel: 0.8, targetSec: 20 })
 * // { agents: 13, result: { serviceLevel: 0.85817…, pAbandon: 0.02496…, … } } (Erlang C needs 14)
 */
export function minAgentsErlangA(input: ErlangAStaffingInput): StaffingResult<ErlangAResult> {
  const where = 'minAgentsErlangA';
  const ratePerSec = arrivalRatePerSec(input, where);
  const ahtSec = requirePositive(input.ahtSec, where, 'ahtSec');
  const patienceSec = requirePositive(input.patienceSec, where, 'patienceSec');
  const goal = checkGoal(input, where, true);
  const load = ratePerSec * ahtSec;
  const lines = input.lines === undefined ? undefined : requireInteger(input.lines, where, 'lines', 1);
  const evaluate = (agents: number) =>
    erlangA({
      ratePerSec,
      ahtSec,
      agents,
      patienceSec,
      targetSec: goal.targetSec,
      ...(lines === undefined ? {} : { lines }),
    });
  // More agents than lines could never all be busy: the lines cap the search.
  const limit = Math.min(searchLimit(load, goal), lines ?? Number.POSITIVE_INFINITY);
  return searchFrom(garnettEstimate(load, ahtSec, patienceSec, goal), limit, load, goal, evaluate, where);
}

/**
 * Agents to schedule so that `onPhoneAgents` are on the phones after
 * shrinkage (breaks, training, absence): ⌈n/(1 − shrinkage)⌉.
 *
 * @param onPhoneAgents agents needed on the phones, a whole number ≥ 0.
 * @param shrinkage fraction of paid time off the phones, 0 ≤ s < 1.
 * @example scheduledFromOnPhone(14, 0.3) // 20 (pyworkforce: raw 14 → positions 20)
 */
export function scheduledFromOnPhone(onPhoneAgents: number, shrinkage: number): number {
  requireInteger(onPhoneAgents, 'scheduledFromOnPhone', 'onPhoneAgents', 0);
  const share = requireNonNegative(shrinkage, 'scheduledFromOnPhone', 'shrinkage');
  if (share >= 1) {
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `scheduledFromOnPhone: shrinkage must be at least 0 and below 1 (0.3 = 30 % of paid time off the phones), got ${String(shrinkage)}.`,
    );
  }
  const exact = onPhoneAgents / (1 - share);
  // 14/(1 − 0.3) may land a hair above 20 in binary arithmetic; that must not cost an extra agent.
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
}

interface CheckedGoal {
  readonly serviceLevel: number | undefined;
  readonly targetSec: number;
  readonly maxAsaSec: number | undefined;
  readonly maxOccupancy: number | undefined;
  readonly maxAbandonRate: number | undefined;
  readonly maxAgents: number | undefined;
}

interface Figures {
  readonly serviceLevel: number;
  readonly asaSec: number;
  readonly occupancy: number;
  readonly pAbandon?: number;
}

function checkGoal(input: ErlangAGoal, where: string, abandonment: boolean): CheckedGoal {
  const goal: CheckedGoal = {
    serviceLevel:
      input.serviceLevel === undefined ? undefined : requireFraction(input.serviceLevel, where, 'serviceLevel'),
    targetSec: requireNonNegative(input.targetSec ?? DEFAULT_TARGET_SEC, where, 'targetSec'),
    maxAsaSec: input.maxAsaSec === undefined ? undefined : requirePositive(input.maxAsaSec, where, 'maxAsaSec'),
    maxOccupancy:
      input.maxOccupancy === undefined ? undefined : requireFraction(input.maxOccupancy, where, 'maxOccupancy'),
    maxAbandonRate:
      abandonment && input.maxAbandonRate !== undefined
        ? requireFraction(input.maxAbandonRate, where, 'maxAbandonRate')
        : undefined,
    maxAgents: input.maxAgents === undefined ? undefined : requireInteger(input.maxAgents, where, 'maxAgents', 1),
  };
  if (
    goal.serviceLevel === undefined &&
    goal.maxAsaSec === undefined &&
    goal.maxOccupancy === undefined &&
    goal.maxAbandonRate === undefined
  ) {
    const names = abandonment
      ? 'serviceLevel, maxAsaSec, maxOccupancy or maxAbandonRate'
      : 'serviceLevel, maxAsaSec or maxOccupancy';
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `${where}: no goal given; pass at least one of ${names} (e.g. serviceLevel: 0.8, targetSec: 20).`,
    );
  }
  return goal;
}

function meets(figures: Figures, goal: CheckedGoal): boolean {
  return (
    (goal.serviceLevel === undefined || figures.serviceLevel >= goal.serviceLevel) &&
    (goal.maxAsaSec === undefined || figures.asaSec <= goal.maxAsaSec) &&
    (goal.maxOccupancy === undefined || figures.occupancy <= goal.maxOccupancy) &&
    (goal.maxAbandonRate === undefined || (figures.pAbandon ?? 0) <= goal.maxAbandonRate)
  );
}

/**
 * Exact search around a starting count: down while the count below still
 * meets the goal, else up until one does. Every measure is monotone in the
 * number of agents, so the first count met is the smallest.
 */
function searchFrom<R extends Figures>(
  start: number,
  limit: number,
  load: number,
  goal: CheckedGoal,
  evaluate: (agents: number) => R,
  where: string,
): StaffingResult<R> {
  let agents = Math.min(Math.max(1, start), limit);
  let result = evaluate(agents);
  if (meets(result, goal)) {
    while (agents > 1) {
      const lower = evaluate(agents - 1);
      if (!meets(lower, goal)) break;
      agents -= 1;
      result = lower;
    }
    return { agents, result };
  }
  while (agents < limit) {
    agents += 1;
    result = evaluate(agents);
    if (meets(result, goal)) return { agents, result };
  }
  throw new HotlineError(
    'HOTLINE_GOAL_UNREACHABLE',
    `${where}: no staffing up to ${limit} agents meets the goal for ${load.toFixed(2)} Erlang; relax serviceLevel/maxAsaSec/maxAbandonRate or raise maxAgents.`,
  );
}

function searchLimit(load: number, goal: CheckedGoal): number {
  return goal.maxAgents ?? Math.ceil(load + 50 * Math.sqrt(load) + 100);
}

/**
 * Square-root starting point for Erlang A: the smallest n whose GMR
 * approximation has P(W>0) ≤ 1 − serviceLevel and P(Ab) ≤ maxAbandonRate
 * (binary search; the approximation falls monotonically in n). Without those
 * goals, n = ⌈A⌉.
 */
function garnettEstimate(load: number, ahtSec: number, patienceSec: number, goal: CheckedGoal): number {
  if (goal.serviceLevel === undefined && goal.maxAbandonRate === undefined) return Math.ceil(load);
  const fits = (agents: number): boolean => {
    const approx = garnettErlangA({ offeredErlangs: load, agents, ahtSec, patienceSec });
    return (
      (goal.serviceLevel === undefined || approx.pWait <= 1 - goal.serviceLevel) &&
      (goal.maxAbandonRate === undefined || approx.pAbandon <= goal.maxAbandonRate)
    );
  };
  let low = 1;
  let high = Math.ceil(load + 10 * Math.sqrt(load) + 10);
  if (!fits(high)) return high;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
