import { type AnalyticHour, type AnalyticHourModel, analyticHourModel } from '../analysis/analytic-hour-model.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { mixHandleSec, type PlanningPool, planningPool, planningPoolOf } from './planning-pool.js';
import type { StaffingPools } from './staffing-pools.js';

type PoolEntry = Scenario['pools'][number];

/** One agent group of a staffing plan and how it is sized. */
export interface PlannedGroup {
  readonly pool: PlanningPool;
  /** `only`: the one group planned (every skill, as today); `primary` / `overflow`: a scenario's two pools. */
  readonly role: 'only' | 'primary' | 'overflow';
  /** The scenario's pool entry (routing, contract) for `primary` and `overflow`. */
  readonly entry: PoolEntry | undefined;
  /** Share of each hour's calls the group is sized for. */
  readonly share: number;
  /** Mean handle time of the call mix when this group answers, seconds. */
  readonly ahtSec: number;
  /**
   * The group's analytic model: the targets at the full threshold for `only` and `primary`; for `overflow`, callers
   * it takes have already waited its `min_wait_sec`, so the threshold left is the target's less that (at least 1 s).
   */
  readonly model: AnalyticHourModel;
  /**
   * The analytic start per hour (24): `only` and `primary` sized for `share` × the hour's calls; `overflow` with the
   * agents the line, sized as one group for all the calls, needs beyond the primary's (in its own handle time, ≥ 1).
   */
  readonly start: readonly AnalyticHour[];
}

/** Targets and patience the groups are sized with. */
export interface GroupTargets {
  readonly serviceLevel: number;
  readonly targetSec: number;
  readonly maxAbandonRate: number;
  readonly patienceSec: number | null;
}

/**
 * The groups a plan sizes, in routing order: the one planning group (single pool, {@link planningPool}), or the
 * primary pool sized for `keep` × each hour's calls and the overflow pool for what the line needs beyond it (the last
 * group is the one the confirming simulation revises).
 *
 * @example plannedGroups(hybrid, staffingPools(hybrid), callsPerHour, targets).map((g) => g.role) // ['primary', 'overflow']
 */
export function plannedGroups(
  base: Scenario,
  routing: StaffingPools,
  callsPerHour: readonly number[],
  t: GroupTargets,
): PlannedGroup[] {
  const group = (
    pool: PlanningPool,
    role: PlannedGroup['role'],
    entry: PoolEntry | undefined,
    share: number,
    targetSec: number,
  ): PlannedGroup => {
    const ahtSec = mixHandleSec(base, pool.pool);
    const model = analyticHourModel({
      ahtSec,
      patienceSec: t.patienceSec,
      serviceLevel: t.serviceLevel,
      targetSec,
      maxAbandonRate: t.maxAbandonRate,
    });
    const start = callsPerHour.map((rate) => model.minimum(share === 1 ? rate : rate * share));
    return { pool, role, entry, share, ahtSec, model, start };
  };
  if (routing.kind === 'single') return [group(planningPool(base), 'only', undefined, 1, t.targetSec)];
  const { primary, overflow, keep } = routing;
  const overflowSec = Math.max(1, t.targetSec - overflow.min_wait_sec);
  const first = group(planningPoolOf(primary), 'primary', primary, keep, t.targetSec);
  const second = group(planningPoolOf(overflow), 'overflow', overflow, 1 - keep, overflowSec);
  // The overflow pool backs the primary up rather than taking a fixed share: it starts with what the whole line,
  // sized as one group, needs beyond the primary's agents (in its own handle time), at least one agent.
  const start = callsPerHour.map((rate, hour): AnalyticHour => {
    if (!(rate > 0)) return second.start[hour]!;
    const line = first.model.minimum(rate).onPhone;
    const onPhone = Math.max(1, Math.ceil(((line - first.start[hour]!.onPhone) * second.ahtSec) / first.ahtSec));
    return { onPhone, ...second.model.at(rate * second.share, onPhone) };
  });
  return [first, { ...second, start }];
}

/**
 * The model the revision prices one agent of `group` with, on the whole line's figures: the group's own model at
 * its share of the calls, its service-level and abandonment steps scaled by that share (an overflow agent moves only
 * the overflowing calls). `callsPerHour` given to it is the group's share already.
 */
export function lineModel(group: PlannedGroup): AnalyticHourModel {
  if (group.share === 1) return group.model;
  const { model, share } = group;
  return {
    ...model,
    oneAgentLess: (callsPerHour, agents) => {
      const step = model.oneAgentLess(callsPerHour, agents);
      return { serviceLevel: step.serviceLevel * share, abandonRate: step.abandonRate * share };
    },
  };
}
