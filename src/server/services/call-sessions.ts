import { HotlineError } from '../../errors.js';
import type { FlowDefinition, FlowInput } from '../../flow/flow-definition.js';
import { FlowCall, type FlowEngine } from '../../flow/runtime/flow-call.js';
import { isFinalRecord, type CallRecord } from '../../record/call-record.js';
import type { CallSession, CallStore } from '../../store/call-store.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Thrown inside a webhook's work when the call already has its final record: the webhook is then answered with nothing. */
export class CallEnded extends Error {}

/** What the live calls' sessions are kept with. */
export interface CallSessionsOptions {
  readonly flow: FlowDefinition;
  readonly store: CallStore;
  /** What runs each call's flow between webhooks. */
  readonly engine: FlowEngine;
  /** Milliseconds since the Unix epoch. */
  readonly clock: () => number;
}

/**
 * The live calls' sessions in the store, and the rule every service keeps
 * with them: final is final. A session is live until its call has a final
 * record; a save or a webhook after that meets CallEnded. One piece of work
 * at a time per CallSid (`exclusive`), so concurrent webhooks of a call never
 * overwrite each other's changes.
 */
export class CallSessions {
  readonly flow: FlowDefinition;
  readonly store: CallStore;
  private readonly engine: FlowEngine;
  private readonly clock: () => number;
  private readonly locks = new KeyedMutex();

  constructor(options: CallSessionsOptions) {
    this.flow = options.flow;
    this.store = options.store;
    this.engine = options.engine;
    this.clock = options.clock;
  }

  /** The server's clock in seconds since the Unix epoch. */
  nowSec(): number {
    return this.clock() / 1000;
  }

  /** Runs `work` after every earlier piece of work for the same call has settled. */
  exclusive<T>(callSid: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(callSid, work);
  }

  /** The call's session while the call is live; undefined once its record is final (final is final). */
  async live(callSid: string): Promise<CallSession | undefined> {
    const session = await this.store.getSession(callSid);
    return session && !isFinalRecord(session.record) ? session : undefined;
  }

  /** Throws CallEnded when the call already has a record but no live session: every webhook of it is then answered with nothing. */
  async refuseIfEnded(callSid: string): Promise<void> {
    if (await this.store.getRecord(callSid)) throw new CallEnded();
  }

  /** Saves a session; a refusal means the call ended meanwhile (another process, a racing status callback). */
  async save(session: CallSession): Promise<void> {
    if (!(await this.store.saveSession(session))) throw new CallEnded();
  }

  /** The live session of a webhook's call; `where` (e.g. 'POST /queue/wait') names the webhook in the error for an unknown call. */
  async load(callSid: string, where: string): Promise<CallSession> {
    const session = await this.live(callSid);
    if (session) return session;
    // A webhook after the status callback closed the call (Twilio does not order them), or a replay of any webhook: nothing to do.
    await this.refuseIfEnded(callSid);
    throw new HotlineError(
      'HOTLINE_UNKNOWN_CALL',
      `${where}: no call with CallSid ${callSid}. Calls start at POST /voice.`,
    );
  }

  /** The call's flow as the session left it; a session of another flow cannot be finished by this server. */
  restore(session: CallSession): FlowCall {
    if (session.flowId !== this.flow.id) {
      throw new HotlineError(
        'HOTLINE_SNAPSHOT_INCOMPATIBLE',
        `Call ${session.callSid} runs flow "${session.flowId}" but this server serves "${this.flow.id}". Restart with --flow ${session.flowId} to finish it.`,
      );
    }
    return FlowCall.restore(this.flow, session.snapshot, this.engine);
  }

  /** A new call's flow, started with `input` (e.g. a callback's skill and language). */
  start(input?: FlowInput): FlowCall {
    return FlowCall.start(this.flow, input, this.engine);
  }

  /** The first session of a call: turn 0, no snapshot yet, nothing heard. */
  fresh(callSid: string, record: CallRecord): CallSession {
    return {
      callSid,
      flowId: this.flow.id,
      snapshot: null,
      turn: 0,
      queueName: null,
      queueSinceSec: null,
      pendingLeave: null,
      heardHold: false,
      marks: [],
      record,
      lastTwiml: null,
      journey: [],
    };
  }
}
