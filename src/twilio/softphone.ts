import { parseTwiml, type TwimlNode } from './twiml-parser.js';

/** How the softphone talks to a person (or a script). */
export interface SoftphoneIO {
  print(line: string): void;
  /** Asks for input; resolves null at end of input (the caller hangs up). */
  ask(question: string): Promise<string | null>;
}

/** How the softphone reaches the server: a signed form POST to a path. */
export type SoftphonePost = (path: string, params: Record<string, string>) => Promise<{ status: number; body: string }>;

/** Softphone settings. */
export interface SoftphoneOptions {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly accountSid: string;
  /** Registered agent id of the bot agent that picks callers from the queue. */
  readonly botAgentId: string;
  /** Seconds of waiting before the bot agent picks up. */
  readonly agentAfterSec: number;
  /** Seconds the bot agent talks. */
  readonly talkSec: number;
  /** Moves the server's clock forward (in-process runs use a virtual clock); a no-op against a real server. */
  readonly advance: (sec: number) => void;
}

/** How the call ended, for the summary. */
export interface SoftphoneResult {
  readonly endedBy: 'hangup-verb' | 'caller' | 'end-of-document' | 'error';
  readonly requests: number;
  readonly error?: string;
}

const MAX_DOCUMENTS = 200;

type Next = { path: string; params: Record<string, string> } | { end: SoftphoneResult['endedBy'] };

/**
 * A terminal softphone: plays TwiML the way Twilio would (Say, Play, Pause,
 * Gather with fall-through, Redirect, Enqueue with its wait URL, Dial, Record,
 * Hangup, Leave), reading keys from `io`, simulating the queue and a bot agent.
 */
export class Softphone {
  private readonly io: SoftphoneIO;
  private readonly post: SoftphonePost;
  private readonly o: SoftphoneOptions;
  private requests = 0;

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
    this.requests += 1;
    const res = await this.post(path, params);
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.body}`);
    return parseTwiml(res.body);
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
      endedBy = 'error';
      error = (e as Error).message;
      this.io.print(`!! ${error}`);
    }
    await this.post('/voice/status', this.params({ CallStatus: 'completed' })).catch(() => undefined);
    return error === undefined ? { endedBy, requests: this.requests } : { endedBy, requests: this.requests, error };
  }

  private play(verb: TwimlNode): void {
    if (verb.name === 'Say') {
      this.io.print(`  [${verb.attrs.language ?? 'en-US'}] ${verb.text}`);
      this.o.advance(Math.max(1, Math.round(verb.text.length / 4)));
    } else if (verb.name === 'Play') {
      this.io.print(verb.attrs.digits ? `  (tones ${verb.attrs.digits})` : `  (audio ${verb.text})`);
    } else if (verb.name === 'Pause') {
      const sec = Number(verb.attrs.length ?? 1);
      this.io.print(`  (silence ${sec} s)`);
      this.o.advance(sec);
    }
  }

  /** Runs one document; returns the next request, or how the call ended. */
  private async execute(verbs: readonly TwimlNode[]): Promise<Next> {
    for (const verb of verbs) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          this.play(verb);
          break;
        case 'Gather': {
          for (const child of verb.children) this.play(child);
          const answer = await this.io.ask(`keys (${verb.attrs.input ?? 'dtmf'}; Enter = no input, "say …" = speech)> `);
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
          this.io.print(`  ☎ transferring to ${number} … (the transfer completes)`);
          this.o.advance(30);
          if (!verb.attrs.action) return { end: 'end-of-document' };
          return { path: verb.attrs.action, params: this.params({ DialCallStatus: 'completed', DialCallDuration: '30' }) };
        }
        case 'Record': {
          const message = await this.io.ask('record a message (type it; Enter = silence)> ');
          if (message === null) return { end: 'caller' };
          const durationSec = message.trim() === '' ? 0 : Math.max(1, Math.round(message.length / 3));
          this.o.advance(durationSec);
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

  /** Waits in a queue: plays wait rounds until the bot agent picks up, the caller leaves, or hangs up. */
  private async queue(verb: TwimlNode): Promise<Next> {
    const queue = verb.text;
    const action = verb.attrs.action;
    const waitUrl = verb.attrs.waitUrl;
    this.io.print(`  … waiting in queue ${queue}`);
    let waited = 0;
    while (waited < this.o.agentAfterSec) {
      if (!waitUrl) break;
      let round = await this.fetch(waitUrl, this.params({ QueuePosition: '1', QueueTime: String(waited), CurrentQueueSize: '1', AvgQueueTime: String(waited), MaxQueueSize: '100' }));
      let left = false;
      for (let hops = 0; hops < 5 && !left; hops += 1) {
        let follow: TwimlNode[] | undefined;
        for (const item of round) {
          if (item.name === 'Leave') { left = true; break; }
          if (item.name === 'Pause') {
            const sec = Math.min(Number(item.attrs.length ?? 1), this.o.agentAfterSec - waited);
            this.io.print(`  (hold ${sec} s)`);
            this.o.advance(sec);
            waited += sec;
          } else if (item.name === 'Gather') {
            for (const child of item.children) this.play(child);
            const answer = await this.io.ask('keys (Enter = keep waiting)> ');
            if (answer === null) return { end: 'caller' };
            if (answer.trim() !== '') { follow = await this.fetch(item.attrs.action ?? waitUrl, this.params({ Digits: answer.trim() })); break; }
          } else if (item.name === 'Redirect') {
            break;
          } else this.play(item);
        }
        if (!follow) break;
        round = follow;
      }
      if (left) {
        this.io.print('  (left the queue)');
        return { path: action ?? '/voice', params: this.params({ QueueResult: 'leave', QueueTime: String(waited) }) };
      }
    }
    const agentId = encodeURIComponent(this.o.botAgentId);
    const greeting = await this.fetch(`/agent/connect?agent=${agentId}`, this.params({ QueueTime: String(waited), DequeingCallSid: `CA${'b'.repeat(32)}` }));
    for (const item of greeting) this.play(item);
    this.io.print(`  (bot agent ${this.o.botAgentId}: 请问有什么可以帮您？… the agent talks for ${this.o.talkSec} s and hangs up)`);
    this.o.advance(this.o.talkSec);
    if (!action) return { end: 'end-of-document' };
    return { path: action, params: this.params({ QueueResult: 'bridged', QueueTime: String(waited) }) };
  }
}
