import type { AgentPool } from '../record/call-record.js';
import { type Scenario, WEEKDAYS } from '../scenario/scenario-schema.js';
import { overallKpis, type OverallKpis } from './overall-kpis.js';
import { simulateReplications } from './parallel-replications.js';
import { planningPool, planningPoolOf, withPlanningPool } from './planning-pool.js';
import { planStaffing, type StaffingPlan } from './staffing-plan.js';
import { resolveStaffingPlanOptions, type StaffingPlanOptions } from './staffing-plan-options.js';
import { staffingTotals, sumTotals, type StaffingTotals } from './staffing-totals.js';

type Weekday = (typeof WEEKDAYS)[number];
type PoolEntry = Scenario['pools'][number];
/** A scenario shift (`pools[].shifts[]`). */
export type ShiftEntry = NonNullable<PoolEntry['shifts']>[number];

/** One pool across the week of a {@link WeeklyStaffingPlan}. */
export interface WeeklyPoolPlan {
  readonly name: string;
  readonly pool: AgentPool;
  readonly role: StaffingPlan['pools'][number]['role'];
  readonly shrinkage: number;
  /** Scheduled headcount per weekday and hour (24 per day). */
  readonly agentsByDay: Readonly<Record<Weekday, readonly number[]>>;
  /** The same roster as scenario `shifts` (one-or-more-hour shifts of equal headcount, weekdays merged). */
  readonly shifts: readonly ShiftEntry[];
  /** Weekly hours, FTE and cost of this roster at the pool's price. */
  readonly totals: StaffingTotals;
}

/** The result of {@link planStaffingWeek}: a plan per weekday and the week's roster simulated. */
export interface WeeklyStaffingPlan {
  readonly scenario: string;
  readonly day: 'all';
  readonly days: Readonly<Record<Weekday, StaffingPlan>>;
  readonly pools: readonly WeeklyPoolPlan[];
  /** Every weekday's plan met the targets in every hour of its confirming simulation. */
  readonly meetsTarget: boolean;
  readonly totals: { readonly plan: StaffingTotals };
  /** The week's roster (each weekday its own plan) on the scenario's own demand and horizon. */
  readonly overall: { readonly scenario: OverallKpis };
}

/**
 * Plans every weekday ({@link planStaffing} with `day` Mon…Sun, same seed and options), then simulates the
 * resulting roster, each weekday staffed by its own plan, on the scenario's own demand and horizon.
 *
 * @example const week = await planStaffingWeek(hybrid, { replications: 2 }); week.pools[1].agentsByDay.Sun
 */
export async function planStaffingWeek(
  scenario: Scenario,
  options: Omit<StaffingPlanOptions, 'day'> = {},
): Promise<WeeklyStaffingPlan> {
  const o = resolveStaffingPlanOptions(scenario, options);
  const days = {} as Record<Weekday, StaffingPlan>;
  for (const day of WEEKDAYS) days[day] = await planStaffing(scenario, { ...options, day });
  const first = days.Mon;
  const pools = first.pools.map((p, i): WeeklyPoolPlan => {
    const agentsByDay = Object.fromEntries(WEEKDAYS.map((d) => [d, days[d].pools[i]!.agentsByHour])) as Record<
      Weekday,
      readonly number[]
    >;
    const hoursPerWeek = WEEKDAYS.reduce((a, d) => a + agentsByDay[d].reduce((x, y) => x + y, 0), 0);
    const planning = p.role === 'only' ? planningPool(scenario) : planningPoolOf(entryNamed(scenario, p.name));
    return {
      name: p.name,
      pool: p.pool,
      role: p.role,
      shrinkage: p.shrinkage,
      agentsByDay,
      shifts: hourlyShifts(agentsByDay),
      totals: staffingTotals(hoursPerWeek, planning, scenario.paid_hours_per_fte_week),
    };
  });
  const staffed = withWeeklyPools(scenario, pools);
  const targets: Scenario['targets'] = {
    answer_within_sec: o.targetSec,
    service_level: o.serviceLevel,
    abandon_rate_max: o.maxAbandonRate,
  };
  const week = await simulateReplications(
    { ...staffed, targets },
    { seed: o.seed, replications: o.replications, workers: o.workers },
  );
  return {
    scenario: scenario.name,
    day: 'all',
    days,
    pools,
    meetsTarget: WEEKDAYS.every((d) => days[d].meetsTarget),
    totals: { plan: sumTotals(pools.map((p) => p.totals)) },
    overall: { scenario: overallKpis(week, o.targetSec, first.pool.pool) },
  };
}

/**
 * A weekly roster as scenario shifts: each weekday's runs of equal, non-zero headcount become one shift, and shifts
 * equal on several weekdays are written once with those `days`.
 *
 * @example hourlyShifts({ Mon: [0, 2, 2, 0, …], …, Sun: [0, 2, 2, 0, …] }) // [{ start_hour: 1, hours: 2, agents: 2, days: ['Mon', …, 'Sun'] }]
 */
export function hourlyShifts(agentsByDay: Readonly<Record<Weekday, readonly number[]>>): ShiftEntry[] {
  const byKey = new Map<string, { start_hour: number; hours: number; agents: number; days: Weekday[] }>();
  for (const day of WEEKDAYS) {
    const hours = agentsByDay[day];
    for (let h = 0; h < 24; ) {
      const agents = hours[h] ?? 0;
      let end = h + 1;
      while (end < 24 && hours[end] === agents) end += 1;
      if (agents > 0) {
        const key = `${h}/${end - h}/${agents}`;
        const shift = byKey.get(key) ?? { start_hour: h, hours: end - h, agents, days: [] };
        shift.days.push(day);
        byKey.set(key, shift);
      }
      h = end;
    }
  }
  return [...byKey.values()].sort((a, b) => a.start_hour - b.start_hour || b.agents - a.agents);
}

/** `scenario` with each planned pool scheduled by its weekly shifts (the single planning group as in `withPlanningPool`). */
export function withWeeklyPools(scenario: Scenario, pools: readonly WeeklyPoolPlan[]): Scenario {
  const entries = pools.map((p): PoolEntry => {
    const entry =
      p.role === 'only'
        ? withPlanningPool(scenario, planningPool(scenario), Array(24).fill(0)).pools[0]!
        : entryNamed(scenario, p.name);
    const { agents: _a, agents_by_hour: _h, shifts: _s, ...rest } = entry;
    // A roster with no agents at all still needs one shift to be a valid pool: an empty hour.
    const shifts = p.shifts.length > 0 ? p.shifts : [{ start_hour: 0, hours: 1, agents: 0 }];
    return { ...rest, shifts: shifts.map((s) => ({ ...s })) };
  });
  return { ...scenario, pools: entries };
}

function entryNamed(scenario: Scenario, name: string): PoolEntry {
  return scenario.pools.find((p) => p.name === name)!;
}
