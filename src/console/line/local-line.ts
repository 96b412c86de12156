import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { injectTransport } from '../../server/inject-transport.js';
import type { HotlineServices } from '../../server/app.js';
import { RealClock, type EmulatorClock } from '../../twilio/emulator/emulator-clock.js';
import type { EmulatedCallResult } from '../../twilio/emulator/emulated-call.js';
import type { HttpTransport } from '../../twilio/emulator/http-transport.js';
import { SOFTPHONE_WORLD } from '../../twilio/emulator/softphone.js';
import { TwilioEmulator } from '../../twilio/emulator/twilio-emulator.js';
import type { WebhookExchange } from '../../twilio/emulator/webhook-client.js';
import { AgentLegScript, type AgentLegCommand } from './agent-leg-script.js';
import { InteractiveCaller } from './interactive-caller.js';
import { LocalCall } from './local-call.js';

/** The hotline number the local line's calls are placed to (their To). */
export const LOCAL_HOTLINE_NUMBER = '+8653112345';
/** Twilio ends a call after 4 hours (its default time limit). */
const TWILIO_TIME_LIMIT_SEC = 14_400;

/** Where a local line's calls go: the server, how requests reach it, how they are signed, and its clock. */
export interface LocalLineOptions {
  /** The server's base URL as its signatures see it (no trailing slash): the webhooks' URLs start with it. */
  readonly baseUrl: string;
  /** The Auth Token the server checks signatures with. */
  readonly authToken: string;
  /** How requests reach the server: `injectTransport(app)` in-process; default: HTTP to `baseUrl`. */
  readonly transport?: HttpTransport;
  /** The server's clock (ms since the epoch), read as the emulator's; waits take real time. */
  readonly nowMs: () => number;
  /** Called when the line is closed (an in-process server it owns). */
  readonly onClose?: () => Promise<void>;
}

/** How a caller's call is placed. */
export interface CallerCallOptions {
  /** The caller's number (E.164). */
  readonly from: string;
  /** Seconds after which the call is ended, like Twilio's TimeLimit (default and cap 14,400). */
  readonly timeLimitSec?: number;
  /** Prompts take no time (the person reads the captions); pauses, holds and talk still take theirs. Default false. */
  readonly readsPrompts?: boolean;
}

/** How an agent's phone joins the agent line. */
export interface AgentLegOptions {
  /** The agent's number; keyed in when the line does not know the phone. */
  readonly agentId: string;
  /** The phone the leg calls from (the agent's registered phone: the line recognises the agent by it). */
  readonly phone: string;
  /** The PIN, keyed in when the line asks for it (agents with a PIN are asked on every call). */
  readonly pin?: string;
  /**
   * True when the agent signed in already with number and PIN (the console's agent desktop, local mode only): the leg
   * joins the line at /agent/next, where a PIN keyed on the phone would lead; no PIN is kept. Default false.
   */
  readonly signedIn?: boolean;
}

/** An agent's phone on the agent line: stays on it, taking callers, until `hangUp`. */
export interface LocalAgentLeg {
  readonly callSid: string;
  readonly agentId: string;
  /** At the after-call (or away) menu: `next` keys 1 (ready for the next caller), `away` keys 2, `hangup` leaves. */
  command(command: AgentLegCommand): void;
  /** Hangs up on the caller the agent talks with; the agent stays on the line (the after-call menu follows). */
  endCall(): void;
  /** True while the phone waits at the after-call or away menu for a `command`. */
  readonly atMenu: boolean;
  /** Leaves the agent line wherever the leg is. */
  hangUp(): void;
  /** Resolves when the leg ended. */
  readonly done: Promise<EmulatedCallResult>;
}

/**
 * A local Twilio for one server: ONE emulator (its queues are where callers and agents meet, so every call of a
 * server must go through the same line), signing like Twilio with the server's Auth Token, on the server's clock
 * (waits take real time). It places callers' calls that a page drives gather by gather (`placeCall`), and agents'
 * legs to the agent line that stay on until told to leave (`placeAgentLeg`).
 *
 * @example
 * const line = localLine(app); // the console server's own line, shared by every view
 * const call = line.placeCall({ from: '+8613800138000' });
 * call.subscribe((event) => send(event));
 * call.input({ kind: 'keys', digits: '1' });
 * const leg = line.placeAgentLeg({ agentId: '1001', phone: '+8613900000001', pin: '2468' });
 */
export class LocalLine {
  readonly emulator: TwilioEmulator;
  readonly clock: EmulatorClock;
  readonly baseUrl: string;
  private readonly o: LocalLineOptions;
  private readonly calls = new Map<string, LocalCall>();
  private readonly legs = new Map<string, LocalAgentLeg>();
  private closed = false;

  constructor(options: LocalLineOptions) {
    this.o = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = new RealClock(options.nowMs(), 1, options.nowMs);
    this.emulator = new TwilioEmulator({
      authToken: options.authToken,
      clock: this.clock,
      world: SOFTPHONE_WORLD,
      seed: randomBytes(8).toString('hex'),
      onExchange: (exchange) => this.route(exchange),
      ...(options.transport ? { transport: options.transport } : {}),
    });
  }

  /** Callers' calls not yet ended. */
  get liveCalls(): number {
    return [...this.calls.values()].filter((c) => c.live).length;
  }

  /** A caller's call by CallSid (ended ones too, until `forget`). */
  call(callSid: string): LocalCall | undefined {
    return this.calls.get(callSid);
  }

  /** Forgets an ended call. */
  forget(callSid: string): void {
    if (!this.calls.get(callSid)?.live) this.calls.delete(callSid);
  }

  /** Places a caller's call to the server's `/voice`; the page answers each gather with `call.input`. */
  placeCall(options: CallerCallOptions): LocalCall {
    const callSid = this.emulator.nextCallSid();
    const hangUp = new AbortController();
    let call!: LocalCall;
    const caller = new InteractiveCaller(this.clock, hangUp, (event) => call.emit(event));
    call = new LocalCall({
      callSid,
      startMs: this.clock.now(),
      caller,
      base: this.baseUrl,
      nowSec: () => this.clock.now() / 1000,
      run: () =>
        this.emulator.placeCall(
          {
            url: `${this.baseUrl}/voice`,
            from: options.from,
            to: LOCAL_HOTLINE_NUMBER,
            script: caller,
            statusCallback: `${this.baseUrl}/voice/status`,
            hangUp: hangUp.signal,
            readsSpeech: options.readsPrompts ?? false,
            timeLimitSec: Math.min(options.timeLimitSec ?? TWILIO_TIME_LIMIT_SEC, TWILIO_TIME_LIMIT_SEC),
          },
          callSid,
        ),
    });
    this.calls.set(callSid, call);
    if (this.closed) call.hangUp();
    return call;
  }

  /** Places an agent's leg from `phone` to the server's agent line (`/agent/voice`). */
  placeAgentLeg(options: AgentLegOptions): LocalAgentLeg {
    const callSid = this.emulator.nextCallSid();
    const script = new AgentLegScript(options.agentId, options.pin);
    const done = this.emulator
      .placeCall(
        {
          url: options.signedIn
            ? `${this.baseUrl}/agent/next?agent=${encodeURIComponent(options.agentId)}`
            : `${this.baseUrl}/agent/voice`,
          from: options.phone,
          to: LOCAL_HOTLINE_NUMBER,
          script,
          hangUp: script.signal,
        },
        callSid,
      )
      .finally(() => this.legs.delete(callSid));
    const leg: LocalAgentLeg = {
      callSid,
      agentId: options.agentId,
      command: (command) => script.command(command),
      endCall: () => script.endCall(),
      hangUp: () => script.command('hangup'),
      get atMenu() {
        return script.atMenu;
      },
      done,
    };
    this.legs.set(callSid, leg);
    if (this.closed) leg.hangUp();
    return leg;
  }

  /** Hangs up every call and leg, waits for them to end, and closes what the line owns. */
  async close(): Promise<void> {
    this.closed = true;
    for (const call of this.calls.values()) call.hangUp();
    for (const leg of this.legs.values()) leg.hangUp();
    await Promise.allSettled([
      ...[...this.calls.values()].map((c) => c.done),
      ...[...this.legs.values()].map((l) => l.done),
    ]);
    await this.o.onClose?.();
  }

  private route(exchange: WebhookExchange): void {
    this.calls.get(exchange.params.CallSid ?? '')?.exchange(exchange);
  }
}

/** The line of each server, by its services (the same object in every plugin scope of the app). */
const LINES = new WeakMap<HotlineServices, LocalLine>();

/**
 * The server's own local line, made on first use and shared by every view of the console (the softphone's callers
 * and the agent desktop's agents meet in its queues): requests go to the app in-process (`inject`), signed with the
 * server's Auth Token against its public URL (or http://localhost in local mode), on the server's clock. A plugin
 * that uses it registers `closeLocalLine` on close.
 */
export function localLine(app: FastifyInstance): LocalLine {
  const services = app.hotline;
  let line = LINES.get(services);
  if (!line) {
    const signing = services.webhookSigning;
    line = new LocalLine({
      baseUrl: signing.publicUrl ?? 'http://localhost',
      authToken: signing.authToken,
      transport: injectTransport(app),
      nowMs: () => services.nowSec() * 1000,
    });
    LINES.set(services, line);
  }
  return line;
}

/** Hangs up the server's local line, if it was made (idempotent): for an `onClose` (or `preClose`) hook. */
export async function closeLocalLine(app: FastifyInstance): Promise<void> {
  const line = LINES.get(app.hotline);
  if (!line) return;
  LINES.delete(app.hotline);
  await line.close();
}
