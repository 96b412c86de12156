import type { AgentPool, CallOutcome, CallRecord } from '../record/call-record.js';
import type { AgentStateChange, AgentStateLogQuery, AgentStatus } from './agent-state.js';

/** Why the caller is leaving a queue through `<Leave>`: overflow to another pool, or a booked callback. */
export type PendingLeave = 'overflow' | 'callback';

/** A live call's state between webhooks: the flow snapshot and the queue it waits in. */
import type { JourneyStep } from '../record/recording-metadata.js';

export interface CallSession {
  readonly callSid: string;
  readonly flowId: string;
  /** XState persisted snapshot (JSON-safe). */
  readonly snapshot: unknown;
  /** Increments with every rendered TwiML document; action URLs carry it to detect stale or replayed webhooks. */
  readonly turn: number;
  /** Twilio queue name while the caller waits (e.g. 'general.in-house'), else null. */
  readonly queueName: string | null;
  /** When the caller entered the current queue (seconds). */
  readonly queueSinceSec: number | null;
  readonly pendingLeave: PendingLeave | null;
  /** True once the queue's hold prompts were played (they are heard once per call). */
  readonly heardHold: boolean;
  /** Flow state tags the call has passed through that decide its outcome ('self-served', 'voicemail'). */
  readonly marks: readonly string[];
  /** The TwiML last sent for the current turn: what a replayed webhook gets again. */
  readonly lastTwiml: string | null;
  /** The steps the call went through so far, in the recordings' format (the last one open). */
  readonly journey: readonly JourneyStep[];
  readonly record: CallRecord;
}

/** A registered agent who takes callers by calling the agent line. */
export interface Agent {
  /** Agent number, spoken to the caller (e.g. '8013'). Digits only, so it can be keyed in. */
  readonly id: string;
  readonly name: string;
  /** The phone the agent calls from, E.164; recognised on the agent line. */
  readonly phone: string | null;
  readonly skills: readonly string[];
  readonly pool: AgentPool;
  /** The agent's group: an in-house team or a contractor, by name. Default (absent or null): the pool's name. */
  readonly group?: string | null;
  readonly active: boolean;
  /** Salted hash of the agent's PIN (see hashCaller); null when none is set. Keyed-in logins need one. */
  readonly pinHash: string | null;
}

/** A callback booked by a caller who left the queue. */
export interface CallbackRequest {
  readonly id: string;
  /** The call that booked it. */
  readonly callSid: string;
  readonly skill: string;
  /** The number to call back; erased once the citizen answers, the callback fails for good, or its retention ends. */
  readonly number: string | null;
  readonly status: 'pending' | 'placed' | 'failed';
  readonly createdSec: number;
  readonly dueSec: number;
  readonly attempts: number;
  readonly placedCallSid: string | null;
  readonly lastError: string | null;
}

/** What a new call needs of the same caller's previous call to know whether it is a redial. */
export type PreviousCall = Pick<CallRecord, 'attempt' | 'outcome'>;

/** What an agent records at wrap-up about the call they took (the record's `callType` and `resolved`). */
export interface WrapUp {
  readonly callType: string;
  readonly resolved: boolean;
}

/** Where a page of records starts: the last record of the previous page (exclusive). */
export interface RecordCursor {
  readonly arrivalSec: number;
  readonly callSid: string;
}

/** Which records a page holds. Times are arrivalSec values: `fromSec` inclusive, `toSec` exclusive. */
export interface RecordPageQuery {
  readonly after: RecordCursor | null;
  /** Most records on the page (1 or more). */
  readonly limit: number;
  readonly fromSec?: number;
  readonly toSec?: number;
  readonly outcome?: CallOutcome;
  readonly pool?: AgentPool;
}

/** A page of records and where the next one starts (null: no more records). */
export interface RecordPage {
  readonly records: CallRecord[];
  readonly next: RecordCursor | null;
}

/**
 * One page of records read a slice at a time (CallStore.openRecordPage), so
 * that GET /admin/calls can write each slice as it comes and give the event
 * loop back in between: read slices until `done`, then `next` is where the
 * following page starts, exactly as listRecordsPage would have said.
 */
export interface RecordPageReader {
  /**
   * The page's next records in order, at most `max` (1 or more), after
   * examining a bounded number of rows; an empty slice does not mean the end
   * (a filtered slice may match nothing): read until `done`. Each call is a
   * separate read: records written between calls that sort after the last
   * record handed out may appear in a later slice.
   */
  read(max: number): Promise<CallRecord[]>;
  /** True once the page is complete; `read` then returns nothing. */
  readonly done: boolean;
  /** Where the next page starts (null: no more records); meaningful once `done`. */
  readonly next: RecordCursor | null;
}

/** True when the record matches the page query's filters and comes after its cursor. */
export function inRecordPage(record: CallRecord, query: RecordPageQuery): boolean {
  if (
    query.after &&
    (record.arrivalSec < query.after.arrivalSec ||
      (record.arrivalSec === query.after.arrivalSec && record.callSid <= query.after.callSid))
  )
    return false;
  if (query.fromSec !== undefined && record.arrivalSec < query.fromSec) return false;
  if (query.toSec !== undefined && record.arrivalSec >= query.toSec) return false;
  if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
  return query.pool === undefined || record.pool === query.pool;
}

/**
 * Where the live server keeps calls, agents and callbacks. Async so that a
 * networked store (Redis) fits behind the same interface as SQLite and memory.
 */
export interface CallStore {
  /** The file the store keeps its data in, when it has one (the caller-hash key file is kept beside it). */
  readonly path?: string;
  getSession(callSid: string): Promise<CallSession | undefined>;
  /**
   * Writes the session and its record together, unless the call's record is
   * already final (see isFinalRecord): a final call is never reopened, whatever
   * arrives late or from another process. Resolves true when written, false
   * when refused (nothing changed).
   */
  saveSession(session: CallSession): Promise<boolean>;
  /**
   * Removes the session and writes its final record, in one step. When the
   * stored record is already final it is kept as it is (first end wins) and
   * this resolves false.
   */
  endSession(callSid: string, record: CallRecord): Promise<boolean>;
  /** Sessions of calls that arrived before `arrivedBeforeSec` (seconds): calls still open long after they must have ended. */
  listSessionsArrivedBefore(arrivedBeforeSec: number): Promise<CallSession[]>;
  /** Sessions waiting in any of `queueNames`, longest-waiting first. */
  listWaiting(queueNames: readonly string[]): Promise<CallSession[]>;
  /**
   * The queue of the first session `listWaiting(queueNames)` would list, or
   * null: what an agent asking for the next caller needs, without reading
   * every waiting session.
   */
  firstWaitingQueue(queueNames: readonly string[]): Promise<string | null>;
  getRecord(callSid: string): Promise<CallRecord | undefined>;
  /** Writes a record without a session (e.g. a call that ended before any session existed); a final record already stored is kept. */
  putRecord(record: CallRecord): Promise<void>;
  /**
   * The `attempt` and `outcome` of the caller's latest inbound call (callbacks excluded) that arrived at or after
   * `fromSec` and before `beforeSec` (seconds), or null when there is none: how a new call knows it is a redial
   * (see the record's `attempt`). One index probe on (caller_hash, arrival_sec) in SQLite.
   */
  latestInboundCall(callerHash: string, fromSec: number, beforeSec: number): Promise<PreviousCall | null>;
  /** Every record, by arrival (then CallSid). Reads them all at once: for tests and small stores; the admin API pages instead. */
  listRecords(): Promise<CallRecord[]>;
  /**
   * One page of records in (arrivalSec, callSid) order after `query.after`,
   * filtered. A page may hold fewer than `limit` records (even none) while
   * `next` is not null: a store may stop after examining a bounded number of
   * rows so that one page never costs much; go on until `next` is null.
   */
  listRecordsPage(query: RecordPageQuery): Promise<RecordPage>;
  /**
   * The same page as listRecordsPage(query), read a slice at a time (see
   * RecordPageReader): the records of all slices and `next` equal that page's
   * when nothing is written meanwhile.
   */
  openRecordPage(query: RecordPageQuery): Promise<RecordPageReader>;
  putAgent(agent: Agent): Promise<void>;
  getAgent(id: string): Promise<Agent | undefined>;
  findAgentByPhone(phone: string): Promise<Agent | undefined>;
  listAgents(): Promise<Agent[]>;
  /** Removes a registered agent; false when there was none. Records keep the agent's id. */
  deleteAgent(id: string): Promise<boolean>;
  /** How many active agents have `skill` (the queue announcements' estimate), without reading every agent. */
  countActiveAgents(skill: string): Promise<number>;
  /**
   * How many active agents with `skill` in `pool` are on duty (ready, on-call or wrap-up: see ON_DUTY_STATES),
   * without reading every agent: what the wait announcements count.
   */
  countAgentsOnDuty(skill: string, pool: AgentPool): Promise<number>;
  /** The agent's current state; undefined when none was ever stored (the agent is logged out). */
  getAgentStatus(agentId: string): Promise<AgentStatus | undefined>;
  /** Every stored agent state, by agent id. */
  listAgentStatuses(): Promise<AgentStatus[]>;
  /** Stores the agent's new state and appends `change` to the state log, in one step. */
  changeAgentState(status: AgentStatus, change: AgentStateChange): Promise<void>;
  /** One agent's state log, oldest first (see AgentStateLogQuery). */
  listAgentStateLog(query: AgentStateLogQuery): Promise<AgentStateChange[]>;
  /**
   * Sets the handle time of call `callSid` when it has none yet, final or not: handle time is talk plus the agent's
   * wrap-up, which ends after the caller's call may have ended, so it is the one field written after `endSec`.
   * Later writes of the record (a session save, its end) keep it. Resolves false when the record has one already
   * or does not exist.
   */
  setHandleSec(callSid: string, handleSec: number): Promise<boolean>;
  /**
   * Sets the call type and resolution the agent recorded at wrap-up, final record or not (like the handle time, they
   * are known after the call's end); a later write of the record (a session save, its end) keeps them. A second
   * wrap-up of the same call replaces the first (the agent corrected it). Resolves false when there is no record.
   */
  setWrapUp(callSid: string, wrapUp: WrapUp): Promise<boolean>;
  /**
   * The records agent `agentId` answered among the calls that arrived at or after `fromSec` and before `toSec`
   * (seconds), by arrival then CallSid, at most `limit`: an agent's own calls of the day.
   */
  listAgentRecords(agentId: string, fromSec: number, toSec: number, limit: number): Promise<CallRecord[]>;
  /**
   * How many inbound calls (callbacks excluded) of the caller hash arrived at or after `fromSec` and before
   * `beforeSec`: whether a caller called before recently. One index range on (caller_hash, arrival_sec) in SQLite.
   */
  countInboundCalls(callerHash: string, fromSec: number, beforeSec: number): Promise<number>;
  /**
   * Mean handle time of the last `count` records of `skill` (by end) that have one, and how many there were
   * (0: none, meanSec 0): the wait announcements' recent handle time.
   */
  recentHandleSec(skill: string, count: number): Promise<{ meanSec: number; count: number }>;
  putCallback(callback: CallbackRequest): Promise<void>;
  listCallbacks(status?: CallbackRequest['status']): Promise<CallbackRequest[]>;
  /**
   * Erases the number of every callback due at or before `dueAtOrBeforeSec`
   * that still holds one, so that it leaves no trace in the store; a pending
   * one becomes failed with `reason` as its last error. Returns how many.
   */
  eraseCallbackNumbers(dueAtOrBeforeSec: number, reason: string): Promise<number>;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Removes a setting so that its value leaves no trace in the store (e.g. a key that must not live in it). */
  deleteSetting(key: string): Promise<void>;
  close(): Promise<void>;
}
