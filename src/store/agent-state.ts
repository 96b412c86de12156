/**
 * Agents' states on the live line: what an agent is doing now, and the log of
 * every change (who changed it and why). Kept by the call store.
 */

/**
 * An agent's state:
 * - `logged-out`: not on the agent line (never logged in, hung up, or logged out by an admin or the system).
 * - `ready`: on the agent line, waiting for a caller.
 * - `on-call`: talking to a caller.
 * - `wrap-up`: after-call work; ends when the agent asks for the next caller, or at the wrap-up limit.
 * - `away`: logged in but taking no callers (a break, a meeting); set and ended through the admin API.
 */
export const AGENT_STATES = ['logged-out', 'ready', 'on-call', 'wrap-up', 'away'] as const;

/** An agent's state (see AGENT_STATES). */
export type AgentState = (typeof AGENT_STATES)[number];

/** States in which an agent is on duty: logged in and not away (counted by the wait announcements). */
export const ON_DUTY_STATES: readonly AgentState[] = ['ready', 'on-call', 'wrap-up'];

/**
 * Who changed a state: the agent on the agent line or in the console's agent desktop, an admin through the API, or
 * the server itself (the wrap-up limit).
 */
export type AgentStateSource = 'agent-line' | 'console' | 'admin' | 'system';

/** An agent's current state. Agents with no stored state are `logged-out`. */
export interface AgentStatus {
  readonly agentId: string;
  readonly state: AgentState;
  /** When the agent entered this state, seconds since the epoch. */
  readonly sinceSec: number;
  /** The caller's CallSid while `on-call` and `wrap-up` (the call whose handle time the wrap-up completes), else null. */
  readonly callSid: string | null;
  /** When the agent answered that call, seconds (handle time runs from here to the end of wrap-up), else null. */
  readonly answerSec: number | null;
}

/** One line of the state log. */
export interface AgentStateChange {
  readonly agentId: string;
  readonly from: AgentState;
  readonly to: AgentState;
  /** When the change happened, seconds since the epoch. */
  readonly atSec: number;
  readonly source: AgentStateSource;
  /** Why, in a few words ('login', 'next caller', 'wrap-up limit', an admin's text). */
  readonly reason: string;
}

/** Which log lines to read: one agent's, `fromSec` inclusive to `toSec` exclusive, oldest first, at most `limit`. */
export interface AgentStateLogQuery {
  readonly agentId: string;
  readonly fromSec?: number;
  readonly toSec?: number;
  readonly limit: number;
}

/** The state of an agent with no stored status. */
export function loggedOut(agentId: string): AgentStatus {
  return { agentId, state: 'logged-out', sinceSec: 0, callSid: null, answerSec: null };
}
