import { HotlineError } from '../../errors.js';
import type { CallRecord } from '../../record/call-record.js';
import type { JourneyStep } from '../../record/recording-metadata.js';
import type { HotlineServices } from '../../server/app.js';
import type { AgentStatus } from '../../store/agent-state.js';
import type { Agent } from '../../store/call-store.js';
import type { AgentCall, AgentMe, CallerCard } from './agent-wire.js';
import { callerCard } from './caller-card.js';
import type { AgentPhone } from './local-agent-phone.js';

/**
 * Request types an agent records at wrap-up: the 12345 hotline's (the shipped scenarios' `call_types`, so that live
 * records and calibrated scenarios name them alike). The flow and routing name no request types; a line with others
 * passes its own (AgentDesktopOptions.callTypes).
 */
export const DEFAULT_CALL_TYPES = [
  'consult',
  'help',
  'complaint',
  'report',
  'suggestion',
  'thanks',
  'invalid',
  'emergency',
] as const;

/** Most calls GET /console/api/agent/calls lists (an agent takes far fewer in a day). */
export const MAX_DAY_CALLS = 500;

/** What the desktop needs beside the live line's services. */
export interface AgentDesktopOptions {
  readonly callTypes?: readonly string[];
  /** The agent's phone from the local emulator (local mode only: localAgentPhone), or null (a real deployment). */
  readonly phone: AgentPhone | null;
}

/**
 * The agent desktop's logic, every method scoped to one signed-in agent: their state, the caller they are bridged
 * to, their wrap-up and their own calls of today. A call that is not the agent's is HOTLINE_CONSOLE_FORBIDDEN,
 * whether it exists or not (no oracle for other agents' CallSids).
 */
export class AgentDesktop {
  readonly callTypes: readonly string[];
  /** The journey of each agent's current call, kept while the session lasts: the IVR path after the call ends. */
  private readonly journeys = new Map<string, { callSid: string; journey: readonly JourneyStep[] }>();

  constructor(
    private readonly line: HotlineServices,
    private readonly options: AgentDesktopOptions,
  ) {
    this.callTypes = options.callTypes ?? DEFAULT_CALL_TYPES;
  }

  /** The signed-in agent's registration; HOTLINE_AGENT_UNKNOWN once removed. */
  private async agent(agentId: string): Promise<Agent> {
    const agent = await this.line.store.getAgent(agentId);
    if (!agent)
      throw new HotlineError('HOTLINE_AGENT_UNKNOWN', `agent desktop: agent ${agentId} is no longer registered.`);
    return agent;
  }

  /** The agent's state, group and skills, and the card of their call (on-call or wrap-up). */
  async me(agentId: string): Promise<AgentMe> {
    const agent = await this.agent(agentId);
    const status = await this.line.agentStates.current(agentId);
    return {
      agent: {
        id: agent.id,
        name: agent.name,
        skills: agent.skills,
        pool: agent.pool,
        group: agent.group ?? agent.pool,
      },
      status: { state: status.state, sinceSec: status.sinceSec },
      call: status.callSid === null ? null : ((await this.card(agentId, status.callSid)) ?? null),
      callTypes: this.callTypes,
      wrapUpLimitSec: this.line.agentStates.wrapUpLimitSec,
      nowSec: this.line.nowSec(),
      localLine: this.options.phone !== null,
    };
  }

  private async card(agentId: string, callSid: string): Promise<CallerCard | undefined> {
    const session = await this.line.store.getSession(callSid);
    if (session) this.journeys.set(agentId, { callSid, journey: session.journey });
    const kept = this.journeys.get(agentId);
    return callerCard(this.line.store, callSid, kept?.callSid === callSid ? kept.journey : undefined);
  }

  /**
   * Ready or away from the console. On a call: HOTLINE_AGENT_ON_CALL. Logged out (not on the agent line): in local
   * mode Ready puts the agent's emulated phone on the line, else HOTLINE_AGENT_NOT_ON_LINE. Leaving wrap-up ends it.
   * In local mode the phone also answers the menu it is at (next caller, away), as the agent would by key.
   */
  async setState(agentId: string, to: 'ready' | 'away'): Promise<AgentStatus> {
    const agent = await this.agent(agentId);
    const status = await this.line.agentStates.current(agentId);
    const { phone } = this.options;
    if (status.state === 'on-call')
      throw new HotlineError(
        'HOTLINE_AGENT_ON_CALL',
        `POST /console/api/agent/state: agent ${agentId} is on a call; choose ${to} once the call has ended.`,
      );
    if (status.state === 'logged-out') {
      if (to !== 'ready' || phone === null)
        throw new HotlineError(
          'HOTLINE_AGENT_NOT_ON_LINE',
          `POST /console/api/agent/state: agent ${agentId} is not on the agent line; ${phone === null ? 'call it from your phone first (it makes you ready)' : 'choose Ready first (it puts you on the line)'}.`,
        );
      const ready = await this.line.agentStates.change(agentId, 'ready', 'console', 'ready (local line)');
      phone.join(agent);
      return ready;
    }
    const changed = await this.line.agentStates.change(agentId, to, 'console', to);
    // An idle phone (ready, polling) finds out by itself at its next look; a phone at a menu is answered.
    if (status.state === 'wrap-up' || (status.state === 'away' && to === 'ready'))
      phone?.command(agentId, to === 'ready' ? 'next' : 'away');
    return changed;
  }

  /** Local mode: hangs up on the caller the agent talks with (a real phone just hangs up). */
  endCall(agentId: string): void {
    if (!this.options.phone?.endCall(agentId))
      throw new HotlineError(
        'HOTLINE_AGENT_NOT_ON_LINE',
        `POST /console/api/agent/end-call: agent ${agentId} has no phone of the console's local line; hang up your own phone.`,
      );
  }

  /**
   * Records the request type and resolution of the agent's own call `callSid` (their current call, or one of today's:
   * a correction), and ends the agent's wrap-up of it (ready for the next caller). HOTLINE_CONSOLE_FORBIDDEN when the
   * call is not one this agent answered; HOTLINE_AGENT_WRAP_UP_INVALID for a call of a day that is over.
   */
  async wrapUp(
    agentId: string,
    body: { readonly callSid: string; readonly callType: string; readonly resolved: boolean },
  ): Promise<{ readonly call: AgentCall; readonly status: AgentStatus }> {
    const record = await this.line.store.getRecord(body.callSid);
    if (record?.agentId !== agentId)
      throw new HotlineError(
        'HOTLINE_CONSOLE_FORBIDDEN',
        `POST /console/api/agent/wrap-up: call ${body.callSid} is not one you answered; wrap up your own calls only.`,
      );
    let status = await this.line.agentStates.current(agentId);
    // Days that are over have been reported on: their records stay as they are.
    if (status.callSid !== body.callSid && record.arrivalSec < this.line.feed.dayAt().fromSec)
      throw new HotlineError(
        'HOTLINE_AGENT_WRAP_UP_INVALID',
        `POST /console/api/agent/wrap-up: call ${body.callSid} arrived before today; only today's calls can be wrapped up.`,
      );
    await this.line.store.setWrapUp(body.callSid, { callType: body.callType, resolved: body.resolved });
    if (status.state === 'wrap-up' && status.callSid === body.callSid) {
      status = await this.line.agentStates.change(agentId, 'ready', 'console', 'wrap-up done');
      this.options.phone?.command(agentId, 'next');
    }
    const stored = (await this.line.store.getRecord(body.callSid)) ?? record;
    return { call: agentCall(stored), status };
  }

  /** The agent's own calls that arrived today (the hotline's day, as the wallboard's), oldest first. */
  async calls(agentId: string): Promise<AgentCall[]> {
    const { fromSec, toSec } = this.line.feed.dayAt();
    const records = await this.line.store.listAgentRecords(agentId, fromSec, toSec, MAX_DAY_CALLS);
    return records.map(agentCall);
  }
}

/** A record as the agent's call list shows it. */
export function agentCall(r: CallRecord): AgentCall {
  return {
    callSid: r.callSid,
    arrivalSec: r.arrivalSec,
    answerSec: r.answerSec,
    endSec: r.endSec,
    waitSec: r.answerSec !== null && r.queueEntrySec !== null ? Math.max(0, r.answerSec - r.queueEntrySec) : null,
    talkSec: r.talkSec,
    language: r.language,
    skill: r.skill,
    outcome: r.outcome,
    callType: r.callType,
    resolved: r.resolved,
  };
}
