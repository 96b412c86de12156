import type { CallEvent, QueueFailure } from '../../flow/call-event.js';

/** Twilio webhook parameters, as parsed from the form body. */
export type TwilioParams = Readonly<Record<string, string | undefined>>;

/** The QueueResult values Twilio sends to an Enqueue action (see queueResultOf). */
export type QueueResult =
  | 'bridged'
  | 'bridging-in-process'
  | 'leave'
  | 'hangup'
  | 'redirected'
  | 'redirected-from-bridged'
  | QueueFailure;

const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const QUEUE_FAILURES = new Set<string>(['queue-full', 'error', 'system-error']);
const QUEUE_RESULTS = new Set<string>([
  'bridged',
  'bridging-in-process',
  'leave',
  'hangup',
  'redirected',
  'redirected-from-bridged',
  ...QUEUE_FAILURES,
]);
const DIAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;

/** A Gather action's event: the keys pressed, else the speech heard (with its confidence when Twilio gives one), else no input. */
export function gatherEvent(params: TwilioParams): CallEvent {
  const digits = params.Digits ?? '';
  const speech = params.SpeechResult ?? '';
  if (digits !== '') return { type: 'DIGITS', digits };
  if (speech === '') return { type: 'NO_INPUT' };
  const confidence = Number(params.Confidence);
  return Number.isFinite(confidence) ? { type: 'SPEECH', text: speech, confidence } : { type: 'SPEECH', text: speech };
}

/** A Dial action's event: how the transfer ended ('answered' counts as completed; anything unknown as failed). */
export function transferEvent(params: TwilioParams): CallEvent {
  const status = params.DialCallStatus;
  const value = DIAL_STATUSES.find((s) => s === status) ?? (status === 'answered' ? 'completed' : 'failed');
  return { type: 'TRANSFER_ENDED', status: value };
}

/** A Record action's event: the recording when it has a URL and a positive duration (seconds), else no input. */
export function recordEvent(params: TwilioParams): CallEvent {
  const durationSec = Number(params.RecordingDuration ?? 0);
  return params.RecordingUrl && durationSec > 0
    ? { type: 'RECORDED', durationSec, url: params.RecordingUrl }
    : { type: 'NO_INPUT' };
}

/** True when a status callback says the call is over (completed, busy, failed, no-answer, canceled). */
export function endsCall(params: TwilioParams): boolean {
  return FINAL_CALL_STATUSES.has(params.CallStatus ?? '');
}

/** The QueueResult of an Enqueue action, or null when it is not one Twilio sends. */
export function queueResultOf(params: TwilioParams): QueueResult | null {
  const result = params.QueueResult ?? '';
  return QUEUE_RESULTS.has(result) ? (result as QueueResult) : null;
}

/** True for the QueueResult values that mean the queue failed the caller (the flow's QUEUE_RESULT event). */
export function isQueueFailure(result: QueueResult): result is QueueFailure {
  return QUEUE_FAILURES.has(result);
}
