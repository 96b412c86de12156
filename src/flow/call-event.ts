/** Keys the caller entered (finish key excluded). */
export interface DigitsEvent {
  readonly type: 'DIGITS';
  readonly digits: string;
}

/** What the caller said, as recognised text. */
export interface SpeechEvent {
  readonly type: 'SPEECH';
  readonly text: string;
  /** Recogniser confidence 0..1, when known. */
  readonly confidence?: number;
}

/** A gather or record ended with nothing entered. */
export interface NoInputEvent {
  readonly type: 'NO_INPUT';
}

/** The prompts of an announce step finished playing. */
export interface PlayedEvent {
  readonly type: 'PLAYED';
}

/** The caller hung up. */
export interface HangupEvent {
  readonly type: 'HANGUP';
}

/** Why a queue ended other than by an agent, a callback request or a hang-up. */
export type QueueFailure = 'queue-full' | 'error' | 'system-error' | 'redirected';

/** The queue could not hold the caller. */
export interface QueueResultEvent {
  readonly type: 'QUEUE_RESULT';
  readonly result: QueueFailure;
}

/** An agent picked the caller from the queue. */
export interface AgentAnsweredEvent {
  readonly type: 'AGENT_ANSWERED';
  readonly agentId: string;
}

/** The agent leg ended with the caller still on the line. */
export interface AgentFinishedEvent {
  readonly type: 'AGENT_FINISHED';
}

/** The caller accepted the callback offer while waiting. */
export interface CallbackRequestedEvent {
  readonly type: 'CALLBACK_REQUESTED';
}

/** A transfer ended; `status` is the dialled leg's outcome. */
export interface TransferEndedEvent {
  readonly type: 'TRANSFER_ENDED';
  readonly status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
}

/** A message was recorded. */
export interface RecordedEvent {
  readonly type: 'RECORDED';
  readonly durationSec: number;
  readonly url?: string;
}

/** A lookup step's answer: `found` and, when found, the fields to speak. */
export interface LookupResultEvent {
  readonly type: 'LOOKUP_RESULT';
  readonly found: boolean;
  readonly data?: Readonly<Record<string, string>>;
}

/** Everything that can happen to a call. Flows handle these; adapters produce them. */
export type CallEvent =
  | DigitsEvent
  | SpeechEvent
  | NoInputEvent
  | PlayedEvent
  | HangupEvent
  | QueueResultEvent
  | AgentAnsweredEvent
  | AgentFinishedEvent
  | CallbackRequestedEvent
  | TransferEndedEvent
  | RecordedEvent
  | LookupResultEvent;

/** The event type names, for exhaustive checks. */
export type CallEventType = CallEvent['type'];
