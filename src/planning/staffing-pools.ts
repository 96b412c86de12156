import { HotlineError } from '../errors.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { scheduledAgentsAt } from '../scenario/pool-schedule.js';

type PoolEntry = Scenario['pools'][number];

/** How `hotline staff` plans a scenario's pools: one group, or a primary pool and the pool its calls overflow to. */
export type StaffingPools =
  | { readonly kind: 'single' }
  | {
      readonly kind: 'overflow';
      /** The best-priority pool, taking callers from queue entry (min_wait_sec 0). */
      readonly primary: PoolEntry;
      /** The pool that takes callers once they waited its `min_wait_sec` (0: as soon as the primary has none free). */
      readonly overflow: PoolEntry;
      /** Share of the calls the primary pool is sized for, 0 < keep < 1; the overflow pool is sized for the rest. */
      readonly keep: number;
    };

/**
 * Reads the scenario's routing the way the simulator runs it (`AgentGroups`: pools serving a skill are tried best
 * priority first; a pool with `min_wait_sec` takes only callers who waited that long) and says how to plan it:
 * - one pool: as one group (`single`, today's planner);
 * - two pools serving the same skills, one strictly preferred (better priority, or the same priority and no minimum
 *   wait against the other's minimum wait): a primary and an overflow pool (`overflow`), the primary sized for the
 *   share `keep` of the calls (default: its share of the scenario's on-phone agent-hours), the overflow for the rest.
 *
 * @throws HotlineError HOTLINE_PLAN_UNSUPPORTED naming the pools for any other routing (more than two pools, pools
 *   serving different skills, two pools neither of which is preferred, a primary pool with a minimum wait);
 *   HOTLINE_ARGUMENT_INVALID for a `keep` outside (0, 1).
 * @example staffingPools(midsizeCityHybrid) // { kind: 'overflow', primary: city-staff, overflow: vendor-overflow, keep: ≈ 0.66 }
 */
export function staffingPools(scenario: Scenario, keep?: number): StaffingPools {
  const pools = scenario.pools;
  if (pools.length === 1) return { kind: 'single' };
  const where = `scenario "${scenario.name}"`;
  const names = (list: readonly PoolEntry[]) => list.map((p) => `"${p.name}"`).join(', ');
  if (pools.length > 2)
    refuse(
      `${where} has ${pools.length} pools (${names(pools)}); hotline staff plans one pool, or a primary pool and one overflow pool: merge pools or plan them in separate scenarios.`,
    );
  const [a, b] = pools as [PoolEntry, PoolEntry];
  const skillsA = [...new Set(a.skills)].sort().join(', ');
  const skillsB = [...new Set(b.skills)].sort().join(', ');
  if (skillsA !== skillsB)
    refuse(
      `${where}: pools "${a.name}" [${skillsA}] and "${b.name}" [${skillsB}] serve different skills; hotline staff plans pools that share one queue: give both the same skills or plan them in separate scenarios.`,
    );
  const order = [a, b].sort((x, y) => x.priority - y.priority || x.min_wait_sec - y.min_wait_sec);
  const [primary, overflow] = order as [PoolEntry, PoolEntry];
  if (primary.priority === overflow.priority && primary.min_wait_sec === overflow.min_wait_sec)
    refuse(
      `${where}: pools "${a.name}" and "${b.name}" have the same priority (${a.priority}) and min_wait_sec (${a.min_wait_sec}) and share skills [${skillsA}], so no rule says which takes a call; give the overflow pool a worse priority (e.g. ${a.priority + 1}) or a min_wait_sec.`,
    );
  if (primary.min_wait_sec > 0)
    refuse(
      `${where}: the preferred pool "${primary.name}" has min_wait_sec ${primary.min_wait_sec}, so no pool takes a caller on arrival; set its min_wait_sec to 0.`,
    );
  const share = keep ?? agentHourShare(scenario, primary, overflow);
  if (!(share > 0 && share < 1))
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `staffingPools: keep (the share of calls "${primary.name}" is sized for) must be between 0 and 1 (exclusive), got ${String(share)}.`,
    );
  return { kind: 'overflow', primary, overflow, keep: share };
}

/**
 * The primary pool's share of the two pools' on-phone agent-hours over a week of the scenario (0.5 when both are
 * empty), kept within 5–95 %.
 */
function agentHourShare(scenario: Scenario, primary: PoolEntry, overflow: PoolEntry): number {
  const week = (p: PoolEntry) => {
    let sum = 0;
    for (let hour = 0; hour < 7 * 24; hour += 1) sum += scheduledAgentsAt(p, hour * 3600, scenario.horizon.start_day);
    return sum * (1 - p.shrinkage);
  };
  const a = week(primary);
  const b = week(overflow);
  // A pool scheduled with no agents at all would leave the other nothing (or everything) to carry: keep both in play.
  return a + b > 0 ? Math.min(0.95, Math.max(0.05, a / (a + b))) : 0.5;
}

function refuse(message: string): never {
  throw new HotlineError('HOTLINE_PLAN_UNSUPPORTED', message);
}
