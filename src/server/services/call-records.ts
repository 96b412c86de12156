import type { FlowCall } from '../../flow/runtime/flow-call.js';
import { callOutcome } from '../../record/call-outcome.js';
import type { CallRecord } from '../../record/call-record.js';
import type { JourneyStep } from '../../record/recording-metadata.js';
import type { CallSession } from '../../store/call-store.js';
import type { CallSessions } from './call-sessions.js';
import { closeJourney } from './live-journey.js';
import { endsCall, type TwilioParams } from './webhook-events.js';

/** Twilio ends every call after 4 hours (14400 s, its maximum call duration). */
export const MAX_CALL_SEC = 4 * 3600;
/** How long past MAX_CALL_SEC a call's status callback may still be on its way before the call is closed as timed out. */
export const STALE_GRACE_SEC = 600;

/** Told each call's final record and journey; failures are logged, never answered to Twilio. */
export type CallEndedListener = (record: CallRecord, journey: readonly JourneyStep[]) => Promise<void> | void;

/** How a call ended, for its final record. */
export interface CallEnding {
  /** True when the caller hung up; false when the flow or the line ended the call. */
  readonly callerHungUp: boolean;
  /** True to count the caller as abandoned in the queue even if the session no longer says so (hung up during the agent's greeting). */
  readonly abandoned?: boolean;
}

/** What the call records are written with. */
export interface CallRecordsOptions {
  readonly sessions: CallSessions;
  readonly onCallEnded?: CallEndedListener;
  /** Told each final record as soon as it is written, synchronously (the live feed's KPIs); must not throw. */
  readonly onFinalRecord?: (record: CallRecord) => void;
}

/**
 * The final records of live calls: the status callback closes a call, a
 * hang-up in the queue closes it as abandoned, and housekeeping closes calls
 * whose status callback never came. Final is final: the store writes a
 * record once (compare-and-set), and only that first write tells onCallEnded.
 */
export class CallRecords {
  private readonly sessions: CallSessions;
  private readonly onCallEnded: CallEndedListener | undefined;
  private readonly onFinalRecord: ((record: CallRecord) => void) | undefined;

  constructor(options: CallRecordsOptions) {
    this.sessions = options.sessions;
    this.onCallEnded = options.onCallEnded;
    this.onFinalRecord = options.onFinalRecord;
  }

  /** Status callback: closes the call and writes its final record. Idempotent. */
  async status(callSid: string, params: TwilioParams): Promise<'closed' | 'ignored' | 'unknown'> {
    if (!endsCall(params)) return 'ignored';
    const session = await this.sessions.live(callSid);
    if (!session) return (await this.sessions.store.getRecord(callSid)) ? 'ignored' : 'unknown';
    let call: FlowCall | undefined;
    try {
      call = this.sessions.restore(session);
    } catch {
      // The flow changed under this call: close the record from what the session knows.
      call = undefined;
    }
    await this.finish(session, call, { callerHungUp: !call?.done });
    return 'closed';
  }

  /** Ends the call now: the flow hears HANGUP, the record gets its end, abandonment and outcome. */
  async finish(session: CallSession, call: FlowCall | undefined, ending: CallEnding): Promise<void> {
    if (call && !call.done) call.send({ type: 'HANGUP' });
    const now = this.sessions.nowSec();
    const { callerHungUp } = ending;
    const waiting = ending.abandoned === true || (session.queueName !== null && session.record.answerSec === null);
    let record: CallRecord = { ...session.record, endSec: now };
    if (waiting) record = { ...record, abandonSec: now };
    record = { ...record, outcome: callOutcome(record, { waiting, callerHungUp, marks: session.marks }) };
    await this.close(session, record, { callerHungUp, finalState: call ? call.stateName : 'callerHungUp' });
  }

  /**
   * Closes every call that arrived more than MAX_CALL_SEC + STALE_GRACE_SEC
   * before `nowSec` and is still open (its status callback never came): its
   * record gets the outcome `timed-out` and ends at Twilio's 4-hour limit.
   * Returns the CallSids closed. Safe to run at any time, also at start-up.
   */
  async closeStale(nowSec: number): Promise<string[]> {
    const cutoffSec = nowSec - MAX_CALL_SEC - STALE_GRACE_SEC;
    const closed: string[] = [];
    for (const stale of await this.sessions.store.listSessionsArrivedBefore(cutoffSec)) {
      const done = await this.sessions.exclusive(stale.callSid, async () => {
        const session = await this.sessions.live(stale.callSid);
        if (!session || session.record.arrivalSec >= cutoffSec) return false;
        const endSec = session.record.arrivalSec + MAX_CALL_SEC;
        const record: CallRecord = { ...session.record, endSec, outcome: 'timed-out' };
        return this.close(session, record, { callerHungUp: false, finalState: session.record.lastState });
      });
      if (done) closed.push(stale.callSid);
    }
    return closed;
  }

  /** Ends the session with its final record; tells onCallEnded unless the call had already ended (then false). */
  private async close(
    session: CallSession,
    record: CallRecord,
    end: { callerHungUp: boolean; finalState: string },
  ): Promise<boolean> {
    if (!(await this.sessions.store.endSession(session.callSid, record))) return false;
    this.onFinalRecord?.(record);
    if (this.onCallEnded) {
      const atSec = (record.endSec ?? record.arrivalSec) - record.arrivalSec;
      const journey = closeJourney(session.journey, { atSec, ...end });
      try {
        await this.onCallEnded(record, journey);
      } catch (error) {
        // The call and its record are saved; only the recording's metadata is missing.
        process.emitWarning(
          `hotline: the recording metadata of ${session.callSid} could not be written: ${(error as Error).message}`,
        );
      }
    }
    return true;
  }
}
