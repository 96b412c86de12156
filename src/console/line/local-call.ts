import type { EmulatedCallResult } from '../../twilio/emulator/emulated-call.js';
import type { WebhookExchange } from '../../twilio/emulator/webhook-client.js';
import type { PlannedAnswer } from '../../replay/synthetic-call.js';
import type { CallerInput, InteractiveCaller } from './interactive-caller.js';
import type { LocalCallEvent } from './line-wire.js';

/** Characters of an answer's body kept in a webhook event. */
export const MAX_BODY_CHARS = 20_000;
/** Events kept per call (for a page that connects late); later ones are still sent live. */
export const MAX_KEPT_EVENTS = 2_000;

/**
 * A caller's call on the local line, as the page drives it: its events (kept, and sent to listeners as they
 * happen), the caller's answers so far (each in-call gather's, as a scripted call would give them: what a
 * recording of the call is synthesised from), and its result once it ended.
 */
export class LocalCall {
  readonly callSid: string;
  readonly startMs: number;
  readonly events: LocalCallEvent[] = [];
  /** The answers at the call's gathers, in order (not the hold's). */
  readonly answers: PlannedAnswer[] = [];
  /** Seconds held in queues before an agent took the caller or the caller left, and how it ended; null: never queued. */
  queue: { readonly joinedAtSec: number; leftAtSec: number | null; taken: boolean } | null = null;
  /** The keys the caller pressed on hold (a wait URL's gather: the callback offer), or null. */
  holdKeys: string | null = null;
  result: EmulatedCallResult | undefined;
  /** Resolves with the result when the call ends (never rejects: an emulator failure ends it with endedBy 'error'). */
  readonly done: Promise<EmulatedCallResult>;
  private readonly listeners = new Set<(event: LocalCallEvent) => void>();
  private emittedCount = 0;
  private readonly caller: InteractiveCaller;
  private readonly base: string;
  private readonly nowSec: () => number;

  constructor(o: {
    callSid: string;
    startMs: number;
    caller: InteractiveCaller;
    base: string;
    nowSec: () => number;
    run: (call: LocalCall) => Promise<EmulatedCallResult>;
  }) {
    this.callSid = o.callSid;
    this.startMs = o.startMs;
    this.caller = o.caller;
    this.base = o.base;
    this.nowSec = o.nowSec;
    this.done = o.run(this).then(
      (result) => this.finish(result),
      (error: unknown) =>
        this.finish({
          callSid: this.callSid,
          status: 'failed',
          endedBy: 'error',
          durationSec: 0,
          timeline: [],
          exchanges: [],
          errors: [{ code: 11200, message: (error as Error).message }],
        } as unknown as EmulatedCallResult),
    );
  }

  /** True until the call ended. */
  get live(): boolean {
    return this.result === undefined;
  }

  /** Events emitted so far (kept or not): event n (from 1) is `events[n - 1]` while it is kept. */
  get emitted(): number {
    return this.emittedCount;
  }

  /** Where the call waits for the person now, if anywhere. */
  get waitingFor(): 'call' | 'queue' | 'record' | undefined {
    return this.caller.waitingFor;
  }

  /** Listens to the call's events from now on; returns the function that stops it. */
  subscribe(listener: (event: LocalCallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The person's keys, words or hang-up; false when the call is not waiting for input (keys not heard). */
  input(input: CallerInput): boolean {
    if (!this.live) return false;
    const place = this.caller.waitingFor;
    const taken = this.caller.answer(input);
    if (!taken) return false;
    if (place === 'call') {
      if (input.kind === 'keys') this.answers.push(input.digits === '' ? { none: true } : { keys: input.digits });
      else if (input.kind === 'speech') this.answers.push({ say: input.text });
    }
    if (place === 'queue' && input.kind === 'keys' && input.digits !== '') this.holdKeys = input.digits;
    if (input.kind === 'hangup' && place === 'call') this.answers.push({ hangup: true });
    return true;
  }

  /** Hangs the caller up wherever the call is. */
  hangUp(): void {
    this.input({ kind: 'hangup' });
  }

  /** Adds an event: kept (up to MAX_KEPT_EVENTS) and told to the listeners. */
  emit(event: LocalCallEvent): void {
    if (event.kind === 'queued' && this.queue === null) {
      this.queue = { joinedAtSec: event.atSec, leftAtSec: null, taken: false };
    }
    if (event.kind === 'prompt' && event.place !== 'queue' && this.queue && this.queue.leftAtSec === null) {
      this.queue.leftAtSec = event.atSec;
      this.queue.taken = event.place === 'greeting';
    }
    this.emittedCount += 1;
    if (this.events.length < MAX_KEPT_EVENTS) this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** A request of this call, as the emulator made it. */
  exchange(exchange: WebhookExchange): void {
    const atSec = Math.round(exchange.atMs - this.startMs) / 1000;
    const path = exchange.url.startsWith(this.base) ? exchange.url.slice(this.base.length) || '/' : exchange.url;
    this.emit({
      kind: 'webhook',
      atSec,
      request: exchange.kind === 'audio' ? 'audio' : exchange.kind === 'callback' ? 'callback' : 'document',
      method: exchange.method,
      path,
      params: exchange.params,
      status: exchange.status,
      body: exchange.body.slice(0, MAX_BODY_CHARS),
      error: exchange.error?.message.replaceAll(this.base, '') ?? null,
    });
    const position = exchange.params.QueuePosition;
    if (position !== undefined && exchange.params.DequeingCallSid === undefined) {
      this.emit({
        kind: 'queue',
        atSec,
        position: Number(position),
        waitSec: Number(exchange.params.QueueTime ?? 0),
        size: Number(exchange.params.CurrentQueueSize ?? 0),
      });
    }
  }

  private finish(result: EmulatedCallResult): EmulatedCallResult {
    const atSec = Math.round(this.nowSec() * 1000 - this.startMs) / 1000;
    if (this.queue && this.queue.leftAtSec === null) this.queue.leftAtSec = atSec;
    this.result = result;
    this.emit({
      kind: 'ended',
      atSec,
      endedBy: result.endedBy,
      status: result.status,
      durationSec: result.durationSec,
      errors: result.errors.map((e) => e.message.replaceAll(this.base, '')),
    });
    this.listeners.clear();
    return result;
  }
}
