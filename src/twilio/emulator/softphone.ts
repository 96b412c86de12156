import type { TwimlNode } from '../twiml-parser.js';
import { BotPickUp, type BotAgent } from './bot-pick-up.js';
import type {
  CallerScript,
  CallerTurn,
  DialWorld,
  DocumentHeard,
  GatherHeard,
  PlayedHeard,
  RecordTurn,
  WaitHeard,
} from './caller-script.js';
import type { CallEnd, EmulatedCallResult } from './emulated-call.js';
import type { EmulatorClock } from './emulator-clock.js';
import { speechSeconds } from './speech-time.js';
import type { TwilioEmulator } from './twilio-emulator.js';

/** How the softphone talks to a person (or a script). */
export interface SoftphoneIO {
  print(line: string): void;
  /** Asks for input; resolves null at end of input (the caller hangs up). */
  ask(question: string): Promise<string | null>;
}

/** Softphone settings. */
export interface SoftphoneOptions {
  /** The emulator the call runs on (its clock is the server's: see `clock`). */
  readonly emulator: TwilioEmulator;
  /**
   * The clock the server's times are on (the emulator's): prompts, holds, talk, transfers and messages take their
   * time on it, and what is reported (QueueTime, DialCallDuration, RecordingDuration) is measured on it.
   */
  readonly clock: EmulatorClock;
  /** The server as the emulator reaches it: the call goes to `/voice`, the bot agent's leg to `/agent/voice`. */
  readonly baseUrl: string;
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  /** The CallSid of the bot agent's leg (`DequeingCallSid`). */
  readonly agentLegSid: string;
  readonly botAgent: BotAgent;
  /** Seconds of waiting, in all queues, before the bot agent picks up. */
  readonly agentAfterSec: number;
  /** Seconds the bot agent talks. */
  readonly talkSec: number;
  /** Hanging up (Ctrl-C): the call ends as the caller's hang-up wherever it is. */
  readonly signal?: AbortSignal;
  /**
   * Prompts (`<Say>`) take no time: on a real clock the person reads them as they print, faster than they are
   * spoken; pauses, holds, gather timeouts and talk still take theirs. On a virtual clock leave it off (it costs
   * nothing, and the times match a real call's).
   */
  readonly readsPrompts?: boolean;
}

/** How the call ended, for the summary. */
export interface SoftphoneResult {
  readonly endedBy: CallEnd;
  /** Documents the caller's call requested (TwiML, wait-URL rounds, the greeting; not status callbacks or audio). */
  readonly requests: number;
  /** Errors of the call (webhook failures, a pick-up that failed), with the server's base URL left out. */
  readonly errors: readonly string[];
  /**
   * True when the call failed: it ended on an error, the pick-up failed, or a document it requested failed (a wait
   * URL, the greeting). The softphone gives no fallback URL, so none of these errors was recovered from.
   */
  readonly failed: boolean;
  /** Seconds spent in queues, measured on the clock (null when never queued). */
  readonly heldSec: number | null;
}

/** How long a transfer's far end talks, seconds. */
const TRANSFER_SEC = 30;

/** The softphone's transfers (`<Dial><Number>`): answered at once, the far end talks 30 s. */
export const SOFTPHONE_WORLD: DialWorld = () => ({ status: 'completed', ringSec: 0, talkSec: TRANSFER_SEC });

/** Seconds after the prompts that the keys or words begin. */
const ANSWER_GAP_SEC = 0.5;
/** Seconds between keys typed together. */
const KEY_GAP_SEC = 0.2;

/**
 * A terminal softphone: an interactive caller on the emulator, which runs the
 * TwiML with Twilio's semantics. It prints what the caller hears (prompts with
 * their language, tones, audio, silences and holds, queue events), asks the
 * person at gathers and recordings (their thinking never counts against a
 * gather's timeout, and takes no time on a virtual clock), and waits in the
 * queue on the server's clock until its bot agent picks up (`BotPickUp`).
 */
export class Softphone implements CallerScript {
  private readonly io: SoftphoneIO;
  private readonly o: SoftphoneOptions;
  private readonly failed = new AbortController();
  private readonly hangUp: AbortSignal;
  private readonly pickUp: BotPickUp;
  private readonly failures: string[] = [];

  constructor(io: SoftphoneIO, options: SoftphoneOptions) {
    this.io = io;
    this.o = options;
    this.hangUp = options.signal ? AbortSignal.any([options.signal, this.failed.signal]) : this.failed.signal;
    this.pickUp = new BotPickUp({
      emulator: options.emulator,
      clock: options.clock,
      botAgent: options.botAgent,
      agentLineUrl: `${options.baseUrl}/agent/voice`,
      to: options.to,
      agentAfterSec: options.agentAfterSec,
      talkSec: options.talkSec,
      agentLegSid: options.agentLegSid,
      signal: this.hangUp,
      onFailure: (error) => {
        this.failures.push(error.message);
        this.failed.abort();
      },
    });
  }

  /** Places the call and plays it to the end. */
  async run(): Promise<SoftphoneResult> {
    const base = this.o.baseUrl;
    let result: EmulatedCallResult;
    try {
      result = await this.o.emulator.placeCall(
        {
          url: `${base}/voice`,
          from: this.o.from,
          to: this.o.to,
          script: this,
          statusCallback: `${base}/voice/status`,
          hangUp: this.hangUp,
          readsSpeech: this.o.readsPrompts ?? false,
        },
        this.o.callSid,
      );
    } finally {
      // A bot agent that cannot be removed is reported by the caller of `run`, which removes it once more.
      await this.pickUp.finish().catch(() => undefined);
    }
    if (result.endedBy === 'caller') {
      this.io.print(this.failed.signal.aborted ? '  (hung up: the pick-up failed)' : '  (you hung up)');
    }
    if (result.endedBy === 'hangup-verb' || result.endedBy === 'reject') this.io.print('  (the hotline hangs up)');
    const errors = [...result.errors.map((e) => this.explain(e.message, result)), ...this.failures];
    for (const error of errors) this.io.print(`!! ${error}`);
    return {
      endedBy: result.endedBy,
      requests: result.exchanges.filter((e) => e.kind === 'document').length,
      errors,
      failed: result.endedBy === 'error' || errors.length > 0,
      heldSec: this.pickUp.heldSec,
    };
  }

  heard(document: DocumentHeard): void {
    if (document.role === 'call') this.leftQueue();
    if (document.role !== 'greeting') return;
    this.pickUp.pickedUp();
    const pick = this.pickUp.pickUp;
    if (pick) {
      const queueSec = Math.round(pick.queueSec);
      this.io.print(`  (picked up after ${queueSec} s in this queue, ${Math.round(pick.totalSec)} s in all)`);
    }
    for (const verb of document.verbs) this.describe(verb);
    const agent = pick ? `bot agent ${pick.agentId}` : 'bot agent';
    this.io.print(`  (${agent}: 请问有什么可以帮您？… the agent talks for ${this.o.talkSec} s and hangs up)`);
  }

  played(sound: PlayedHeard): void {
    if (sound.place === 'greeting') return;
    if (sound.place === 'call') this.leftQueue();
    if (sound.verb === 'Say') this.io.print(`  [${sound.language ?? 'en-US'}] ${sound.text}`);
    // A Play's text is its resolved URL, or the digits of tones (no colon in them).
    else if (sound.verb === 'Play') this.io.print(`  (${sound.text.includes(':') ? 'audio' : 'tones'} ${sound.text})`);
    else if (sound.place === 'queue') this.io.print(`  (hold ${sound.durationSec.toFixed(0)} s)`);
    else this.io.print(`  (silence ${sound.durationSec} s)`);
  }

  async gather(gather: GatherHeard): Promise<CallerTurn> {
    if (gather.place === 'call') this.leftQueue();
    for (const prompt of gather.verb.children) this.describe(prompt, gather.place === 'queue');
    const question =
      gather.place === 'queue'
        ? 'keys (Enter = keep waiting)> '
        : `keys (${gather.verb.attrs.input ?? 'dtmf'}; Enter = no input, "say …" = speech)> `;
    const answer = await this.ask(question);
    // Times count from the gather's opening, and the emulator never lets the time the person took run the gather's
    // timeout (see gatherVerb): hanging up is at once, keys and words follow the prompts, on any clock.
    if (answer === null) return { actions: [], hangupAfterSec: 0 };
    const text = answer.trim();
    const atSec = gather.promptSec + ANSWER_GAP_SEC;
    const speech = /^say\s+(.+)$/i.exec(text);
    if (speech) {
      const words = speech[1]!;
      const endSec = atSec + speechSeconds(words, gather.verb.attrs.language ?? 'en-US');
      return { actions: [{ kind: 'speech', startSec: atSec, endSec, text: words, confidence: 0.9 }] };
    }
    const keys = [...text].filter((c) => /[0-9*#]/.test(c));
    if (keys.length === 0 && gather.place === 'call') {
      const anyway = gather.verb.attrs.actionOnEmptyResult === 'true';
      this.io.print(`  (no input: Twilio ${anyway ? 'sends the action anyway' : 'falls through to the next verb'})`);
    }
    return { actions: keys.map((digit, i) => ({ kind: 'key' as const, digit, atSec: atSec + i * KEY_GAP_SEC })) };
  }

  async record(): Promise<RecordTurn> {
    this.leftQueue();
    const message = await this.ask('record a message (type it; Enter = silence)> ');
    if (message === null) return { messageSec: 0, end: 'hangup' };
    if (message.trim() === '') return { messageSec: 0, end: 'silence' };
    return { messageSec: Math.max(1, Math.round(message.length / 3)), end: 'key', key: '#' };
  }

  queuePatienceSec(wait: WaitHeard): number {
    this.io.print(`  … waiting in queue ${wait.target}`);
    this.pickUp.join(wait.target);
    return Infinity;
  }

  dialPatienceSec(wait: WaitHeard): number {
    this.leftQueue();
    this.io.print(`  ☎ transferring to ${wait.target} … (the far end talks for ${TRANSFER_SEC} s)`);
    return Infinity;
  }

  hungUp(): boolean {
    return this.hangUp.aborted;
  }

  /** An error of the call without the server's base URL, with what the server answered (its error code, say). */
  private explain(message: string, result: EmulatedCallResult): string {
    const body = result.exchanges.find((e) => e.error?.message === message)?.body.trim() ?? '';
    const text = message.replaceAll(this.o.baseUrl, '');
    return body === '' ? text : `${text}: ${body.slice(0, 200)}`;
  }

  private async ask(question: string): Promise<string | null> {
    if (this.hangUp.aborted) return null;
    const answer = await this.io.ask(question);
    return this.hangUp.aborted ? null : answer;
  }

  /** Anything the caller hears in the call (not on hold) means it left the queue it waited in. */
  private leftQueue(): void {
    if (!this.pickUp.inQueue) return;
    this.io.print(`  (left the queue after ${this.pickUp.leave().toFixed(1)} s)`);
  }

  /** Prints a `<Say>`, `<Play>` or `<Pause>` of a document (a gather's prompts, the pick-up greeting). */
  private describe(verb: TwimlNode, onHold = false): void {
    if (verb.name === 'Say') this.io.print(`  [${verb.attrs.language ?? 'en-US'}] ${verb.text}`);
    else if (verb.name === 'Play') {
      this.io.print(verb.attrs.digits ? `  (tones ${verb.attrs.digits})` : `  (audio ${verb.text})`);
    } else if (verb.name === 'Pause') this.io.print(`  (${onHold ? 'hold' : 'silence'} ${verb.attrs.length ?? 1} s)`);
  }
}
