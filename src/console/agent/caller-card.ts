import type { CallRecord } from '../../record/call-record.js';
import type { JourneyStep } from '../../record/recording-metadata.js';
import type { CallStore } from '../../store/call-store.js';
import type { CallerCard, IvrStep } from './agent-wire.js';

/** Days back the agent desktop looks for the same caller's earlier calls ("called before recently"). */
export const CALLED_BEFORE_DAYS = 7;

/** Longest key input the card shows: a menu choice; longer input is a number the caller keyed (privacy). */
const MAX_KEY_CHARS = 2;

/** The IVR part of a journey: its steps up to the one that left the IVR (a queue, an agent), with menu keys. */
export function ivrPath(journey: readonly JourneyStep[]): IvrStep[] {
  const steps: IvrStep[] = [];
  for (const step of journey) {
    if (step.kind === 'final') break;
    const event = step.event as { type: string; digits?: unknown } | null;
    const digits = event?.type === 'DIGITS' && typeof event.digits === 'string' ? event.digits : null;
    steps.push({
      state: step.state,
      kind: step.kind,
      ...(digits !== null && digits.length > 0 && digits.length <= MAX_KEY_CHARS ? { key: digits } : {}),
    });
    if (step.kind === 'enqueue' || step.kind === 'agent') break;
  }
  return steps;
}

/**
 * The card of call `callSid` from the store: its live session (with the journey) while the call lasts, else its
 * record (the journey is gone with the session: `journey` is then what the card was built from before, if any).
 * Undefined when the store has neither.
 */
export async function callerCard(
  store: CallStore,
  callSid: string,
  journey?: readonly JourneyStep[],
): Promise<CallerCard | undefined> {
  const session = await store.getSession(callSid);
  const record = (await store.getRecord(callSid)) ?? session?.record;
  if (!record) return undefined;
  const steps = session ? ivrPath(session.journey) : journey ? ivrPath(journey) : [];
  const windowSec = CALLED_BEFORE_DAYS * 86_400;
  const calls =
    record.callerHash === null
      ? 0
      : await store.countInboundCalls(record.callerHash, record.arrivalSec - windowSec, record.arrivalSec);
  return {
    callSid,
    direction: record.direction,
    language: record.language,
    skill: record.skill,
    ivrPath: steps,
    waitSec:
      record.answerSec !== null && record.queueEntrySec !== null
        ? Math.max(0, record.answerSec - record.queueEntrySec)
        : null,
    arrivalSec: record.arrivalSec,
    answerSec: record.answerSec,
    calledBefore: { calls, windowDays: CALLED_BEFORE_DAYS, known: record.callerHash !== null },
    callback: {
      leg: record.direction === 'callback',
      pendingDueSec: await pendingCallbackDue(store, record),
      requested: record.callbackRequested,
    },
    callType: record.callType,
    resolved: record.resolved,
  };
}

/** When the caller's pending callback (booked by an earlier call of the same hash) is due, or null. */
async function pendingCallbackDue(store: CallStore, record: CallRecord): Promise<number | null> {
  if (record.callerHash === null) return null;
  let due: number | null = null;
  // Pending callbacks are few (each is placed within minutes): reading them all is cheap.
  for (const callback of await store.listCallbacks('pending')) {
    if (callback.callSid === record.callSid) continue;
    const booking = await store.getRecord(callback.callSid);
    if (booking?.callerHash === record.callerHash && (due === null || callback.dueSec < due)) due = callback.dueSec;
  }
  return due;
}
