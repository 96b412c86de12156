import type { AgentPool } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { specMean } from '../sim/distributions.js';

type PoolEntry = Scenario['pools'][number];

/** The one agent group a staffing plan schedules: who they are, their shrinkage and cost. */
export interface PlanningPool {
  /** Name of the pool entry the plan is modelled on (its cost and shrinkage are used). */
  readonly name: string;
  /** In-house unless every pool of the scenario is outsourced. */
  readonly pool: AgentPool;
  /** Every skill of the scenario: the planned group takes all calls. */
  readonly skills: readonly string[];
  /** Share of scheduled time off the phones, 0 ≤ s < 1. */
  readonly shrinkage: number;
  readonly cost: PoolEntry['cost'];
}

/**
 * The single agent group to plan for: in-house unless all the scenario's
 * pools are outsourced, serving every skill, with the shrinkage and cost of
 * the first pool entry of that kind (the first pool, in every shipped
 * scenario; picking by kind keeps a vendor's price off city staff).
 *
 * @example planningPool(midsizeCityHybrid) // { name: 'city-staff', pool: 'in-house', skills: ['general'], shrinkage: 0.3, cost: { per_agent_year: 80000 } }
 */
export function planningPool(scenario: Scenario): PlanningPool {
  const pool: AgentPool = scenario.pools.every((p) => p.pool === 'outsourced') ? 'outsourced' : 'in-house';
  const model = scenario.pools.find((p) => p.pool === pool) ?? scenario.pools[0]!;
  const skills = [...new Set([...scenario.pools.flatMap((p) => p.skills), ...scenario.call_types.map((t) => t.skill)])];
  return { name: model.name, pool, skills, shrinkage: model.shrinkage, cost: model.cost };
}

/**
 * `scenario` with its pools replaced by `planned`, scheduled by hour of the
 * day (`scheduledByHour`: 24 headcounts before shrinkage, repeated every
 * day), no overflow delay.
 *
 * @example withPlanningPool(scenario, planningPool(scenario), scheduledByHour)
 */
export function withPlanningPool(
  scenario: Scenario,
  planned: PlanningPool,
  scheduledByHour: readonly number[],
): Scenario {
  const entry: PoolEntry = {
    name: planned.name,
    pool: planned.pool,
    skills: [...planned.skills],
    agents_by_hour: [...scheduledByHour],
    shrinkage: planned.shrinkage,
    min_wait_sec: 0,
    priority: 1,
    ...(planned.cost === undefined ? {} : { cost: planned.cost }),
  };
  return { ...scenario, pools: [entry] };
}

/**
 * Mean handle time of the call mix when `pool` answers, seconds: shares
 * weighted means of `handle_sec_by_pool[pool]`, or `handle_sec` where a call
 * type gives none.
 *
 * @example mixHandleSec(midsizeCity, 'in-house') // ≈ 270.3
 */
export function mixHandleSec(scenario: Scenario, pool: AgentPool): number {
  const total = scenario.call_types.reduce((a, t) => a + t.share, 0);
  return scenario.call_types.reduce(
    (a, t) => a + (t.share / total) * specMean(t.handle_sec_by_pool?.[pool] ?? t.handle_sec),
    0,
  );
}

/** One of the scenario's own pool entries with a new hourly headcount (see {@link withPoolsByHour}). */
export interface PoolHeadcount {
  /** The entry as the scenario gives it: name, kind, skills, routing (`priority`, `min_wait_sec`), cost, contract. */
  readonly entry: PoolEntry;
  /** 24 headcounts (before shrinkage), repeated every day. */
  readonly agentsByHour: readonly number[];
  /** Shrinkage to staff with; default the entry's. */
  readonly shrinkage?: number;
}

/**
 * `scenario` with its pools replaced by `pools`, each keeping its routing, cost and contract and scheduled by hour of
 * the day (its `agents` or `shifts` dropped): how a multi-pool plan is simulated.
 *
 * @example withPoolsByHour(hybrid, [{ entry: hybrid.pools[0]!, agentsByHour: a }, { entry: hybrid.pools[1]!, agentsByHour: b }])
 */
export function withPoolsByHour(scenario: Scenario, pools: readonly PoolHeadcount[]): Scenario {
  return {
    ...scenario,
    pools: pools.map(({ entry, agentsByHour, shrinkage }) => {
      const { agents: _agents, shifts: _shifts, ...rest } = entry;
      return { ...rest, agents_by_hour: [...agentsByHour], shrinkage: shrinkage ?? entry.shrinkage };
    }),
  };
}

/** The planning view of a scenario pool entry: its own name, kind, skills, shrinkage and cost. */
export function planningPoolOf(entry: PoolEntry): PlanningPool {
  return {
    name: entry.name,
    pool: entry.pool,
    skills: [...entry.skills],
    shrinkage: entry.shrinkage,
    cost: entry.cost,
  };
}
