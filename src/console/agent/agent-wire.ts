/**
 * The agent desktop's JSON shapes (GET /console/api/agent/me, /calls and the `me` event), declared once: the server
 * builds them (agent-desktop.ts, caller-card.ts) and the page reads them (web/views/agent/, `import type`). Types
 * only, importing only type-only modules that compile without Node types.
 */
import type { CallDirection, CallOutcome } from '../../record/call-record.js';
import type { AgentState } from '../../store/agent-state.js';

/** One step of the caller's way through the IVR, as the agent sees it. */
export interface IvrStep {
  /** The flow state, e.g. 'menu'. */
  readonly state: string;
  /** The step's kind: announce, gather, lookup, enqueue… */
  readonly kind: string;
  /** The menu key the caller pressed there (one or two keys); never longer input (a case or id number) nor speech. */
  readonly key?: string;
}

/**
 * What the agent desktop shows of the caller an agent is bridged to (or just talked to, in wrap-up). Never the
 * caller's number nor its hash: only whether the same hash called before, and how often.
 */
export interface CallerCard {
  readonly callSid: string;
  readonly direction: CallDirection;
  /** The call's language, e.g. 'cmn-CN'. */
  readonly language: string;
  readonly skill: string | null;
  readonly ivrPath: readonly IvrStep[];
  /** Seconds the caller waited in the queue(s) before this agent answered; null when unknown. */
  readonly waitSec: number | null;
  readonly arrivalSec: number;
  readonly answerSec: number | null;
  /** The same caller's inbound calls in the CALLED_BEFORE_DAYS before this one (0 for a withheld number). */
  readonly calledBefore: { readonly calls: number; readonly windowDays: number; readonly known: boolean };
  /** A callback: this call is one the hotline placed (`leg`), or the caller has one pending, due at `dueSec`. */
  readonly callback: { readonly leg: boolean; readonly pendingDueSec: number | null; readonly requested: boolean };
  /** What the agent recorded at wrap-up so far (null: not yet). */
  readonly callType: string | null;
  readonly resolved: boolean | null;
}

/** An agent's own call of today, as the desktop lists it (never the caller's number nor its hash). */
export interface AgentCall {
  readonly callSid: string;
  readonly arrivalSec: number;
  readonly answerSec: number | null;
  readonly endSec: number | null;
  readonly waitSec: number | null;
  readonly talkSec: number | null;
  readonly language: string;
  readonly skill: string | null;
  readonly outcome: CallOutcome | null;
  readonly callType: string | null;
  readonly resolved: boolean | null;
}

/** What GET /console/api/agent/me answers (and the `me` event pushes). */
export interface AgentMe {
  readonly agent: {
    readonly id: string;
    readonly name: string;
    readonly skills: readonly string[];
    readonly pool: string;
    readonly group: string;
  };
  readonly status: { readonly state: AgentState; readonly sinceSec: number };
  /** The caller bridged to the agent (on-call) or just talked to (wrap-up), else null. */
  readonly call: CallerCard | null;
  readonly callTypes: readonly string[];
  readonly wrapUpLimitSec: number;
  readonly nowSec: number;
  /** True when Ready places the agent's leg from the local emulator (a server with no public URL). */
  readonly localLine: boolean;
}
