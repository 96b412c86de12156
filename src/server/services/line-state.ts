import type { CallStore } from '../../store/call-store.js';

/** The agent states a wallboard shows (the live line's states: see the README's agent states). */
export const WALLBOARD_AGENT_STATES = ['logged-out', 'ready', 'on-call', 'wrap-up', 'away'] as const;

/** One of WALLBOARD_AGENT_STATES. */
export type WallboardAgentState = (typeof WALLBOARD_AGENT_STATES)[number];

/** How many agents of each group are in each state: `{ 'in-house': { ready: 3, 'on-call': 5, … } }`. */
export type AgentsByGroup = Record<string, Record<WallboardAgentState, number>>;

/**
 * Where the live feed learns the agents' states, per group. The server provides one; the agent-state store plugs
 * in here: `storedAgentStates` reads it.
 */
export interface AgentStateSource {
  agentsByGroup(): Promise<AgentsByGroup>;
}

/** Callers waiting in one queue now, and the longest of their waits. */
export interface QueueWaitingNow {
  /** Callers in the queue. */
  readonly waiting: number;
  /** Earliest queue entry (the record's queueEntrySec: waits count from the first queue, overflow included), seconds. */
  readonly oldestEntrySec: number;
}

/** Zero of every state. */
export function noAgents(): Record<WallboardAgentState, number> {
  return { 'logged-out': 0, ready: 0, 'on-call': 0, 'wrap-up': 0, away: 0 };
}

/**
 * The agents' states as the store keeps them (see the README's agent states): each registered agent counts in its
 * group (its `group`, default its pool's name) under its stored state; an agent with no stored state, or an
 * inactive one, is `logged-out`.
 */
export function storedAgentStates(store: CallStore): AgentStateSource {
  return {
    async agentsByGroup() {
      const states = new Map((await store.listAgentStatuses()).map((s) => [s.agentId, s.state]));
      const groups: AgentsByGroup = {};
      for (const agent of await store.listAgents()) {
        const counts = (groups[agent.group ?? agent.pool] ??= noAgents());
        counts[agent.active ? (states.get(agent.id) ?? 'logged-out') : 'logged-out'] += 1;
      }
      return groups;
    },
  };
}

/** Callers waiting per queue now, from the live calls' sessions (a caller leaves its queue when an agent takes it). */
export async function waitingByQueue(store: CallStore, nowSec: number): Promise<Record<string, QueueWaitingNow>> {
  const queues: Record<string, { waiting: number; oldestEntrySec: number }> = {};
  for (const s of await store.listSessionsArrivedBefore(nowSec + 1)) {
    if (s.queueName === null) continue;
    const entry = s.record.queueEntrySec ?? s.queueSinceSec ?? nowSec;
    const q = (queues[s.queueName] ??= { waiting: 0, oldestEntrySec: entry });
    q.waiting += 1;
    if (entry < q.oldestEntrySec) q.oldestEntrySec = entry;
  }
  return Object.fromEntries(Object.entries(queues).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
