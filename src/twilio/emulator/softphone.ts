import type { EmulatorClock } from './emulator-clock.js';
import { speechSeconds, tonesSeconds } from './speech-time.js';
import { parseTwiml, type TwimlNode } from '../twiml-parser.js';

/** How the softphone talks to a person (or a script). */
export interface SoftphoneIO {
  print(line: string): void;
  /** Asks for input; resolves null at end of input (the caller hangs up). */
  ask(question: string): Promise<string | null>;
}

/** How the softphone reaches the server: a signed form POST to a path. */
export type SoftphonePost = (path: string, params: Record<string, string>) => Promise<{ status: number; body: string }>;

/**
 * The bot agent that takes the softphone's caller from the queue. It exists
 * only for this call: registered when the caller is picked up, removed after.
 */
export interface BotAgent {
  /** Registers the agent for `queue` (e.g. `general.in-house`: its skill and pool); returns its id. */
  answer(queue: string): Promise<string>;
  /** Removes it; harmless when it is not registered. */
  release(): Promise<void>;
}

/** Softphone settings. */
export interface SoftphoneOptions {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly accountSid: string;
  /** The CallSid of the bot agent's leg (`DequeingCallSid`). */
  readonly agentLegSid: string;
  readonly botAgent: BotAgent;
  /** Seconds of waiting before the bot agent picks up. */
  readonly agentAfterSec: number;
  /** Seconds the bot agent talks. */
  readonly talkSec: number;
  /**
   * The clock the server's times are on: holds, talk, transfers and messages
   * take their time on it, and what is reported (QueueTime, DialCallDuration,
   * RecordingDuration) is measured on it.
   */
  readonly clock: EmulatorClock;
  /** Let prompts take their speaking time too (virtual clocks); false prints them at once (a person reads them). */
  readonly timePrompts: boolean;
  /** Hanging up (Ctrl-C): the call ends as the caller's hang-up wherever it is. */
  readonly signal?: AbortSignal;
}

/** How the call ended, for the summary. */
export interface SoftphoneResult {
  readonly endedBy: 'hangup-verb' | 'caller' | 'end-of-document' | 'error';
  readonly requests: number;
  readonly error?: string;
  /** Seconds spent in queues, measured on the clock (null when never queued). */
  readonly heldSec: number | null;
}

const MAX_DOCUMENTS = 200;
/** A wait round that took no time (hold music of unknown length): Twilio would play it; this long, seconds. */
const MUSIC_ROUND_SEC = 10;
/** How long a transfer's far end talks, seconds. */
const TRANSFER_SEC = 30;

type Next = { path: string; params: Record<string, string> } | { end: SoftphoneResult['endedBy'] };

class HungUp extends Error {}

/** A `<Pause>`'s length in seconds (Twilio's default 1 when missing or malformed). */
function pauseSec(verb: TwimlNode): number {
  const sec = Number(verb.attrs.length ?? 1);
  return Number.isFinite(sec) && sec >= 0 ? sec : 1;
}

/**
 * A terminal softphone: plays TwiML the way Twilio would (Say, Play, Pause,
 * Gather with fall-through, Redirect, Enqueue with its wait URL, Dial, Record,
 * Hangup, Leave), reading keys from `io`, waiting in the queue on the server's
 * clock until its bot agent picks up.
 */
export class Softphone {
  private readonly io: SoftphoneIO;
  private readonly post: SoftphonePost;
  private readonly o: SoftphoneOptions;
  private requests = 0;
  private heldSec: number | null = null;

  constructor(io: SoftphoneIO, post: SoftphonePost, options: SoftphoneOptions) {
    this.io = io;
    this.post = post;
    this.o = options;
  }

  private params(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AccountSid: this.o.accountSid, ApiVersion: '2010-04-01', CallSid: this.o.callSid, CallStatus: 'in-progress',
      Called: this.o.to, Caller: this.o.from, Direction: 'inbound', From: this.o.from, To: this.o.to, ...extra,
    };
  }

  private async fetch(path: string, params: Record<string, string>): Promise<TwimlNode[]> {
    if (this.o.signal?.aborted) throw new HungUp();
    this.requests += 1;
    const res = await this.post(path, params);
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.body}`);
    return parseTwiml(res.body);
  }

  /** Lets `sec` pass on the server's clock; a hang-up cuts it short. */
  private async wait(sec: number): Promise<void> {
    if (!(await this.o.clock.sleep(sec, this.o.signal))) throw new HungUp();
  }

  /** Seconds since `startMs` on the clock. */
  private since(startMs: number): number {
    return (this.o.clock.now() - startMs) / 1000;
  }

  private async ask(question: string): Promise<string | null> {
    if (this.o.signal?.aborted) throw new HungUp();
    const answer = await this.io.ask(question);
    if (this.o.signal?.aborted) throw new HungUp();
    return answer;
  }

  /** Places the call and plays it to the end. */
  async run(): Promise<SoftphoneResult> {
    let endedBy: SoftphoneResult['endedBy'] = 'end-of-document';
    let error: string | undefined;
    try {
      let next: Next = { path: '/voice', params: this.params({ CallStatus: 'ringing' }) };
      for (let i = 0; i < MAX_DOCUMENTS && 'path' in next; i += 1) {
        next = await this.execute(await this.fetch(next.path, next.params));
      }
      if ('end' in next) endedBy = next.end;
    } catch (e) {
      if (e instanceof HungUp) {
        endedBy = 'caller';
        this.io.print('  (you hung up)');
      } else {
        endedBy = 'error';
        error = (e as Error).message;
        this.io.print(`!! ${error}`);
      }
    }
    await this.post('/voice/status', this.params({ CallStatus: 'completed' })).catch(() => undefined);
    const base = { endedBy, requests: this.requests, heldSec: this.heldSec };
    return error === undefined ? base : { ...base, error };
  }

  private async play(verb: TwimlNode): Promise<void> {
    let sec = 0;
    if (verb.name === 'Say') {
      this.io.print(`  [${verb.attrs.language ?? 'en-US'}] ${verb.text}`);
      sec = speechSeconds(verb.text, verb.attrs.language ?? 'en-US');
    } else if (verb.name === 'Play') {
      this.io.print(verb.attrs.digits ? `  (tones ${verb.attrs.digits})` : `  (audio ${verb.text})`);
      sec = verb.attrs.digits ? tonesSeconds(verb.attrs.digits) : 0;
    } else if (verb.name === 'Pause') {
      sec = pauseSec(verb);
      this.io.print(`  (silence ${sec} s)`);
    }
    if (this.o.timePrompts && sec > 0) await this.wait(sec);
  }

  /** Runs one document; returns the next request, or how the call ended. */
  private async execute(verbs: readonly TwimlNode[]): Promise<Next> {
    for (const verb of verbs) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          await this.play(verb);
          break;
        case 'Gather': {
          for (const child of verb.children) await this.play(child);
          const answer = await this.ask(`keys (${verb.attrs.input ?? 'dtmf'}; Enter = no input, "say …" = speech)> `);
          if (answer === null) return { end: 'caller' };
          const params = this.gatherParams(answer.trim(), verb.attrs.finishOnKey ?? '#');
          if (params) return { path: verb.attrs.action ?? '/voice', params: this.params(params) };
          this.io.print('  (no input: Twilio falls through to the next verb)');
          break;
        }
        case 'Redirect':
          return { path: verb.text, params: this.params() };
        case 'Enqueue':
          return this.queue(verb);
        case 'Dial': {
          const number = verb.children.find((c) => c.name === 'Number')?.text ?? '?';
          this.io.print(`  ☎ transferring to ${number} … (the far end talks for ${TRANSFER_SEC} s)`);
          const startMs = this.o.clock.now();
          await this.wait(TRANSFER_SEC);
          if (!verb.attrs.action) return { end: 'end-of-document' };
          return { path: verb.attrs.action, params: this.params({ DialCallStatus: 'completed', DialCallDuration: String(Math.round(this.since(startMs))) }) };
        }
        case 'Record': {
          const message = await this.ask('record a message (type it; Enter = silence)> ');
          if (message === null) return { end: 'caller' };
          const startMs = this.o.clock.now();
          if (message.trim() !== '') await this.wait(Math.max(1, Math.round(message.length / 3)));
          const durationSec = Math.round(this.since(startMs));
          const params: Record<string, string> = durationSec > 0
            ? { RecordingUrl: `https://api.twilio.com/recordings/RE${this.o.callSid.slice(2)}`, RecordingDuration: String(durationSec), Digits: '#' }
            : { RecordingDuration: '0' };
          return { path: verb.attrs.action ?? '/voice', params: this.params(params) };
        }
        case 'Hangup':
        case 'Reject':
          this.io.print('  (the hotline hangs up)');
          return { end: 'hangup-verb' };
        default:
          this.io.print(`  (verb <${verb.name}> ignored)`);
      }
    }
    return { end: 'end-of-document' };
  }

  private gatherParams(answer: string, finishOnKey: string): Record<string, string> | undefined {
    if (answer === '') return undefined;
    const speech = /^say\s+(.+)$/i.exec(answer);
    if (speech) return { SpeechResult: speech[1] as string, Confidence: '0.9' };
    const keys = finishOnKey && answer.endsWith(finishOnKey) ? answer.slice(0, -finishOnKey.length) : answer;
    return keys === '' ? undefined : { Digits: keys, FinishedOnKey: finishOnKey && answer.endsWith(finishOnKey) ? finishOnKey : '' };
  }

  /**
   * Waits in a queue: plays wait rounds until the bot agent picks up (once
   * the call has waited `agentAfterSec` on the clock, in all its queues:
   * overflow moves a caller to another queue), the caller leaves, or hangs up.
   */
  private async queue(verb: TwimlNode): Promise<Next> {
    const queue = verb.text;
    const action = verb.attrs.action;
    const waitUrl = verb.attrs.waitUrl;
    this.io.print(`  … waiting in queue ${queue}`);
    const startMs = this.o.clock.now();
    const heldBefore = this.heldSec ?? 0;
    const held = () => this.since(startMs);
    const queueTime = () => String(Math.round(held()));
    const remaining = () => this.o.agentAfterSec - heldBefore - held();
    try {
      while (remaining() > 0) {
        const roundStartMs = this.o.clock.now();
        if (waitUrl) {
          const left = await this.waitRound(waitUrl, remaining, queueTime);
          if (left === 'hangup') return { end: 'caller' };
          if (left) {
            this.io.print(`  (left the queue after ${held().toFixed(1)} s)`);
            return { path: action ?? '/voice', params: this.params({ QueueResult: 'leave', QueueTime: queueTime() }) };
          }
        }
        // Twilio plays something in every round (music without a waitUrl): a round that took no time would only spin.
        if (this.since(roundStartMs) < 1 && remaining() > 0) await this.wait(Math.min(MUSIC_ROUND_SEC, remaining()));
      }
    } finally {
      this.heldSec = heldBefore + held();
    }
    const pickedUp = queueTime();
    const agentId = await this.o.botAgent.answer(queue);
    let greeting: TwimlNode[];
    try {
      greeting = await this.fetch(`/agent/connect?agent=${encodeURIComponent(agentId)}`, this.params({ QueueTime: pickedUp, DequeingCallSid: this.o.agentLegSid }));
    } finally {
      // The call record keeps the agent's id; the agent itself was only for this pick-up.
      await this.o.botAgent.release();
    }
    this.io.print(`  (picked up after ${pickedUp} s in this queue, ${Math.round(this.heldSec ?? 0)} s in all)`);
    for (const item of greeting) await this.play(item);
    this.io.print(`  (bot agent ${agentId}: 请问有什么可以帮您？… the agent talks for ${this.o.talkSec} s and hangs up)`);
    await this.wait(this.o.talkSec);
    if (!action) return { end: 'end-of-document' };
    return { path: action, params: this.params({ QueueResult: 'bridged', QueueTime: pickedUp }) };
  }

  /** One wait-URL round (and the offers it makes); true when it told the caller to leave, 'hangup' at end of input. */
  private async waitRound(waitUrl: string, remaining: () => number, queueTime: () => string): Promise<boolean | 'hangup'> {
    let round = await this.fetch(waitUrl, this.params({ QueuePosition: '1', QueueTime: queueTime(), CurrentQueueSize: '1', AvgQueueTime: queueTime(), MaxQueueSize: '100' }));
    for (let hops = 0; hops < 5; hops += 1) {
      let follow: TwimlNode[] | undefined;
      for (const item of round) {
        if (item.name === 'Leave') return true;
        if (item.name === 'Pause') {
          const sec = Math.min(pauseSec(item), remaining());
          if (sec <= 0) return false;
          this.io.print(`  (hold ${sec.toFixed(0)} s)`);
          await this.wait(sec);
        } else if (item.name === 'Gather') {
          for (const child of item.children) await this.play(child);
          const answer = await this.ask('keys (Enter = keep waiting)> ');
          if (answer === null) return 'hangup';
          if (answer.trim() !== '') { follow = await this.fetch(item.attrs.action ?? waitUrl, this.params({ Digits: answer.trim() })); break; }
        } else if (item.name === 'Redirect') {
          return false;
        } else await this.play(item);
      }
      if (!follow) return false;
      round = follow;
    }
    return false;
  }
}
