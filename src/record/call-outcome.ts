import type { CallOutcome, CallRecord } from './call-record.js';

/** Facts about how a call ended, beyond its record. */
export interface EndFacts {
  /** The caller was waiting in a queue when the call ended. */
  readonly waiting: boolean;
  /** The caller hung up (rather than the flow ending the call). */
  readonly callerHungUp: boolean;
  /** Flow state tags the call passed through ('self-served', 'voicemail'). */
  readonly marks: readonly string[];
}

/**
 * The outcome of a call, from its record and how it ended. The order matters:
 * an answered call that booked nothing is `answered` even if it was later transferred.
 */
export function callOutcome(
  record: Pick<CallRecord, 'answerSec' | 'callbackRequested' | 'transferTo' | 'queueEntrySec'>,
  facts: EndFacts,
): CallOutcome {
  if (record.answerSec !== null) return 'answered';
  if (record.callbackRequested) return 'callback';
  if (record.transferTo !== null) return 'transferred';
  if (facts.marks.includes('voicemail')) return 'voicemail';
  if (facts.waiting) return 'abandoned';
  if (record.queueEntrySec !== null) return 'queue-failed';
  if (facts.marks.includes('self-served')) return 'self-service';
  return facts.callerHungUp ? 'ivr-hangup' : 'ended-in-ivr';
}
