import type { AgentPool } from '../../record/call-record.js';
import type { Agent } from '../../store/call-store.js';

/**
 * How callers of a skill reach agent pools: they join the primary pool's
 * queue, and after `overflowAfterSec` of waiting leave it (via `<Leave>`) for
 * the overflow pool's queue.
 */
export interface SkillRouting {
  readonly primaryPool: AgentPool;
  readonly overflowPool: AgentPool | null;
  /** Seconds in the primary queue before overflow; null never overflows. */
  readonly overflowAfterSec: number | null;
}

/** Routing for all skills, with per-skill overrides. */
export interface RoutingConfig {
  readonly defaults: SkillRouting;
  readonly skills?: Readonly<Record<string, Partial<SkillRouting>>>;
  /** Mean handle time used for the estimated-wait announcement, seconds (talk + after-call work). */
  readonly handleSecForEstimate: number;
  /** Delay before a booked callback is placed, seconds. */
  readonly callbackDelaySec: number;
  /**
   * The agent group (an in-house team or a contractor, by name) behind each pool's queues: the `agentGroup` of
   * an unanswered call that waited there. Default: the pool's name.
   */
  readonly poolGroups?: Readonly<Partial<Record<AgentPool, string>>>;
}

/** The agent group behind `pool`'s queues (RoutingConfig.poolGroups, default the pool's name). */
export function poolGroup(config: RoutingConfig, pool: AgentPool): string {
  return config.poolGroups?.[pool] ?? pool;
}

/**
 * Default routing: in-house first, outsourced after 30 s (ASSUMPTION: a common
 * hybrid contract), 270 s handle time (hotline-12345.md §5(a) AHT), callbacks
 * placed after 5 minutes.
 */
export const DEFAULT_ROUTING: RoutingConfig = {
  defaults: { primaryPool: 'in-house', overflowPool: 'outsourced', overflowAfterSec: 30 },
  handleSecForEstimate: 270,
  callbackDelaySec: 300,
};

/** The routing that applies to `skill`. */
export function routingFor(config: RoutingConfig, skill: string): SkillRouting {
  return { ...config.defaults, ...config.skills?.[skill] };
}

/** The Twilio queue name of a skill in a pool: 'general.in-house'. */
export function queueName(skill: string, pool: AgentPool): string {
  return `${skill}.${pool}`;
}

/** Splits a queue name back into skill and pool. */
export function parseQueueName(name: string): { skill: string; pool: AgentPool } | undefined {
  const match = /^(.+)\.(in-house|outsourced)$/.exec(name);
  return match ? { skill: match[1] as string, pool: match[2] as AgentPool } : undefined;
}

/**
 * Queues an agent takes callers from, in order of preference: their own pool's
 * queues first; then, for the primary pool of a skill, the overflow queue
 * (callers there were first theirs).
 */
export function agentQueues(config: RoutingConfig, agent: Agent): { own: string[]; overflow: string[] } {
  const own: string[] = [];
  const overflow: string[] = [];
  for (const skill of agent.skills) {
    own.push(queueName(skill, agent.pool));
    const routing = routingFor(config, skill);
    if (routing.primaryPool === agent.pool && routing.overflowPool && routing.overflowPool !== agent.pool) {
      overflow.push(queueName(skill, routing.overflowPool));
    }
  }
  return { own, overflow };
}
