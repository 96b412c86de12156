import { collectGather, type CallerAction, type GatherRules } from '../../replay/gather-input.js';
import type { TwimlNode } from '../twiml-parser.js';
import type { CallerScript, DialWorld, GatherPlace, Heard } from './caller-script.js';
import { QueueMember, type CallQueues } from './call-queues.js';
import type { EmulatorClock } from './emulator-clock.js';
import { rfc2822, speechSeconds, tonesSeconds } from './speech-time.js';
import { readDocument } from './twiml-document.js';
import { CookieJar, type TwilioErrorCode, type WebhookClient, type WebhookExchange, type WebhookMethod } from './webhook-client.js';

/** Final status of a call, as Twilio reports it. */
export type CallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** How an emulated call ended. */
export type CallEnd = 'hangup-verb' | 'reject' | 'caller' | 'end-of-document' | 'error' | 'other-party' | 'time-limit';

/** Status callback events (`statusCallbackEvent`). */
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** One line of a call's timeline. */
export interface TimelineEntry {
  readonly atSec: number;
  readonly what: string;
}

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
  readonly errors: readonly { readonly code: TwilioErrorCode; readonly message: string }[];
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
  /** Keep each call's timeline and exchanges in its result (default true); a load of thousands of calls turns it off to spare memory and GC pauses. */
  readonly keepDetails: boolean;
}

class CallerHungUp extends Error {}
class TimeLimitReached extends Error {}

type Next = { readonly url: string; readonly method: WebhookMethod; readonly params: Record<string, string>; readonly ignoreAnswer?: boolean } | null;

/** At most this many `<Redirect>`s in a row with nothing played between them (the same limit Twilio puts on HTTP redirects). */
const MAX_IDLE_REDIRECTS = 10;
/** Seconds Twilio's "an application error has occurred" message takes. */
const APPLICATION_ERROR_SEC = 4;
/** `loop="0"` plays this many times (Twilio: until hang-up or 1000). */
const LOOP_FOREVER = 1000;

const COUNTRY_CODES: readonly [string, string][] = [['+852', 'HK'], ['+853', 'MO'], ['+886', 'TW'], ['+86', 'CN'], ['+44', 'GB'], ['+1', 'US']];

function country(number: string): string {
  return COUNTRY_CODES.find(([prefix]) => number.startsWith(prefix))?.[1] ?? '';
}

function method(value: string | undefined, fallback: WebhookMethod = 'POST'): WebhookMethod {
  return value?.toUpperCase() === 'GET' ? 'GET' : value?.toUpperCase() === 'POST' ? 'POST' : fallback;
}

function seconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** What a `<Gather>` listens for, read from its attributes with Twilio's defaults (dtmf, timeout 5, finishOnKey #). */
export function gatherRules(verb: TwimlNode): GatherRules {
  const input = (verb.attrs.input ?? 'dtmf').toLowerCase();
  return {
    input: input.includes('speech') && input.includes('dtmf') ? 'dtmf speech' : input.includes('speech') ? 'speech' : 'dtmf',
    timeoutSec: seconds(verb.attrs.timeout, 5),
    finishOnKey: verb.attrs.finishOnKey ?? '#',
    ...(verb.attrs.numDigits ? { maxDigits: Math.max(1, Math.floor(seconds(verb.attrs.numDigits, 1))) } : {}),
  };
}

/** The keys that submit `digits` at a gather: followed by its finish key unless `numDigits` submits them by itself. */
export function keysToSubmit(digits: string, rules: GatherRules): string {
  const finish = rules.finishOnKey ?? '#';
  const submitsAlone = rules.maxDigits !== undefined && digits.length >= rules.maxDigits;
  return submitsAlone || finish === '' ? digits : digits + finish;
}

/**
 * One call through the emulator: fetches TwiML, runs it verb by verb with
 * Twilio's semantics, asks the caller's script what it does, and keeps a
 * timeline. Queues and agents meet through the shared `CallQueues`.
 */
export class EmulatedCall {
  readonly sid: string;
  private readonly plan: CallPlan;
  private readonly env: CallEnvironment;
  private readonly startMs: number;
  private readonly limitMs: number;
  private readonly jar = new CookieJar();
  private readonly timeline: TimelineEntry[] = [];
  private readonly exchanges: WebhookExchange[] = [];
  private readonly errors: { code: TwilioErrorCode; message: string }[] = [];
  private status = 'ringing';
  private answered = false;
  /** When the call was answered (billing starts), emulated ms. */
  private answeredMs = 0;
  private hangupAtMs = Infinity;
  /** Documents in a row that played nothing (a `<Redirect>` chain, empty wait rounds): reset whenever time passes. */
  private idleDocuments = 0;
  private requests = 0;
  private sequence = 0;

  constructor(sid: string, plan: CallPlan, env: CallEnvironment) {
    this.sid = sid;
    this.plan = plan;
    this.env = env;
    this.startMs = env.clock.now();
    this.limitMs = this.startMs + (plan.timeLimitSec ?? 14_400) * 1000;
  }

  private get atSec(): number {
    return (this.env.clock.now() - this.startMs) / 1000;
  }

  private log(what: string): void {
    if (!this.env.keepDetails) return;
    this.timeline.push({ atSec: Math.round(this.atSec * 1000) / 1000, what });
  }

  /** The parameters of every request of this call. */
  params(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    const { from, to } = this.plan;
    const fromCountry = country(from);
    const toCountry = country(to);
    return {
      AccountSid: this.env.accountSid, ApiVersion: '2010-04-01', CallSid: this.sid, CallStatus: this.status,
      Called: to, CalledCity: '', CalledCountry: toCountry, CalledState: '', CalledZip: '',
      Caller: from, CallerCity: '', CallerCountry: fromCountry, CallerState: '', CallerZip: '',
      Direction: this.plan.direction ?? 'inbound',
      From: from, FromCity: '', FromCountry: fromCountry, FromState: '', FromZip: '',
      To: to, ToCity: '', ToCountry: toCountry, ToState: '', ToZip: '',
      ...this.plan.extraParams, ...extra,
    };
  }

  private async request(kind: 'document' | 'callback', url: string, how: WebhookMethod, params: Record<string, string>): Promise<WebhookExchange> {
    const exchange = await this.env.client.send(kind, how, url, this.params(params), this.jar);
    this.requests += 1;
    if (this.env.keepDetails) this.exchanges.push(exchange);
    return exchange;
  }

  /** Waits emulated time; throws CallerHungUp if the caller's hang-up comes first. Returns false if `signal` cut it short. */
  private async wait(sec: number, signal?: AbortSignal): Promise<boolean> {
    const clock = this.env.clock;
    if (this.plan.script.hungUp?.()) throw new CallerHungUp();
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

  private hangUpIn(sec: number | undefined): void {
    if (sec !== undefined && Number.isFinite(sec)) this.hangupAtMs = Math.min(this.hangupAtMs, this.env.clock.now() + Math.max(0, sec) * 1000);
  }

  /** Places the call and runs it to its end. */
  async run(): Promise<EmulatedCallResult> {
    this.status = this.plan.direction === 'outbound-api' ? 'in-progress' : 'ringing';
    await this.statusCallback('initiated', 'initiated');
    await this.statusCallback('ringing', 'ringing');
    let endedBy: CallEnd = 'end-of-document';
    let final: CallStatus = 'completed';
    let next: Next = { url: this.plan.url, method: this.plan.method ?? 'POST', params: {} };
    let first = true;
    try {
      while (next) {
        let verbs = await this.fetch(next);
        if (verbs === 'ended') {
          endedBy = 'error';
          break;
        }
        if (first) {
          first = false;
          verbs = await this.ringThroughLeadingPauses(verbs, next.url);
          if (verbs[0]?.name === 'Reject') {
            final = verbs[0].attrs.reason === 'busy' ? 'busy' : 'no-answer';
            endedBy = 'reject';
            this.log(`<Reject reason="${verbs[0].attrs.reason ?? 'rejected'}">: not answered`);
            break;
          }
          await this.answer();
        }
        const outcome = await this.execute(verbs, next.url);
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
        this.log('the call reached its time limit');
      } else if (error instanceof CallerHungUp) {
        endedBy = 'caller';
        this.log('caller hung up');
      } else throw error;
      // Ended while still ringing (during a leading <Pause>): Twilio's "no-answer" is a call that ended unanswered.
      if (!this.answered) final = 'no-answer';
    }
    this.status = final;
    const durationSec = this.answered ? Math.round((this.env.clock.now() - this.answeredMs) / 1000) : 0;
    this.log(`call ended (${endedBy}), ${final}`);
    await this.statusCallback('completed', final, { CallDuration: String(durationSec), Duration: String(Math.ceil(durationSec / 60)) });
    return { callSid: this.sid, status: final, endedBy, durationSec, timeline: this.timeline, exchanges: this.exchanges, errors: this.errors };
  }

  /**
   * Twilio's `<Pause>` doc: as the first verb it "delays answering the call". The call rings through every
   * `<Pause>` that opens the first document; returns the verbs after them.
   */
  private async ringThroughLeadingPauses(verbs: readonly TwimlNode[], documentUrl: string): Promise<readonly TwimlNode[]> {
    let count = 0;
    while (verbs[count]?.name === 'Pause') {
      await this.play(verbs[count]!, documentUrl);
      count += 1;
    }
    if (count > 0) this.log(`${count} leading <Pause>: the call rang until now`);
    return count === 0 ? verbs : verbs.slice(count);
  }

  /** Answers the call once: billing starts, CallStatus becomes in-progress. */
  private async answer(): Promise<void> {
    if (this.answered) return;
    this.answered = true;
    this.answeredMs = this.env.clock.now();
    this.status = 'in-progress';
    await this.statusCallback('answered', 'in-progress');
  }

  private async statusCallback(event: StatusEvent, status: string, extra: Record<string, string> = {}): Promise<void> {
    const url = this.plan.statusCallback;
    if (!url || !(this.plan.statusCallbackEvents ?? ['completed']).includes(event)) return;
    const saved = this.status;
    this.status = status;
    await this.request('callback', url, this.plan.statusCallbackMethod ?? 'POST', {
      ...extra, CallbackSource: 'call-progress-events', Timestamp: rfc2822(this.env.clock.now()), SequenceNumber: String(this.sequence++),
    });
    this.status = saved;
  }

  /**
   * Fetches a document; on a fatal error goes to the fallback URL (once per
   * failure, with ErrorCode and ErrorUrl), else plays Twilio's application
   * error and ends. Audio answers play and end the call.
   */
  private async fetch(next: NonNullable<Next>, isFallback = false): Promise<readonly TwimlNode[] | 'ended'> {
    const exchange = await this.request('document', next.url, next.method, next.params);
    if (next.ignoreAnswer) return [];
    const reading = readDocument(exchange);
    if (reading.kind === 'twiml') {
      this.plan.script.heard?.({ callSid: this.sid, atSec: this.atSec, url: exchange.url, verbs: reading.verbs, body: exchange.body, role: 'call' });
      return reading.verbs;
    }
    if (reading.kind === 'audio') {
      this.log(`${exchange.url} answered audio: played, then the call ends`);
      await this.answer();
      await this.wait(await this.env.audioSeconds(exchange.url));
      return [];
    }
    if (reading.kind === 'text') {
      this.log(`${exchange.url} answered plain text: read aloud, then the call ends`);
      await this.answer();
      await this.wait(speechSeconds(reading.text, 'en-US'));
      return [];
    }
    this.errors.push({ code: reading.code, message: reading.message });
    this.log(`error ${reading.code}: ${reading.message}`);
    if (this.plan.fallbackUrl && !isFallback) {
      this.log(`fallback URL ${this.plan.fallbackUrl}`);
      return this.fetch({ url: this.plan.fallbackUrl, method: this.plan.fallbackMethod ?? 'POST', params: { ErrorCode: String(reading.code), ErrorUrl: next.url } }, true);
    }
    await this.wait(APPLICATION_ERROR_SEC);
    return 'ended';
  }

  private resolve(url: string, documentUrl: string): string {
    return new URL(url, documentUrl).toString();
  }

  /** Plays Say/Play/Pause; returns the caller-facing description and its duration. */
  private async heard(verb: TwimlNode, documentUrl: string): Promise<Heard> {
    const loops = verb.attrs.loop === '0' ? LOOP_FOREVER : Math.max(1, Math.floor(seconds(verb.attrs.loop, 1)));
    if (verb.name === 'Say') {
      const language = verb.attrs.language ?? 'en-US';
      return { verb: 'Say', text: verb.text, language, durationSec: speechSeconds(verb.text, language) * loops };
    }
    if (verb.name === 'Pause') return { verb: 'Pause', text: '', durationSec: seconds(verb.attrs.length, 1) };
    if (verb.attrs.digits) return { verb: 'Play', text: verb.attrs.digits, durationSec: tonesSeconds(verb.attrs.digits) };
    const url = this.resolve(verb.text, documentUrl);
    return { verb: 'Play', text: url, durationSec: (await this.env.audioSeconds(url)) * loops };
  }

  private async play(verb: TwimlNode, documentUrl: string, signal?: AbortSignal): Promise<boolean> {
    const heard = await this.heard(verb, documentUrl);
    this.log(heard.verb === 'Say' ? `Say [${heard.language}] ${heard.text}` : heard.verb === 'Pause' ? `Pause ${heard.durationSec} s` : `Play ${heard.text}`);
    return this.wait(heard.durationSec, signal);
  }

  /** Runs one document: returns the next request, a hang-up, or null when the document ran out. */
  private async execute(verbs: readonly TwimlNode[], documentUrl: string): Promise<Next | 'hangup' | 'other-party'> {
    for (const verb of verbs) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          await this.play(verb, documentUrl);
          break;
        case 'Gather': {
          const next = await this.gather(verb, documentUrl, 'call');
          if (next) return next;
          break;
        }
        case 'Redirect': {
          this.idleDocuments += 1;
          if (this.idleDocuments > MAX_IDLE_REDIRECTS) {
            const message = `${documentUrl}: more than ${MAX_IDLE_REDIRECTS} <Redirect>s in a row with nothing played`;
            this.errors.push({ code: 11215, message });
            this.log(`error 11215: ${message}`);
            return null;
          }
          this.log(`Redirect ${verb.text}`);
          return { url: this.resolve(verb.text, documentUrl), method: method(verb.attrs.method), params: {} };
        }
        case 'Enqueue': {
          const next = await this.enqueue(verb, documentUrl);
          if (next === 'hangup') return next;
          if (next) return next;
          break;
        }
        case 'Dial': {
          const next = await this.dial(verb, documentUrl);
          if (next === 'other-party') return next;
          if (next) return next;
          break;
        }
        case 'Record': {
          const next = await this.record(verb, documentUrl);
          if (next) return next;
          break;
        }
        case 'Hangup':
        case 'Reject':
          this.log(`<${verb.name}>`);
          return 'hangup';
        case 'Leave':
          this.log('<Leave> outside a queue: ignored');
          break;
        default:
          this.log(`<${verb.name}> is not emulated: skipped`);
      }
    }
    return null;
  }

  /** Runs a `<Gather>`; returns the action request, or null to fall through to the next verb. */
  private async gather(verb: TwimlNode, documentUrl: string, place: GatherPlace, signal?: AbortSignal): Promise<Next> {
    const prompts: Heard[] = [];
    for (const child of verb.children) prompts.push(await this.heard(child, documentUrl));
    const promptSec = prompts.reduce((sum, p) => sum + p.durationSec, 0);
    const rules = gatherRules(verb);
    const atSec = this.atSec;
    const turn = this.plan.script.gather({ callSid: this.sid, atSec, place, prompts, promptSec, verb, documentUrl });
    const actions: readonly CallerAction[] = turn.actions;
    const { answer, next } = collectGather({ step: rules, openSec: 0, promptSec }, actions, 0, 0);
    this.log(`Gather (${prompts.map((p) => p.text).filter(Boolean).join(' / ')})`);
    this.hangUpIn(turn.hangupAfterSec);
    if (!(await this.wait(answer.atSec, signal))) return null;
    const action = this.resolve(verb.attrs.action ?? documentUrl, documentUrl);
    const how = method(verb.attrs.method);
    const event = answer.event;
    if (event.type === 'DIGITS') {
      const last = actions[next - 1];
      const finishKey = rules.finishOnKey ?? '#';
      const finished = last?.kind === 'key' && finishKey !== '' && last.digit === finishKey ? finishKey : '';
      this.log(`caller keyed ${event.digits}${finished}`);
      return { url: action, method: how, params: { Digits: event.digits, FinishedOnKey: finished } };
    }
    if (event.type === 'SPEECH') {
      this.log(`caller said "${event.text}"`);
      return { url: action, method: how, params: event.confidence === undefined ? { SpeechResult: event.text } : { SpeechResult: event.text, Confidence: String(event.confidence) } };
    }
    if (verb.attrs.actionOnEmptyResult === 'true') {
      this.log('no input: actionOnEmptyResult sends the action anyway');
      return { url: action, method: how, params: { Digits: '', FinishedOnKey: '' } };
    }
    this.log('no input: falls through to the next verb');
    return null;
  }

  /** Runs a `<Record>`: the caller's message, then the action (or fall-through when nothing was recorded). */
  private async record(verb: TwimlNode, documentUrl: string): Promise<Next> {
    const maxLengthSec = seconds(verb.attrs.maxLength, 3600) || 3600;
    const finishOnKey = verb.attrs.finishOnKey ?? '1234567890*#';
    const silenceSec = seconds(verb.attrs.timeout, 5);
    const turn = this.plan.script.record?.({ callSid: this.sid, atSec: this.atSec, maxLengthSec, finishOnKey, verb }) ?? { messageSec: 0, end: 'silence' as const };
    const messageSec = Math.min(Math.max(0, turn.messageSec), maxLengthSec);
    const action = this.resolve(verb.attrs.action ?? documentUrl, documentUrl);
    const how = method(verb.attrs.method);
    if (verb.attrs.playBeep !== 'false') await this.wait(0.5);
    const recording = (digits?: string) => {
      const sid = `RE${this.sid.slice(2)}`;
      const params: Record<string, string> = {
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.env.accountSid}/Recordings/${sid}`,
        RecordingSid: sid, RecordingDuration: String(Math.round(messageSec)),
      };
      if (digits !== undefined) params.Digits = digits;
      return params;
    };
    if (turn.end === 'hangup') {
      await this.wait(messageSec).catch(() => undefined);
      this.log(`caller hung up while recording (${messageSec} s)`);
      if (messageSec > 0) await this.request('document', action, how, { ...recording('hangup'), CallStatus: 'completed' });
      throw new CallerHungUp();
    }
    const keyEnds = turn.end === 'key' && turn.key !== undefined && finishOnKey.includes(turn.key);
    const untilSec = keyEnds ? messageSec : Math.min(maxLengthSec, messageSec + (silenceSec === 0 ? maxLengthSec : silenceSec));
    await this.wait(untilSec);
    if (messageSec === 0) {
      this.log('Record: nothing recorded, falls through to the next verb');
      return null;
    }
    this.log(`Record: ${messageSec} s message`);
    await this.recordingCallback(verb, documentUrl, recording());
    return { url: action, method: how, params: recording(keyEnds ? turn.key : undefined) };
  }

  private async recordingCallback(verb: TwimlNode, documentUrl: string, recording: Record<string, string>): Promise<void> {
    const url = verb.attrs.recordingStatusCallback;
    if (!url) return;
    await this.request('callback', this.resolve(url, documentUrl), method(verb.attrs.recordingStatusCallbackMethod), {
      RecordingSid: recording.RecordingSid!, RecordingUrl: recording.RecordingUrl!, RecordingDuration: recording.RecordingDuration!,
      RecordingStatus: 'completed', RecordingChannels: '1', RecordingSource: 'RecordVerb', RecordingStartTime: rfc2822(this.env.clock.now()),
    });
  }

  /** Runs a `<Dial>`: a number or client rings and talks; a `<Queue>` takes a waiting caller (the agent side). */
  private async dial(verb: TwimlNode, documentUrl: string): Promise<Next | 'other-party'> {
    const noun = verb.children[0] ?? { name: 'Number', attrs: {}, text: verb.text, children: [] };
    const timeoutSec = seconds(verb.attrs.timeout, 30);
    const action = verb.attrs.action ? this.resolve(verb.attrs.action, documentUrl) : undefined;
    const how = method(verb.attrs.method);
    let params: Record<string, string>;
    let callerLeft = false;
    if (noun.name === 'Queue') {
      ({ params, callerLeft } = await this.dialQueue(noun, timeoutSec, documentUrl));
    } else {
      ({ params, callerLeft } = await this.dialNumber(verb, noun, timeoutSec, seconds(verb.attrs.timeLimit, 14400)));
    }
    if (callerLeft) {
      if (action) await this.request('document', action, how, { ...params, CallStatus: 'completed' });
      throw new CallerHungUp();
    }
    return action ? { url: action, method: how, params } : null;
  }

  private async dialNumber(verb: TwimlNode, noun: TwimlNode, timeoutSec: number, timeLimitSec: number): Promise<{ params: Record<string, string>; callerLeft: boolean }> {
    const to = noun.text;
    const childSid = `CA${this.sid.slice(2, 26)}${String(this.requests).padStart(8, '0')}`;
    const heard = { callSid: this.sid, atSec: this.atSec, target: to, verb };
    this.log(`Dial ${noun.name} ${to}`);
    this.hangUpIn(this.plan.script.dialPatienceSec?.(heard));
    const answer = this.env.world(to, heard);
    try {
      if (answer.status !== 'completed' || answer.ringSec > timeoutSec) {
        await this.wait(Math.min(answer.ringSec, timeoutSec));
        const status = answer.status === 'completed' ? 'no-answer' : answer.status;
        this.log(`Dial ${to}: ${status}`);
        return { params: { DialCallStatus: status, DialCallSid: childSid, DialBridged: 'false' }, callerLeft: false };
      }
      await this.wait(answer.ringSec);
      const startMs = this.env.clock.now();
      try {
        await this.wait(Math.min(answer.talkSec, timeLimitSec));
      } catch (error) {
        if (!(error instanceof CallerHungUp)) throw error;
        const talked = Math.round((this.env.clock.now() - startMs) / 1000);
        return { params: { DialCallStatus: 'completed', DialCallSid: childSid, DialCallDuration: String(talked), DialBridged: 'true' }, callerLeft: true };
      }
      this.log(`Dial ${to}: talked ${Math.min(answer.talkSec, timeLimitSec)} s`);
      return { params: { DialCallStatus: 'completed', DialCallSid: childSid, DialCallDuration: String(Math.round(Math.min(answer.talkSec, timeLimitSec))), DialBridged: 'true' }, callerLeft: false };
    } catch (error) {
      if (!(error instanceof CallerHungUp)) throw error;
      // Twilio's DialCallStatus "canceled": the dialled call ended before it was answered (here: the caller left).
      this.log(`Dial ${to}: canceled, the caller hung up while it rang`);
      return { params: { DialCallStatus: 'canceled', DialCallSid: childSid, DialBridged: 'false' }, callerLeft: true };
    } finally {
      this.hangupAtMs = Infinity;
    }
  }

  /** The agent side of `<Dial><Queue>`: takes the longest-waiting caller and stays bridged until either side hangs up. */
  private async dialQueue(noun: TwimlNode, timeoutSec: number, documentUrl: string): Promise<{ params: Record<string, string>; callerLeft: boolean }> {
    const name = noun.text;
    const agentTalkSec = this.plan.script.talkSec?.({ callSid: this.sid, atSec: this.atSec, target: name }) ?? Infinity;
    const member = await this.env.queues.take(name, timeoutSec, {
      agentCallSid: this.sid,
      ...(noun.attrs.url ? { url: this.resolve(noun.attrs.url, documentUrl) } : {}),
      method: method(noun.attrs.method),
      agentTalkSec,
    }, this.env.key);
    if (!member) {
      this.log(`Dial Queue ${name}: nobody waiting within ${timeoutSec} s`);
      return { params: { DialCallStatus: 'no-answer', DialBridged: 'false', QueueSid: this.env.queues.get(name).sid }, callerLeft: false };
    }
    this.log(`Dial Queue ${name}: took ${member.callSid}`);
    const end = await member.ended;
    const queueTime = String(Math.round((this.env.clock.now() - member.enqueuedMs) / 1000 - end.talkSec));
    this.log(`bridge with ${member.callSid} ended after ${end.talkSec} s (${end.endedBy} hung up)`);
    const params = {
      DialCallStatus: end.beforeBridge ? 'canceled' : 'completed', DialCallSid: member.callSid, DialCallDuration: String(Math.round(end.talkSec)),
      DialBridged: String(!end.beforeBridge), QueueSid: member.queue.sid, QueueTime: queueTime,
    };
    return { params, callerLeft: false };
  }

  /** Runs an `<Enqueue>`: waits with the wait URL's rounds until an agent takes the caller, the caller leaves, or hangs up. */
  private async enqueue(verb: TwimlNode, documentUrl: string): Promise<Next | 'hangup'> {
    const queue = this.env.queues.get(verb.text, verb.attrs.maxQueueSize ? Number(verb.attrs.maxQueueSize) : undefined);
    const action = verb.attrs.action ? this.resolve(verb.attrs.action, documentUrl) : undefined;
    const how = method(verb.attrs.method);
    const fault = this.plan.script.enqueueFault?.({ callSid: this.sid, atSec: this.atSec, target: queue.name, verb });
    if (queue.members.length >= queue.maxSize || fault) {
      const result = fault ?? 'queue-full';
      this.log(`Enqueue ${queue.name}: ${result}`);
      return action ? { url: action, method: how, params: { QueueResult: result } } : null;
    }
    const member = new QueueMember(this.sid, queue, this.env.clock.now());
    queue.join(member);
    this.log(`Enqueue ${queue.name} (position ${queue.position(member)})`);
    this.hangUpIn(this.plan.script.queuePatienceSec?.({ callSid: this.sid, atSec: this.atSec, target: queue.name, verb }));
    const queueTime = () => String(Math.round((this.env.clock.now() - member.enqueuedMs) / 1000));
    const result = (QueueResult: string) => ({ QueueResult, QueueSid: queue.sid, QueueTime: queueTime() });
    let outcome: 'taken' | 'leave' | 'hangup-verb';
    try {
      outcome = await this.hold(verb, member, documentUrl);
    } catch (error) {
      queue.remove(member);
      if (!(error instanceof CallerHungUp)) throw error;
      this.log(`caller hung up in queue ${queue.name} after ${queueTime()} s`);
      if (action) await this.request('document', action, how, { ...result('hangup'), CallStatus: 'completed' });
      throw error;
    }
    this.hangupAtMs = Infinity;
    if (outcome === 'hangup-verb') {
      // Twilio's Enqueue doc: <Hangup> in a waitUrl "hangs up the call and thereby leaving the queue and ending the call".
      queue.remove(member);
      this.log(`<Hangup> in the wait URL: left queue ${queue.name}, the call ends`);
      if (action) await this.request('document', action, how, { ...result('hangup'), CallStatus: 'completed' });
      return 'hangup';
    }
    if (outcome === 'leave') {
      queue.remove(member);
      this.log(`left queue ${queue.name}`);
      return action ? { url: action, method: how, params: result('leave') } : null;
    }
    const waited = queueTime();
    const bridged = await this.bridge(member);
    const params = { QueueResult: bridged, QueueSid: queue.sid, QueueTime: waited };
    if (bridged !== 'bridged' || this.hangupAtMs <= this.env.clock.now()) {
      if (action) await this.request('document', action, how, { ...params, CallStatus: 'completed' });
      throw new CallerHungUp();
    }
    return action ? { url: action, method: how, params } : null;
  }

  /** Plays the wait URL's rounds until an agent takes the caller or the wait TwiML leaves or hangs up. */
  private async hold(verb: TwimlNode, member: QueueMember, documentUrl: string): Promise<'taken' | 'leave' | 'hangup-verb'> {
    const signal = member.taken.signal;
    const waitAttr = verb.attrs.waitUrl;
    const waitUrl = waitAttr ? this.resolve(waitAttr, documentUrl) : undefined;
    const waitMethod = method(verb.attrs.waitUrlMethod, waitUrl ? 'POST' : 'GET');
    let round: Next = null;
    while (!signal.aborted) {
      if (!waitUrl) {
        // Twilio's default hold music, or silence for waitUrl="": nothing to fetch.
        await this.wait(3600, signal);
        continue;
      }
      const queue = member.queue;
      const request = round ?? { url: waitUrl, method: waitMethod, params: {} };
      round = null;
      const exchange = await this.request('document', request.url, request.method, {
        ...request.params,
        QueuePosition: String(queue.position(member)), QueueSid: queue.sid,
        QueueTime: String(Math.round((this.env.clock.now() - member.enqueuedMs) / 1000)),
        AvgQueueTime: String(queue.averageWaitSec(this.env.clock.now())), CurrentQueueSize: String(queue.members.length), MaxQueueSize: String(queue.maxSize),
      });
      if (signal.aborted) break;
      const reading = readDocument(exchange);
      if (reading.kind === 'audio') {
        // Twilio's Enqueue doc: "The URL may return an MP3 file, a WAV file, or a TwiML document"; like TwiML that
        // runs out, the file plays to its end and the waitUrl is requested again.
        const audioSec = this.env.answerAudioSec(exchange.body, exchange.url);
        this.log(`wait URL ${exchange.url} answered audio: ${audioSec} s, then requested again`);
        await this.wait(audioSec, signal);
      } else if (reading.kind !== 'twiml') {
        const message = reading.kind === 'error' ? reading.message : `${exchange.url}: a wait URL must answer TwiML`;
        this.errors.push({ code: reading.kind === 'error' ? reading.code : 12300, message });
        this.log(`wait URL error: ${message}`);
        await this.wait(5, signal);
        continue;
      } else {
        this.plan.script.heard?.({ callSid: this.sid, atSec: this.atSec, url: exchange.url, verbs: reading.verbs, body: exchange.body, role: 'wait' });
        for (const item of reading.verbs) {
          if (signal.aborted) break;
          if (item.name === 'Leave') return 'leave';
          if (item.name === 'Hangup') return 'hangup-verb';
          if (item.name === 'Redirect') {
            round = { url: this.resolve(item.text, exchange.url), method: method(item.attrs.method), params: {} };
            break;
          }
          if (item.name === 'Gather') {
            const next = await this.gather(item, exchange.url, 'queue', signal);
            if (next) {
              round = next;
              break;
            }
          } else if (item.name === 'Say' || item.name === 'Play' || item.name === 'Pause') {
            await this.play(item, exchange.url, signal);
          } else {
            this.errors.push({ code: 12200, message: `${exchange.url}: <${item.name}> is not allowed in a wait URL (Play, Say, Pause, Gather, Redirect, Leave, Hangup)` });
            this.log(`<${item.name}> not allowed in a wait URL: skipped`);
          }
        }
      }
      if (!round && !signal.aborted && this.idleDocuments++ > MAX_IDLE_REDIRECTS) {
        // A wait URL that plays nothing would be fetched in a tight loop; Twilio would too, but an emulator must not spin.
        await this.wait(1, signal);
      }
    }
    return 'taken';
  }

  /** The caller side of a dequeue: the `<Queue url>` greeting, then the bridge until one side hangs up. */
  private async bridge(member: QueueMember): Promise<'bridged' | 'bridging-in-process'> {
    const dequeue = member.dequeue!;
    const clock = this.env.clock;
    this.hangupAtMs = Infinity;
    const greeting = dequeue.url ? await this.greeting(member, dequeue.url, dequeue.method, dequeue.agentCallSid) : undefined;
    // The caller's talk time counts from the moment an agent takes them, greeting included.
    this.hangUpIn(this.plan.script.talkSec?.({ callSid: this.sid, atSec: this.atSec, target: dequeue.agentCallSid }));
    try {
      for (const item of greeting?.verbs ?? []) {
        if (item.name === 'Say' || item.name === 'Play' || item.name === 'Pause') await this.play(item, greeting!.url);
      }
    } catch (error) {
      if (!(error instanceof CallerHungUp)) throw error;
      member.finish({ talkSec: 0, endedBy: 'caller', beforeBridge: true });
      this.hangupAtMs = clock.now();
      this.log('caller hung up before the bridge');
      return 'bridging-in-process';
    }
    const startMs = clock.now();
    this.log(`bridged with ${dequeue.agentCallSid}`);
    try {
      await this.wait(Number.isFinite(dequeue.agentTalkSec) ? dequeue.agentTalkSec : LOOP_FOREVER * 3600);
    } catch (error) {
      if (!(error instanceof CallerHungUp)) throw error;
      const talkSec = (clock.now() - startMs) / 1000;
      member.finish({ talkSec, endedBy: 'caller', beforeBridge: false });
      this.hangupAtMs = clock.now();
      this.log(`caller hung up after ${talkSec} s with the agent`);
      return 'bridged';
    }
    this.hangupAtMs = Infinity;
    member.finish({ talkSec: dequeue.agentTalkSec, endedBy: 'agent', beforeBridge: false });
    this.log(`agent hung up after ${dequeue.agentTalkSec} s`);
    return 'bridged';
  }

  /** Fetches the `<Queue url>` document the caller hears before the bridge (Say, Play, Pause only). */
  private async greeting(member: QueueMember, url: string, how: WebhookMethod, agentCallSid: string): Promise<{ url: string; verbs: readonly TwimlNode[] } | undefined> {
    const exchange = await this.request('document', url, how, {
      QueueSid: member.queue.sid, QueueTime: String(Math.round((this.env.clock.now() - member.enqueuedMs) / 1000)), DequeingCallSid: agentCallSid,
    });
    const reading = readDocument(exchange);
    if (reading.kind === 'error') {
      this.errors.push({ code: reading.code, message: reading.message });
      return undefined;
    }
    if (reading.kind !== 'twiml') return undefined;
    this.plan.script.heard?.({ callSid: this.sid, atSec: this.atSec, url: exchange.url, verbs: reading.verbs, body: exchange.body, role: 'greeting' });
    return { url: exchange.url, verbs: reading.verbs };
  }
}
