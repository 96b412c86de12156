import { erlangA } from './erlang-a.js';
import { erlangC } from './erlang-c.js';
import { minAgentsErlangA, minAgentsErlangC } from './staffing.js';

/** What the analytic model of one hour needs: the call mix's AHT, the mean patience and the targets. */
export interface AnalyticHourInput {
  /** Mean handle time, seconds. */
  readonly ahtSec: number;
  /** Mean patience, seconds (taken as exponential); null for callers who never hang up (Erlang C). */
  readonly patienceSec: number | null;
  /** Least service level, 0 < x < 1. */
  readonly serviceLevel: number;
  /** Service-level threshold, seconds. */
  readonly targetSec: number;
  /** Greatest abandon rate, 0 < x < 1 (Erlang A only). */
  readonly maxAbandonRate: number;
}

/** Service level (over all arrivals) and abandon rate of one hour at a given staffing. */
export interface HourFigures {
  readonly serviceLevel: number;
  readonly abandonRate: number;
}

/** The smallest on-phone count meeting the targets and the model's figures there. */
export interface AnalyticHour extends HourFigures {
  readonly onPhone: number;
}

/** Erlang A (or C) for one hour of a staffing plan, stationary within the hour. */
export interface AnalyticHourModel {
  /** Figures with `agents` on the phone for `callsPerHour` (> 0). */
  readonly at: (callsPerHour: number, agents: number) => HourFigures;
  /** Smallest on-phone count meeting the targets; 0 agents (and NaN figures) when no calls arrive. */
  readonly minimum: (callsPerHour: number) => AnalyticHour;
  /** What one agent fewer than `agents` costs: service-level points lost, abandon-rate points gained (≥ 0); 1 and 1 when fewer than 2 agents or no calls. */
  readonly oneAgentLess: (callsPerHour: number, agents: number) => HourFigures;
}

/**
 * The analytic model a staffing plan starts from and prices its steps with:
 * Erlang A with exponential patience of the given mean, or Erlang C when
 * callers never hang up. `minimum` is cached by rate (a week repeats rates).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID (from the Erlang searches) for bad inputs, HOTLINE_GOAL_UNREACHABLE for
 *   targets no staffing meets.
 * @example
 * const model = analyticHourModel({ ahtSec: 180, patienceSec: 300, serviceLevel: 0.8, targetSec: 20, maxAbandonRate: 0.05 });
 * model.minimum(200) // { onPhone: 13, serviceLevel: 0.8581…, abandonRate: 0.0249… } (erlang.md A2)
 */
export function analyticHourModel(input: AnalyticHourInput): AnalyticHourModel {
  const { ahtSec, patienceSec, targetSec } = input;
  const cache = new Map<number, AnalyticHour>();
  const at = (callsPerHour: number, agents: number): HourFigures => {
    const query = { callsPerHour, ahtSec, agents, targetSec };
    if (patienceSec === null) return { serviceLevel: erlangC(query).serviceLevel, abandonRate: 0 };
    const r = erlangA({ ...query, patienceSec });
    return { serviceLevel: r.serviceLevel, abandonRate: r.pAbandon };
  };
  const minimum = (callsPerHour: number): AnalyticHour => {
    if (!(callsPerHour > 0)) return { onPhone: 0, serviceLevel: NaN, abandonRate: NaN };
    const known = cache.get(callsPerHour);
    if (known) return known;
    const goal = { callsPerHour, ahtSec, serviceLevel: input.serviceLevel, targetSec };
    const { agents } =
      patienceSec === null
        ? minAgentsErlangC(goal)
        : minAgentsErlangA({ ...goal, patienceSec, maxAbandonRate: input.maxAbandonRate });
    const found = { onPhone: agents, ...at(callsPerHour, agents) };
    cache.set(callsPerHour, found);
    return found;
  };
  const oneAgentLess = (callsPerHour: number, agents: number): HourFigures => {
    if (!(callsPerHour > 0) || agents < 2) return { serviceLevel: 1, abandonRate: 1 };
    const now = at(callsPerHour, agents);
    const fewer = at(callsPerHour, agents - 1);
    return {
      serviceLevel: Math.max(0, now.serviceLevel - fewer.serviceLevel),
      abandonRate: Math.max(0, fewer.abandonRate - now.abandonRate),
    };
  };
  return { at, minimum, oneAgentLess };
}
