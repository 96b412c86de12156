import type { FlowDefinition } from '../../flow/flow-definition.js';
import { xstateEngine } from '../../flow/runtime/xstate-engine.js';
import type { FlowEngine, LookupResolver } from '../../flow/runtime/flow-call.js';
import { CompiledCallEngine } from '../../flow/runtime/compiled-engine.js';
import type { CallRecord } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { StepRenderCache } from '../../twilio/step-render-cache.js';
import type { VoiceMap } from '../../twilio/twiml-renderer.js';
import { CallProgression, turnUrls } from './call-progression.js';
import { CallRecords, type CallEndedListener } from './call-records.js';
import { CallEnded, CallSessions } from './call-sessions.js';
import { FixedDocuments } from './fixed-documents.js';
import { QueueWaiting } from './queue-waiting.js';
import type { RoutingConfig } from './routing.js';
import { gatherEvent, recordEvent, transferEvent, type TwilioParams } from './webhook-events.js';

/** What the call service needs; all of it injected so tests control time and storage. */
export interface CallServiceOptions {
  readonly flow: FlowDefinition;
  readonly store: CallStore;
  readonly routing: RoutingConfig;
  readonly lookups: LookupResolver;
  readonly voices: VoiceMap;
  /** Milliseconds since the Unix epoch. */
  readonly clock: () => number;
  /** Salt for caller-number hashes. */
  readonly salt: string;
  /** Numbers to dial for a flow's transfer targets, e.g. { '119': '+86531119' }; unmapped targets are dialled as written. */
  readonly transferNumbers: Readonly<Record<string, string>>;
  /** Told each call's final record and journey (the recordings' metadata is written from them). Failures are logged, never answered to Twilio. */
  readonly onCallEnded?: CallEndedListener;
  /** Told each final record as soon as it is written, synchronously (the live feed); must not throw. */
  readonly onFinalRecord?: (record: CallRecord) => void;
  /** Seconds after an abandoned call within which the caller's next call is a redial (`attempt`). Default one day. */
  readonly redialWindowSec?: number;
  /** Told when a caller's talk with an agent ended (the agent's wrap-up starts): see QueueWaitingOptions. */
  readonly onTalkEnded?: (agentId: string, callSid: string) => Promise<void>;
  /** Where Twilio streams the caller's audio (wss://…/media); when given, the document that reaches the flow's `recordFrom` state starts the stream. */
  readonly streamUrl?: () => string;
  /**
   * What runs each call's flow between webhooks. Default: the flow's compiled
   * form when it mimics the XState machine exactly (CompiledCallEngine), else
   * an XState actor per webhook.
   */
  readonly engine?: FlowEngine;
}

/**
 * The live call logic behind the Twilio webhooks, one method per webhook,
 * over four services by job: the webhook's form becomes a call event
 * (webhook-events.ts), the flow advances and the step is rendered
 * (CallProgression), the caller waits in a queue (QueueWaiting), the call
 * closes with its final record (CallRecords). Routes stay thin: they parse
 * and call this inside `serialized`.
 */
export class CallService {
  private readonly sessions: CallSessions;
  private readonly fixed: FixedDocuments;
  private readonly progression: CallProgression;
  private readonly queue: QueueWaiting;
  private readonly records: CallRecords;

  constructor(options: CallServiceOptions) {
    const engine = options.engine ?? CompiledCallEngine.for(options.flow) ?? xstateEngine(options.flow);
    const documents = new StepRenderCache(turnUrls, options.voices);
    this.fixed = new FixedDocuments(options.voices);
    this.sessions = new CallSessions({ flow: options.flow, store: options.store, engine, clock: options.clock });
    this.records = new CallRecords({
      sessions: this.sessions,
      ...(options.onCallEnded ? { onCallEnded: options.onCallEnded } : {}),
      ...(options.onFinalRecord ? { onFinalRecord: options.onFinalRecord } : {}),
    });
    this.progression = new CallProgression({
      sessions: this.sessions,
      documents,
      fixed: this.fixed,
      routing: options.routing,
      lookups: options.lookups,
      salt: options.salt,
      transferNumbers: options.transferNumbers,
      ...(options.redialWindowSec === undefined ? {} : { redialWindowSec: options.redialWindowSec }),
      ...(options.streamUrl ? { streamUrl: options.streamUrl } : {}),
    });
    this.queue = new QueueWaiting({
      sessions: this.sessions,
      progression: this.progression,
      records: this.records,
      documents,
      fixed: this.fixed,
      routing: options.routing,
      ...(options.onTalkEnded ? { onTalkEnded: options.onTalkEnded } : {}),
    });
  }

  /**
   * Runs one webhook of a call: one at a time per CallSid, so concurrent
   * webhooks of a call never overwrite each other's changes. A webhook for a
   * call that has already ended gets an empty document.
   */
  serialized<T extends string>(callSid: string, work: () => Promise<T>): Promise<T | string> {
    return this.sessions.exclusive(callSid, async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof CallEnded) return this.fixed.empty;
        throw error;
      }
    });
  }

  /** POST /voice: a new inbound call (or Twilio retrying the first request). A replay for a finished call gets an empty document. */
  incoming(params: TwilioParams, callSid: string): Promise<string> {
    return this.progression.incoming(params, callSid);
  }

  /** POST /callback/answer: the citizen answered a callback the hotline placed. */
  callbackAnswered(callbackId: string, params: TwilioParams, callSid: string): Promise<string> {
    return this.progression.callbackAnswered(callbackId, params, callSid);
  }

  /** A Gather action: keys or speech. */
  gathered(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    return this.progression.apply(callSid, turn, gatherEvent(params), 'POST /voice/gather');
  }

  /** The Redirect after a Gather: Twilio fell through with no input. */
  noInput(callSid: string, turn: number): Promise<string> {
    return this.progression.apply(callSid, turn, { type: 'NO_INPUT' }, 'POST /voice/no-input');
  }

  /** A Dial action after a transfer. */
  transferred(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    return this.progression.apply(callSid, turn, transferEvent(params), 'POST /voice/transfer-result');
  }

  /** A Record action. */
  recorded(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    return this.progression.apply(callSid, turn, recordEvent(params), 'POST /voice/record-result');
  }

  /** The Enqueue action: the caller left the queue (agent finished, left, hung up, or the queue failed). */
  queueResult(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    return this.queue.queueResult(callSid, turn, params);
  }

  /** The Enqueue wait URL: announcements, callback offer, overflow. Twilio fetches it again each time it runs out. */
  waitRound(callSid: string, params: TwilioParams): Promise<string> {
    return this.queue.waitRound(callSid, params);
  }

  /** The Gather action inside the wait URL: the callback offer's answer. */
  offerAnswered(callSid: string, params: TwilioParams): Promise<string> {
    return this.queue.offerAnswered(callSid, params);
  }

  /** The `<Queue url>` of the agent's Dial: an agent is taking this caller. Returns what the caller hears first. */
  agentConnected(
    callSid: string,
    agentId: string,
    poolOfAgent: CallRecord['pool'],
    groupOfAgent: string | null = null,
  ): Promise<string> {
    return this.progression.agentConnected(callSid, agentId, poolOfAgent, groupOfAgent);
  }

  /** Status callback: closes the call and writes its final record. Idempotent. */
  status(callSid: string, params: TwilioParams): Promise<'closed' | 'ignored' | 'unknown'> {
    return this.records.status(callSid, params);
  }

  /** Closes calls still open past Twilio's 4-hour limit (see CallRecords.closeStale); returns their CallSids. */
  closeStale(nowSec: number): Promise<string[]> {
    return this.records.closeStale(nowSec);
  }
}
