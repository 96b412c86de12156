/**
 * The events of a call on the local line (GET /console/api/softphone/calls/:id/events: each event's name is its
 * `kind`), declared once: the server makes them (interactive-caller.ts, local-call.ts) and the softphone page reads
 * them (web/views/softphone/, `import type`). Types only, importing nothing.
 */

/** Something the caller heard: a `<Say>` (a caption), a `<Play>` or a `<Pause>`, in the call, on hold or at the pick-up. */
export interface PromptEvent {
  readonly kind: 'prompt';
  readonly atSec: number;
  readonly verb: 'Say' | 'Play' | 'Pause';
  /** The words of a Say, the URL or tones of a Play, '' for a Pause. */
  readonly text: string;
  /** The Say's language (e.g. cmn-CN), as the server gave it. */
  readonly language: string;
  readonly durationSec: number;
  readonly place: 'call' | 'queue' | 'greeting';
}

/** The call waits for the caller: a `<Gather>` (keys and/or speech) or a `<Record>` is open. */
export interface InputEvent {
  readonly kind: 'input';
  readonly atSec: number;
  readonly place: 'call' | 'queue' | 'record';
  /** The gather's input attribute ('dtmf', 'speech', 'dtmf speech'); 'record' for a recording. */
  readonly input: string;
}

/** The caller joined a queue (`<Enqueue>`). */
export interface QueuedEvent {
  readonly kind: 'queued';
  readonly atSec: number;
  readonly queue: string;
}

/** Events of the interactive caller (see LocalCall for the webhook, queue and end events). */
export type CallerEvent = PromptEvent | InputEvent | QueuedEvent;

/** A request of the call as the server got it: its parameters and what it answered (TwiML for documents). */
export interface WebhookEvent {
  readonly kind: 'webhook';
  readonly atSec: number;
  readonly request: 'document' | 'callback' | 'audio';
  readonly method: string;
  /** Path and query on the server (no host). */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number | null;
  /** The answer's body (TwiML), cut at local-call.ts MAX_BODY_CHARS. */
  readonly body: string;
  readonly error: string | null;
}

/** The caller's place in its queue as the server's wait URL was told it (Twilio's QueuePosition and QueueTime). */
export interface QueueEvent {
  readonly kind: 'queue';
  readonly atSec: number;
  readonly position: number;
  readonly waitSec: number;
  readonly size: number;
}

/** The call ended. */
export interface EndEvent {
  readonly kind: 'ended';
  readonly atSec: number;
  readonly endedBy: string;
  readonly status: string;
  readonly durationSec: number;
  readonly errors: readonly string[];
}

/** Everything a page is told about its call, in order. */
export type LocalCallEvent = CallerEvent | WebhookEvent | QueueEvent | EndEvent;
