import { loggedOut, type AgentState, type AgentStateSource, type AgentStatus } from '../../store/agent-state.js';
import type { CallStore } from '../../store/call-store.js';

/** Default wrap-up limit, seconds: after-call work longer than this counts as this (`hotline serve --wrap-up-limit-sec`). */
export const DEFAULT_WRAP_UP_LIMIT_SEC = 120;

/**
 * Seconds past the wrap-up limit after which housekeeping takes an agent still in wrap-up for gone (logged out):
 * an agent on the line is asked by the after-call menu at the limit itself, and that request applies it.
 */
export const WRAP_UP_GRACE_SEC = 30;

/** What agent states need. */
export interface AgentStatesOptions {
  readonly store: CallStore;
  /** Seconds since the epoch (the server's injected clock). */
  readonly nowSec: () => number;
  /** Seconds of wrap-up counted at most; default DEFAULT_WRAP_UP_LIMIT_SEC. */
  readonly wrapUpLimitSec?: number;
  /** Told when a call's handle time was written (its record was final already): the live feed counts it then. */
  readonly onHandleWritten?: (callSid: string, handleSec: number) => void;
}

/**
 * Agents' states on the live line (see AGENT_STATES) and their log. The agent line moves an agent through
 * login → ready → on-call → wrap-up → ready; the admin API sets any state; the server ends wrap-ups at the
 * limit. Closing a wrap-up writes the call's handle time: answer to the end of wrap-up (talk + after-call
 * work), the wrap-up counted at most `wrapUpLimitSec`.
 */
export class AgentStates {
  private readonly store: CallStore;
  /** Seconds since the epoch, on the server's clock. */
  readonly nowSec: () => number;
  readonly wrapUpLimitSec: number;
  private readonly onHandleWritten: ((callSid: string, handleSec: number) => void) | undefined;
  private readonly listeners = new Set<(status: AgentStatus) => void>();

  constructor(options: AgentStatesOptions) {
    this.store = options.store;
    this.onHandleWritten = options.onHandleWritten;
    this.nowSec = options.nowSec;
    this.wrapUpLimitSec = options.wrapUpLimitSec ?? DEFAULT_WRAP_UP_LIMIT_SEC;
  }

  /**
   * Calls `listener` with each agent's new status after every change stored (any source: the agent line, the
   * console, an admin, the system), synchronously; a listener must not throw. Returns the way to stop listening.
   */
  subscribe(listener: (status: AgentStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The agent's current state (logged-out when none is stored). */
  async current(agentId: string): Promise<AgentStatus> {
    return (await this.store.getAgentStatus(agentId)) ?? loggedOut(agentId);
  }

  /** True when `status` is a wrap-up past its limit at `nowSec`. */
  expired(status: AgentStatus, nowSec = this.nowSec()): boolean {
    return status.state === 'wrap-up' && nowSec >= status.sinceSec + this.wrapUpLimitSec;
  }

  /**
   * Moves the agent to `to` (logged by `source` with `reason`); a wrap-up left is closed (handle time written).
   * Staying in the same state changes nothing, except a new call while on-call. `call` is the caller taken
   * (on-call only). Returns the new status.
   */
  async change(
    agentId: string,
    to: AgentState,
    source: AgentStateSource,
    reason: string,
    call?: { readonly callSid: string },
  ): Promise<AgentStatus> {
    const from = await this.current(agentId);
    if (from.state === to && !(to === 'on-call' && call && call.callSid !== from.callSid)) return from;
    const now = this.nowSec();
    if (from.state === 'wrap-up') await this.closeWrapUp(from, now);
    const status: AgentStatus =
      to === 'on-call'
        ? { agentId, state: to, sinceSec: now, callSid: call?.callSid ?? null, answerSec: now }
        : to === 'wrap-up'
          ? { agentId, state: to, sinceSec: now, callSid: from.callSid, answerSec: from.answerSec }
          : { agentId, state: to, sinceSec: now, callSid: null, answerSec: null };
    await this.store.changeAgentState(status, { agentId, from: from.state, to, atSec: now, source, reason });
    for (const listener of this.listeners) listener(status);
    return status;
  }

  /**
   * The caller's call with this agent ended (the agent line's Dial action, or the caller's Enqueue action:
   * then `callSid` names the call, and only an agent on that call moves). On-call becomes wrap-up; other
   * states stay.
   */
  async callEnded(agentId: string, callSid?: string): Promise<AgentStatus> {
    const status = await this.current(agentId);
    if (status.state !== 'on-call' || (callSid !== undefined && status.callSid !== callSid)) return status;
    return this.change(agentId, 'wrap-up', 'agent-line', 'call ended');
  }

  /**
   * Housekeeping at `nowSec`: writes the handle time of every wrap-up past its limit, and logs out agents
   * still in wrap-up WRAP_UP_GRACE_SEC after it (they left the agent line: on it, the menu would have ended
   * the wrap-up). Returns the ids of the agents logged out.
   */
  async expireWrapUps(nowSec: number): Promise<string[]> {
    const gone: string[] = [];
    for (const status of await this.store.listAgentStatuses()) {
      if (!this.expired(status, nowSec)) continue;
      await this.closeWrapUp(status, nowSec);
      if (nowSec >= status.sinceSec + this.wrapUpLimitSec + WRAP_UP_GRACE_SEC) {
        await this.change(status.agentId, 'logged-out', 'system', 'wrap-up limit passed off the agent line');
        gone.push(status.agentId);
      }
    }
    return gone;
  }

  /** Writes the handle time of the wrap-up's call (once: a second write is ignored by the store). */
  private async closeWrapUp(status: AgentStatus, nowSec: number): Promise<void> {
    if (status.callSid === null || status.answerSec === null) return;
    const endSec = Math.min(nowSec, status.sinceSec + this.wrapUpLimitSec);
    const handleSec = Math.max(0, endSec - status.answerSec);
    if (await this.store.setHandleSec(status.callSid, handleSec)) this.onHandleWritten?.(status.callSid, handleSec);
  }
}
