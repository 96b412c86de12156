import { createHash } from 'node:crypto';
import { audioLengthSec } from './audio-length.js';
import { ANSWERING_WORLD, type DialWorld } from './caller-script.js';
import { CallQueues } from './call-queues.js';
import type { CallPlan } from './call-session.js';
import { EmulatedCall, type EmulatedCallResult } from './emulated-call.js';
import type { EmulatorClock } from './emulator-clock.js';
import type { HttpTransport } from './http-transport.js';
import { WebhookClient, type WebhookExchange } from './webhook-client.js';

/** Settings of a local Twilio. */
export interface EmulatorOptions {
  /** Auth Token the server checks signatures against. */
  readonly authToken: string;
  /** Account SID sent as AccountSid (34 characters, AC…). Default: a fixed test account. */
  readonly accountSid?: string;
  readonly clock: EmulatorClock;
  /** Where the emulator connects vs the public URL the server signs against (see WebhookClientOptions.rewrite). */
  readonly rewrite?: { readonly actual: string; readonly public: string };
  /** Total wait for a webhook answer, ms (Twilio: 15,000). */
  readonly timeoutMs?: number;
  /** How transfers (`<Dial><Number>`) answer. Default: after 4 s ringing, 60 s talk. */
  readonly world?: DialWorld;
  /** Default maximum queue size (Twilio: 1000). */
  readonly maxQueueSize?: number;
  /** Seconds assumed for `<Play>` audio the emulator cannot measure (not a WAV file, or unreachable). Default 5. */
  readonly unknownAudioSec?: number;
  /** Seed of the CallSids, so the same run gives the same SIDs. */
  readonly seed?: string;
  /** Told of every request (latency statistics). */
  readonly onExchange?: (exchange: WebhookExchange) => void;
  /** Keep each call's timeline and exchanges in its result (default true; loads turn it off). */
  readonly keepDetails?: boolean;
  /** How requests reach the wire (default: on this thread; loads use a `WorkerTransport`). */
  readonly transport?: HttpTransport;
}

/** The test account the emulator uses unless told otherwise. */
export const EMULATOR_ACCOUNT_SID = `AC${'e'.repeat(32)}`;

/**
 * A local Twilio for voice: places calls against any webhook URL, signs every
 * request, runs the TwiML it gets back with Twilio's semantics in real or
 * virtual time, and keeps the account's queues so callers and agents meet
 * there. Each call follows a script.
 */
export class TwilioEmulator {
  readonly queues: CallQueues;
  readonly accountSid: string;
  private readonly o: EmulatorOptions;
  private readonly client: WebhookClient;
  private readonly audio = new Map<string, Promise<number>>();
  private callNo = 0;

  constructor(options: EmulatorOptions) {
    this.o = options;
    this.accountSid = options.accountSid ?? EMULATOR_ACCOUNT_SID;
    this.queues = new CallQueues(options.clock, options.maxQueueSize);
    this.client = new WebhookClient({
      authToken: options.authToken,
      clock: options.clock,
      ...(options.rewrite ? { rewrite: options.rewrite } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
    });
  }

  /** The next CallSid: CA + 32 hex digits derived from the seed and a counter. */
  nextCallSid(): string {
    this.callNo += 1;
    return `CA${createHash('sha1')
      .update(`${this.o.seed ?? 'hotline-emulator'}:${this.callNo}`)
      .digest('hex')
      .slice(0, 32)}`;
  }

  /** Places a call and runs it to its end. */
  placeCall(plan: CallPlan, callSid = this.nextCallSid()): Promise<EmulatedCallResult> {
    const call = new EmulatedCall(callSid, plan, {
      accountSid: this.accountSid,
      clock: this.o.clock,
      client: this.client,
      queues: this.queues,
      world: this.o.world ?? ANSWERING_WORLD,
      audioSeconds: (url) => this.audioSeconds(url),
      answerAudioSec: (body, url) => audioLengthSec(body, url, this.unknownAudioSec),
      key: this.callNo,
      keepDetails: this.o.keepDetails ?? true,
    });
    return call.run();
  }

  private get unknownAudioSec(): number {
    return this.o.unknownAudioSec ?? 5;
  }

  /** Seconds of audio at `url`: Twilio fetches `<Play>` files (without call parameters); WAV lengths are read from the header. */
  private audioSeconds(url: string): Promise<number> {
    let known = this.audio.get(url);
    if (!known) {
      known = this.client
        .send('audio', 'GET', url, {})
        .then((exchange) =>
          exchange.error ? this.unknownAudioSec : audioLengthSec(exchange.body, url, this.unknownAudioSec),
        );
      this.audio.set(url, known);
    }
    return known;
  }
}
