import type { TwimlNode } from '../twiml-parser.js';
import {
  CallerHungUp,
  CallSession,
  TimeLimitReached,
  type CallEnvironment,
  type CallError,
  type CallPlan,
  type Next,
  type TimelineEntry,
} from './call-session.js';
import { fetchDocument } from './fetch-document.js';
import { playVerb } from './play-verb.js';
import { runDocument } from './run-document.js';
import type { WebhookExchange } from './webhook-client.js';

/** Final status of a call, as Twilio reports it. */
export type CallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** How an emulated call ended. */
export type CallEnd = 'hangup-verb' | 'reject' | 'caller' | 'end-of-document' | 'error' | 'other-party' | 'time-limit';

/** A finished emulated call. */
export interface EmulatedCallResult {
  readonly callSid: string;
  readonly status: CallStatus;
  readonly endedBy: CallEnd;
  readonly durationSec: number;
  readonly timeline: readonly TimelineEntry[];
  /** Every request of the call, in order (documents, audio, callbacks). */
  readonly exchanges: readonly WebhookExchange[];
  /** Fatal fetch errors (each one sent the call to its fallback URL, or ended it). */
  readonly errors: readonly CallError[];
}

/**
 * One call through the emulator: fetches TwiML, runs it verb by verb with
 * Twilio's semantics, asks the caller's script what it does, and keeps a
 * timeline. Queues and agents meet through the shared `CallQueues`. The verb
 * families live beside it (play-verb, gather-verb, enqueue-verb, dial-verb,
 * record-verb, run-document, fetch-document) over one `CallSession`.
 */
export class EmulatedCall {
  readonly sid: string;
  private readonly session: CallSession;

  constructor(sid: string, plan: CallPlan, env: CallEnvironment) {
    this.sid = sid;
    this.session = new CallSession(sid, plan, env);
  }

  /** The parameters of every request of this call. */
  params(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return this.session.params(extra);
  }

  /** Places the call and runs it to its end. */
  async run(): Promise<EmulatedCallResult> {
    const session = this.session;
    const plan = session.plan;
    session.status = plan.direction === 'outbound-api' ? 'in-progress' : 'ringing';
    await session.statusCallback('initiated', 'initiated');
    await session.statusCallback('ringing', 'ringing');
    let endedBy: CallEnd = 'end-of-document';
    let final: CallStatus = 'completed';
    let next: Next = { url: plan.url, method: plan.method ?? 'POST', params: {} };
    let first = true;
    try {
      while (next) {
        let verbs = await fetchDocument(session, next);
        if (verbs === 'ended') {
          endedBy = 'error';
          break;
        }
        if (first) {
          first = false;
          // An outbound-api call was answered by the called party before its first document: nothing to delay.
          if (plan.direction !== 'outbound-api') verbs = await this.ringThroughLeadingPauses(verbs, next.url);
          if (verbs[0]?.name === 'Reject') {
            final = verbs[0].attrs.reason === 'busy' ? 'busy' : 'no-answer';
            endedBy = 'reject';
            session.log(`<Reject reason="${verbs[0].attrs.reason ?? 'rejected'}">: not answered`);
            break;
          }
          await session.answer();
        }
        const outcome = await runDocument(session, { verbs, documentUrl: next.url });
        if (outcome === 'hangup') {
          endedBy = 'hangup-verb';
          break;
        }
        if (outcome === 'other-party') {
          endedBy = 'other-party';
          break;
        }
        next = outcome;
      }
    } catch (error) {
      if (error instanceof TimeLimitReached) {
        endedBy = 'time-limit';
        session.log('the call reached its time limit');
      } else if (error instanceof CallerHungUp) {
        endedBy = 'caller';
        session.log('caller hung up');
      } else throw error;
      // Ended while still ringing (during a leading <Pause>): Twilio's "no-answer" is a call that ended unanswered.
      if (!session.answered) final = 'no-answer';
    }
    session.status = final;
    const durationSec = session.billedSec;
    session.log(`call ended (${endedBy}), ${final}`);
    const billed = { CallDuration: String(durationSec), Duration: String(Math.ceil(durationSec / 60)) };
    await session.statusCallback('completed', final, billed);
    const { timeline, exchanges, errors } = session;
    return { callSid: this.sid, status: final, endedBy, durationSec, timeline, exchanges, errors };
  }

  /**
   * Twilio's `<Pause>` doc: as the first verb it "delays answering the call". The call rings through every
   * `<Pause>` that opens the first document; returns the verbs after them.
   */
  private async ringThroughLeadingPauses(
    verbs: readonly TwimlNode[],
    documentUrl: string,
  ): Promise<readonly TwimlNode[]> {
    let count = 0;
    while (verbs[count]?.name === 'Pause') {
      await playVerb(this.session, { verb: verbs[count]!, documentUrl });
      count += 1;
    }
    if (count > 0) this.session.log(`${count} leading <Pause>: the call rang until now`);
    return count === 0 ? verbs : verbs.slice(count);
  }
}
