import type { TwimlNode } from '../twiml-parser.js';
import type { CallerScript, DialWorld } from './caller-script.js';
import type { CallQueues } from './call-queues.js';
import type { EmulatorClock } from './emulator-clock.js';
import { rfc2822 } from './rfc2822.js';
import type { WebhookMethod } from './http-exchange.js';
import { CookieJar, type TwilioErrorCode, type WebhookClient, type WebhookExchange } from './webhook-client.js';

/** Status callback events (`statusCallbackEvent`). */
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** One line of a call's timeline. */
export interface TimelineEntry {
  readonly atSec: number;
  readonly what: string;
}

/** A fatal fetch error of a call (it sent the call to its fallback URL, or ended it). */
export interface CallError {
  readonly code: TwilioErrorCode;
  readonly message: string;
}

/** How to place a call. */
export interface CallPlan {
  /** The Voice URL (absolute). */
  readonly url: string;
  readonly method?: WebhookMethod;
  /** The number's fallback URL: requested with ErrorCode and ErrorUrl when a document fails. */
  readonly fallbackUrl?: string;
  readonly fallbackMethod?: WebhookMethod;
  readonly statusCallback?: string;
  readonly statusCallbackMethod?: WebhookMethod;
  /** Default: ['completed'], as Twilio. */
  readonly statusCallbackEvents?: readonly StatusEvent[];
  readonly from: string;
  readonly to: string;
  readonly direction?: 'inbound' | 'outbound-api';
  readonly script: CallerScript;
  /** The call ends after this long, like Twilio's REST `TimeLimit` (default 14,400 s = 4 hours). */
  readonly timeLimitSec?: number;
  /** Extra parameters sent with every request (e.g. FromCity). */
  readonly extraParams?: Readonly<Record<string, string>>;
  /** The caller hangs up when this aborts, wherever the call is (a person's Ctrl-C at the softphone). */
  readonly hangUp?: AbortSignal;
  /**
   * The caller reads each `<Say>` instead of listening to it (the softphone on a real clock prints it, and a person
   * reads faster than it is spoken): Say takes no time. Default false: Say takes its speaking time.
   */
  readonly readsSpeech?: boolean;
}

/** What a call needs from the emulator. */
export interface CallEnvironment {
  readonly accountSid: string;
  readonly clock: EmulatorClock;
  readonly client: WebhookClient;
  readonly queues: CallQueues;
  readonly world: DialWorld;
  /** Seconds of audio at a URL (Play); fetched once per URL. */
  audioSeconds(url: string): Promise<number>;
  /** Seconds of audio a document URL answered (a wait URL's hold music), its body read byte for byte. */
  answerAudioSec(body: string, url: string): number;
  /** Orders simultaneous timers of this call among others. */
  readonly key: number;
  /**
   * Keep each call's timeline and exchanges in its result (default true); a load of thousands of calls turns it
   * off to spare memory and GC pauses.
   */
  readonly keepDetails: boolean;
}

/** A verb and the URL of the document it came in (relative URLs resolve against it). */
export interface VerbInDocument {
  readonly verb: TwimlNode;
  readonly documentUrl: string;
}

/** The next document to request: a verb's action, a `<Redirect>`, a fallback. */
export interface NextRequest {
  readonly url: string;
  readonly method: WebhookMethod;
  readonly params: Record<string, string>;
  readonly ignoreAnswer?: boolean;
}

/** What running a verb leads to: the next request, or null to go on with the next verb. */
export type Next = NextRequest | null;

/** Thrown through the verbs when the caller's hang-up comes. */
export class CallerHungUp extends Error {}

/** Thrown through the verbs when the call reaches its time limit. */
export class TimeLimitReached extends Error {}

/**
 * At most this many `<Redirect>`s in a row with nothing played between them (the same limit Twilio puts on HTTP
 * redirects).
 */
export const MAX_IDLE_REDIRECTS = 10;

const COUNTRY_CODES: readonly [string, string][] = [
  ['+852', 'HK'],
  ['+853', 'MO'],
  ['+886', 'TW'],
  ['+86', 'CN'],
  ['+44', 'GB'],
  ['+1', 'US'],
];

function country(number: string): string {
  return COUNTRY_CODES.find(([prefix]) => number.startsWith(prefix))?.[1] ?? '';
}

/**
 * One emulated call as every verb family sees it: its plan and environment,
 * its emulated time (waits that end early on the caller's hang-up or the time
 * limit), its requests (signed, with cookies and the call's parameters), its
 * answer and status callbacks, and its timeline.
 */
export class CallSession {
  readonly sid: string;
  readonly plan: CallPlan;
  readonly env: CallEnvironment;
  readonly startMs: number;
  readonly timeline: TimelineEntry[] = [];
  readonly exchanges: WebhookExchange[] = [];
  readonly errors: CallError[] = [];
  /** The CallStatus sent with requests. */
  status = 'ringing';
  /** Emulated ms of the caller's hang-up, once a script gave one (Infinity: none). */
  hangupAtMs = Infinity;
  /** Documents in a row that played nothing (a `<Redirect>` chain, empty wait rounds): reset whenever time passes. */
  idleDocuments = 0;
  /** Requests made so far (child CallSids count on it). */
  requests = 0;
  private readonly limitMs: number;
  private readonly jar = new CookieJar();
  private answeredAtMs: number | undefined;
  private sequence = 0;

  constructor(sid: string, plan: CallPlan, env: CallEnvironment) {
    this.sid = sid;
    this.plan = plan;
    this.env = env;
    this.startMs = env.clock.now();
    this.limitMs = this.startMs + (plan.timeLimitSec ?? 14_400) * 1000;
  }

  /** Seconds since the call was placed. */
  get atSec(): number {
    return (this.env.clock.now() - this.startMs) / 1000;
  }

  /** The caller's script. */
  get script(): CallerScript {
    return this.plan.script;
  }

  /** True once the call was answered. */
  get answered(): boolean {
    return this.answeredAtMs !== undefined;
  }

  /** Whole seconds billed so far: from the answer (0 if never answered). */
  get billedSec(): number {
    return this.answeredAtMs === undefined ? 0 : Math.round((this.env.clock.now() - this.answeredAtMs) / 1000);
  }

  /** Adds a line to the timeline (when details are kept). */
  log(what: string): void {
    if (!this.env.keepDetails) return;
    this.timeline.push({ atSec: Math.round(this.atSec * 1000) / 1000, what });
  }

  /** Records a fatal error of the call. */
  fail(error: CallError): void {
    this.errors.push(error);
  }

  /** The parameters of every request of this call. */
  params(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    const { from, to } = this.plan;
    const fromCountry = country(from);
    const toCountry = country(to);
    return {
      AccountSid: this.env.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.sid,
      CallStatus: this.status,
      Called: to,
      CalledCity: '',
      CalledCountry: toCountry,
      CalledState: '',
      CalledZip: '',
      Caller: from,
      CallerCity: '',
      CallerCountry: fromCountry,
      CallerState: '',
      CallerZip: '',
      Direction: this.plan.direction ?? 'inbound',
      From: from,
      FromCity: '',
      FromCountry: fromCountry,
      FromState: '',
      FromZip: '',
      To: to,
      ToCity: '',
      ToCountry: toCountry,
      ToState: '',
      ToZip: '',
      ...this.plan.extraParams,
      ...extra,
    };
  }

  /** Sends one request of the call with its parameters plus `params`. */
  async request(
    kind: 'document' | 'callback',
    url: string,
    how: WebhookMethod,
    params: Record<string, string>,
  ): Promise<WebhookExchange> {
    const exchange = await this.env.client.send(kind, how, url, this.params(params), this.jar);
    this.requests += 1;
    if (this.env.keepDetails) this.exchanges.push(exchange);
    return exchange;
  }

  /**
   * Waits emulated time; throws CallerHungUp if the caller's hang-up comes first, or the plan's `hangUp` aborts
   * (TimeLimitReached at the time limit). Returns false if `signal` cut it short.
   */
  async wait(sec: number, signal?: AbortSignal): Promise<boolean> {
    const hangUp = this.plan.hangUp;
    if (this.plan.script.hungUp?.() || hangUp?.aborted) throw new CallerHungUp();
    if (!hangUp) return this.sleep(sec, signal);
    const passed = await this.sleep(sec, signal ? AbortSignal.any([signal, hangUp]) : hangUp);
    if (hangUp.aborted) throw new CallerHungUp();
    return passed;
  }

  /**
   * Runs the caller's answer (now, or a promise: a person typing) without letting a virtual clock jump meanwhile;
   * returns it and the seconds that passed on the clock while it came (0 on a virtual clock).
   */
  async await<T>(answer: T | Promise<T>): Promise<{ value: T; tookSec: number }> {
    if (!(answer instanceof Promise)) return { value: answer, tookSec: 0 };
    const clock = this.env.clock;
    const startMs = clock.now();
    const value = await clock.track(answer);
    return { value, tookSec: (clock.now() - startMs) / 1000 };
  }

  private async sleep(sec: number, signal: AbortSignal | undefined): Promise<boolean> {
    const clock = this.env.clock;
    const endMs = clock.now() + sec * 1000;
    if (endMs >= this.limitMs && this.limitMs < this.hangupAtMs) {
      const passed = await clock.sleep((this.limitMs - clock.now()) / 1000, signal, this.env.key);
      if (!passed) return false;
      throw new TimeLimitReached();
    }
    if (endMs >= this.hangupAtMs) {
      const passed = await clock.sleep((this.hangupAtMs - clock.now()) / 1000, signal, this.env.key);
      if (!passed) return false;
      throw new CallerHungUp();
    }
    if (sec > 0) this.idleDocuments = 0;
    return clock.sleep(sec, signal, this.env.key);
  }

  /** The caller hangs up `sec` seconds from now (or earlier, if already due); undefined or Infinity: no change. */
  hangUpIn(sec: number | undefined): void {
    if (sec === undefined || !Number.isFinite(sec)) return;
    this.hangupAtMs = Math.min(this.hangupAtMs, this.env.clock.now() + Math.max(0, sec) * 1000);
  }

  /** Resolves a verb's URL against the document it came in. */
  resolve(url: string, documentUrl: string): string {
    return new URL(url, documentUrl).toString();
  }

  /** Answers the call once: billing starts, CallStatus becomes in-progress. */
  async answer(): Promise<void> {
    if (this.answeredAtMs !== undefined) return;
    this.answeredAtMs = this.env.clock.now();
    this.status = 'in-progress';
    await this.statusCallback('answered', 'in-progress');
  }

  /** Sends a status callback for `event` (if the plan asks for it) with CallStatus `status`. */
  async statusCallback(event: StatusEvent, status: string, extra: Record<string, string> = {}): Promise<void> {
    const url = this.plan.statusCallback;
    if (!url || !(this.plan.statusCallbackEvents ?? ['completed']).includes(event)) return;
    const saved = this.status;
    this.status = status;
    await this.request('callback', url, this.plan.statusCallbackMethod ?? 'POST', {
      ...extra,
      CallbackSource: 'call-progress-events',
      Timestamp: rfc2822(this.env.clock.now()),
      SequenceNumber: String(this.sequence++),
    });
    this.status = saved;
  }
}
