import { randomUUID } from 'node:crypto';
import { HotlineError } from '../../errors.js';
import type { CallEvent, QueueFailure } from '../../flow/call-event.js';
import { recordFromStates, type FlowDefinition } from '../../flow/flow-definition.js';
import { FlowCall, resolvePrompt, xstateEngine, type CallEngine, type LookupResolver, type ResolvedPrompt, type ResolvedStep } from '../../flow/runtime/flow-runtime.js';
import { pause } from '../../flow/prompt.js';
import type { EnqueueStep } from '../../flow/step.js';
import { hashCaller } from '../../store/caller-hash.js';
import { isFinalRecord, newCallRecord, type CallRecord } from '../../record/call-record.js';
import type { CallSession, CallStore } from '../../store/call-store.js';
import { StepRenderCache } from '../../twilio/step-render-cache.js';
import type { StepUrls, VoiceMap } from '../../twilio/twiml-renderer.js';
import { callOutcome } from '../../record/call-outcome.js';
import type { JourneyStep } from '../../record/recording-metadata.js';
import { closeJourney, extendJourney } from './live-journey.js';
import { stepTarget } from '../../record/journey-summary.js';
import { withStreamStart } from '../../twilio/twiml-renderer.js';
import { CompiledCallEngine } from '../../flow/runtime/compiled-engine.js';
import { FixedDocuments } from './fixed-documents.js';
import { KeyedMutex } from './keyed-mutex.js';
import { parseQueueName, queueName, routingFor, type RoutingConfig } from './routing.js';

/** Twilio webhook parameters, as parsed from the form body. */
export type TwilioParams = Readonly<Record<string, string | undefined>>;

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
  readonly onCallEnded?: (record: CallRecord, journey: readonly JourneyStep[]) => Promise<void> | void;
  /** Where Twilio streams the caller's audio (wss://…/media); when given, the document that reaches the flow's `recordFrom` state starts the stream. */
  readonly streamUrl?: () => string;
  /**
   * What runs each call's flow between webhooks. Default: the flow's compiled
   * form when it mimics the XState machine exactly (CompiledCallEngine), else
   * an XState actor per webhook.
   */
  readonly engine?: CallEngine;
}

/** An E.164 number: the only kind a callback can be placed to. */
export const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Twilio ends every call after 4 hours (14400 s, its maximum call duration). */
export const MAX_CALL_SEC = 4 * 3600;
/** How long past MAX_CALL_SEC a call's status callback may still be on its way before the call is closed as timed out. */
export const STALE_GRACE_SEC = 600;

const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const QUEUE_FAILURES = new Set<string>(['queue-full', 'error', 'system-error']);
/** Tags whose passage decides a call's outcome; kept on the session. */
const OUTCOME_TAGS = ['self-served', 'voicemail'];

const CALLBACK_REQUESTED: CallEvent = { type: 'CALLBACK_REQUESTED' };
const AGENT_FINISHED: CallEvent = { type: 'AGENT_FINISHED' };



/** Action URLs of a turn: each carries the turn number so a replayed or stale webhook is recognised. */
function urlsFor(turn: number | string): StepUrls {
  return {
    gather: `/voice/gather?turn=${turn}`,
    noInput: `/voice/no-input?turn=${turn}`,
    queueResult: `/voice/queue-result?turn=${turn}`,
    wait: '/queue/wait',
    transferResult: `/voice/transfer-result?turn=${turn}`,
    recordResult: `/voice/record-result?turn=${turn}`,
    audioBase: '/audio/',
  };
}

/**
 * The live call logic behind the Twilio webhooks: restores each call's flow
 * from the store, turns a webhook into a call event, advances the flow, keeps
 * the call record, and answers with TwiML. Routes stay thin: they parse and call this.
 */
/** Thrown inside a handler when the call already has its final record. */
class CallEnded extends Error {}

export class CallService {
  private readonly o: CallServiceOptions;
  private readonly documents: StepRenderCache;
  private readonly fixed: FixedDocuments;
  private readonly locks = new KeyedMutex();
  private readonly engine: CallEngine;

  constructor(options: CallServiceOptions) {
    this.o = options;
    this.engine = options.engine ?? CompiledCallEngine.for(options.flow) ?? xstateEngine(options.flow);
    this.documents = new StepRenderCache(urlsFor, options.voices);
    this.fixed = new FixedDocuments(options.voices);
  }

  private nowSec(): number {
    return this.o.clock() / 1000;
  }

  /** The call's session while the call is live; undefined once its record is final (final is final). */
  private async liveSession(callSid: string): Promise<CallSession | undefined> {
    const session = await this.o.store.getSession(callSid);
    return session && !isFinalRecord(session.record) ? session : undefined;
  }

  /** Throws CallEnded when the call already has a record but no live session: every webhook of it is then answered with nothing. */
  private async refuseIfEnded(callSid: string): Promise<void> {
    if (await this.o.store.getRecord(callSid)) throw new CallEnded();
  }

  /** Saves a session; a refusal means the call ended meanwhile (another process, a racing status callback). */
  private async save(session: CallSession): Promise<void> {
    if (!(await this.o.store.saveSession(session))) throw new CallEnded();
  }

  private async load(callSid: string, where: string): Promise<CallSession> {
    const session = await this.liveSession(callSid);
    if (session) return session;
    // A webhook after the status callback closed the call (Twilio does not order them), or a replay of any webhook: nothing to do.
    await this.refuseIfEnded(callSid);
    throw new HotlineError('HOTLINE_UNKNOWN_CALL', `${where}: no call with CallSid ${callSid}. Calls start at POST /voice.`);
  }

  /**
   * Runs one webhook of a call: one at a time per CallSid, so concurrent
   * webhooks of a call never overwrite each other's changes. A webhook for a
   * call that has already ended gets an empty document.
   */
  serialized<T extends string>(callSid: string, work: () => Promise<T>): Promise<T | string> {
    return this.locks.run(callSid, async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof CallEnded) return this.fixed.empty;
        throw error;
      }
    });
  }

  private restore(session: CallSession): FlowCall {
    if (session.flowId !== this.o.flow.id) {
      throw new HotlineError('HOTLINE_SNAPSHOT_INCOMPATIBLE', `Call ${session.callSid} runs flow "${session.flowId}" but this server serves "${this.o.flow.id}". Restart with --flow ${session.flowId} to finish it.`);
    }
    return FlowCall.restore(this.o.flow, session.snapshot, this.engine);
  }

  /** POST /voice: a new inbound call (or Twilio retrying the first request). A replay for a finished call gets an empty document. */
  async incoming(params: TwilioParams, callSid: string): Promise<string> {
    const existing = await this.liveSession(callSid);
    if (existing) return this.rerender(existing, this.restore(existing));
    await this.refuseIfEnded(callSid);
    const call = FlowCall.start(this.o.flow, undefined, this.engine);
    const record = newCallRecord({
      callSid,
      flowId: this.o.flow.id,
      direction: 'inbound',
      callerHash: params.From ? hashCaller(params.From, this.o.salt) : null,
      arrivalSec: this.nowSec(),
      language: call.context.language,
      lastState: call.activeStep()?.stateId ?? '',
    });
    return this.proceed(this.newSession(callSid, record), call);
  }

  /** POST /callback/answer: the citizen answered a callback the hotline placed. */
  async callbackAnswered(callbackId: string, params: TwilioParams, callSid: string): Promise<string> {
    const callbacks = await this.o.store.listCallbacks();
    const callback = callbacks.find((c) => c.id === callbackId);
    if (!callback) throw new HotlineError('HOTLINE_UNKNOWN_CALL', `POST /callback/answer: no callback with id ${callbackId}.`);
    const existing = await this.liveSession(callSid);
    if (existing) return this.rerender(existing, this.restore(existing));
    await this.refuseIfEnded(callSid);
    const original = await this.o.store.getRecord(callback.callSid);
    const language = original?.language === 'en-US' ? 'en-US' : 'cmn-CN';
    const call = FlowCall.start(this.o.flow, { direction: 'callback', skill: callback.skill, language }, this.engine);
    const record = newCallRecord({
      callSid,
      flowId: this.o.flow.id,
      direction: 'callback',
      callerHash: params.To ? hashCaller(params.To, this.o.salt) : original?.callerHash ?? null,
      arrivalSec: this.nowSec(),
      language,
      lastState: call.activeStep()?.stateId ?? '',
    });
    // The number is no longer needed once the citizen is on the line.
    await this.o.store.putCallback({ ...callback, status: 'placed', number: null, placedCallSid: callSid });
    return this.proceed(this.newSession(callSid, record), call);
  }

  private newSession(callSid: string, record: CallRecord): CallSession {
    return { callSid, flowId: this.o.flow.id, snapshot: null, turn: 0, queueName: null, queueSinceSec: null, pendingLeave: null, heardHold: false, marks: [], record, lastTwiml: null, journey: [] };
  }

  /** A transfer step with its number replaced by the configured dialable one (e.g. 110 → a local E.164 relay). */
  private dialable<S extends ResolvedStep>(step: S): S {
    if (step.kind !== 'transfer') return step;
    const mapped = this.o.transferNumbers[step.to];
    return mapped ? { ...step, to: mapped } : step;
  }

  /** A Gather action: keys or speech. */
  async gathered(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    const digits = params.Digits ?? '';
    const speech = params.SpeechResult ?? '';
    let event: CallEvent;
    if (digits !== '') event = { type: 'DIGITS', digits };
    else if (speech !== '') {
      const confidence = Number(params.Confidence);
      event = Number.isFinite(confidence) ? { type: 'SPEECH', text: speech, confidence } : { type: 'SPEECH', text: speech };
    } else event = { type: 'NO_INPUT' };
    return this.apply(callSid, turn, event, 'POST /voice/gather');
  }

  /** The Redirect after a Gather: Twilio fell through with no input. */
  async noInput(callSid: string, turn: number): Promise<string> {
    return this.apply(callSid, turn, { type: 'NO_INPUT' }, 'POST /voice/no-input');
  }

  /** A Dial action after a transfer. */
  async transferred(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    const status = params.DialCallStatus;
    const known = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
    const value = known.find((s) => s === status) ?? (status === 'answered' ? 'completed' : 'failed');
    return this.apply(callSid, turn, { type: 'TRANSFER_ENDED', status: value }, 'POST /voice/transfer-result');
  }

  /** A Record action. */
  async recorded(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    const durationSec = Number(params.RecordingDuration ?? 0);
    const event: CallEvent = params.RecordingUrl && durationSec > 0
      ? { type: 'RECORDED', durationSec, url: params.RecordingUrl }
      : { type: 'NO_INPUT' };
    return this.apply(callSid, turn, event, 'POST /voice/record-result');
  }

  private async apply(callSid: string, turn: number, event: CallEvent, where: string): Promise<string> {
    const session = await this.load(callSid, where);
    const call = this.restore(session);
    if (turn !== session.turn || !call.send(event)) return this.rerender(session, call);
    return this.proceed(session, call, {}, false, event);
  }

  /** Re-sends the current document without changing anything: the answer to a replayed or stale webhook. */
  private rerender(session: CallSession, call: FlowCall): string {
    if (session.lastTwiml !== null) return session.lastTwiml;
    const current = call.resolvedStep();
    if (!current) return this.fixed.empty;
    return this.documents.render(current.resolved, session.queueName, session.turn);
  }

  /** Advances the flow to its next waiting step, updates session and record, saves, renders. */
  private async proceed(session: CallSession, call: FlowCall, recordPatch: Partial<CallRecord> = {}, keepTurn = false, event: CallEvent | null = null): Promise<string> {
    const turn = await call.advance(this.o.lookups);
    const now = this.nowSec();
    const waiting = turn && call.activeStep();
    const journeyBefore = session.journey;
    const journey = extendJourney(journeyBefore, {
      atSec: now - session.record.arrivalSec,
      event,
      passed: call.passed,
      waiting: turn && waiting ? { stateId: turn.stateId, step: waiting.step, to: stepTarget(turn.step) } : undefined,
      finalState: call.stateName,
      language: call.context.language,
    });
    session = { ...session, journey };
    let record: CallRecord = { ...session.record, ...recordPatch, language: call.context.language };
    const rating = Number(call.context.rating);
    if (Number.isInteger(rating) && rating >= 1 && rating <= 5) record = { ...record, rating };
    let { queueName: queue, queueSinceSec, heardHold } = session;
    const marks = new Set(session.marks);
    for (const tag of OUTCOME_TAGS) if (call.hasTag(tag)) marks.add(tag);
    const next = keepTurn ? session.turn : session.turn + 1;
    if (!turn) {
      const empty = this.fixed.empty;
      await this.save({ ...session, snapshot: call.persist(), turn: next, marks: [...marks], record, lastTwiml: empty });
      return empty;
    }
    record = { ...record, lastState: turn.stateId };
    const step = turn.step;
    if (step.kind === 'enqueue' && queue === null) {
      const pool = routingFor(this.o.routing, step.skill).primaryPool;
      queue = queueName(step.skill, pool);
      queueSinceSec = now;
      heardHold = false;
      record = { ...record, ivrExitSec: record.ivrExitSec ?? now, queueEntrySec: record.queueEntrySec ?? now, skill: step.skill, pool };
    } else if (step.kind === 'transfer') {
      record = { ...record, ivrExitSec: record.ivrExitSec ?? now, transferTo: step.to };
    } else if (step.kind === 'hangup' && record.ivrExitSec === null) {
      record = { ...record, ivrExitSec: now };
    }
    let twiml = this.documents.render(this.dialable(step), queue, next);
    if (this.startsRecording(journeyBefore, journey)) twiml = withStreamStart(twiml, this.o.streamUrl!(), { flow: this.o.flow.id });
    const saved: CallSession = { ...session, snapshot: call.persist(), turn: next, queueName: queue, queueSinceSec, heardHold, marks: [...marks], record, lastTwiml: keepTurn ? session.lastTwiml : twiml };
    await this.save(saved);
    return twiml;
  }

  /** True when this turn reaches the flow's first `recordFrom` state (once per call) and streams are served. */
  private startsRecording(before: readonly JourneyStep[], after: readonly JourneyStep[]): boolean {
    const states = recordFromStates(this.o.flow);
    if (!this.o.streamUrl || states.length === 0) return false;
    const reached = (steps: readonly JourneyStep[]) => steps.some((st) => states.includes(st.state));
    return !reached(before) && reached(after);
  }

  /** The Enqueue action: the caller left the queue (agent finished, left, hung up, or the queue failed). */
  async queueResult(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    const session = await this.load(callSid, 'POST /voice/queue-result');
    const call = this.restore(session);
    const result = params.QueueResult ?? '';
    if (turn !== session.turn) return this.rerender(session, call);
    const now = this.nowSec();
    if (result === 'leave' && session.pendingLeave === 'overflow') return this.overflow(session, call, now);
    const left: CallSession = { ...session, queueName: null, queueSinceSec: null, pendingLeave: null };
    if (result === 'leave' && session.pendingLeave === 'callback') {
      const number = session.record.direction === 'callback' ? params.To : params.From;
      if (number && E164.test(number)) {
        const skill = session.record.skill ?? 'general';
        await this.o.store.putCallback({
          id: randomUUID(), callSid, skill, number, status: 'pending', createdSec: now,
          dueSec: now + this.o.routing.callbackDelaySec, attempts: 0, placedCallSid: null, lastError: null,
        });
      }
      call.send(CALLBACK_REQUESTED);
      return this.proceed(left, call, { callbackRequested: true }, false, CALLBACK_REQUESTED);
    }
    // A leave we did not ask for (e.g. an operator's REST update): put the caller back in the queue.
    if (result === 'leave' || result === 'redirected') return this.rerender(session, call);
    if (result === 'bridging-in-process') {
      // The caller hung up while the agent greeting played: never bridged, so abandoned.
      await this.finish({ ...session, record: { ...session.record, answerSec: null, agentId: null } }, call, true, true);
      return this.fixed.empty;
    }
    if (result === 'bridged' || result === 'redirected-from-bridged') {
      if (call.accepts({ type: 'AGENT_ANSWERED', agentId: '' })) {
        // The agent-connect webhook was missed: record the answer now.
        call.send({ type: 'AGENT_ANSWERED', agentId: session.record.agentId ?? 'unknown' });
      }
      call.send(AGENT_FINISHED);
      const answerSec = session.record.answerSec ?? now;
      // Live, only talk time is known; after-call work happens off the line.
      return this.proceed(left, call, { answerSec, handleSec: now - answerSec }, false, AGENT_FINISHED);
    }
    if (result === 'hangup') {
      await this.finish(session, call, true);
      return this.fixed.empty;
    }
    if (QUEUE_FAILURES.has(result)) {
      const failed: CallEvent = { type: 'QUEUE_RESULT', result: result as QueueFailure };
      call.send(failed);
      return this.proceed(left, call, {}, false, failed);
    }
    throw new HotlineError('HOTLINE_BAD_WEBHOOK', `POST /voice/queue-result for ${callSid}: QueueResult "${result}" is not one Twilio sends (bridged, bridging-in-process, leave, hangup, queue-full, error, system-error, redirected, redirected-from-bridged).`);
  }

  private async overflow(session: CallSession, call: FlowCall, now: number): Promise<string> {
    const current = call.resolvedStep();
    if (!current || current.resolved.kind !== 'enqueue') {
      throw new HotlineError('HOTLINE_SNAPSHOT_INCOMPATIBLE', `Call ${session.callSid} overflowed from a queue but its flow is in "${current?.stateId ?? 'a final state'}".`);
    }
    const skill = session.record.skill ?? 'general';
    const routing = routingFor(this.o.routing, skill);
    const pool = routing.overflowPool ?? routing.primaryPool;
    const name = queueName(skill, pool);
    const next = session.turn + 1;
    const twiml = this.documents.render({ ...current.resolved, prompts: [] }, name, next);
    await this.save({
      ...session, turn: next, queueName: name, queueSinceSec: now, pendingLeave: null, lastTwiml: twiml,
      record: { ...session.record, pool },
    });
    return twiml;
  }

  /** The Enqueue wait URL: announcements, callback offer, overflow. Twilio fetches it again each time it runs out. */
  async waitRound(callSid: string, params: TwilioParams): Promise<string> {
    const session = await this.load(callSid, 'POST /queue/wait');
    if (session.queueName === null || session.pendingLeave !== null) return this.fixed.leave;
    const call = this.restore(session);
    const current = call.activeStep();
    if (!current || current.step.kind !== 'enqueue') return this.fixed.leave;
    const plan = (current.step as EnqueueStep).wait;
    const now = this.nowSec();
    const skill = session.record.skill ?? 'general';
    const routing = routingFor(this.o.routing, skill);
    const inQueueSec = now - (session.queueSinceSec ?? now);
    const waitedSec = now - (session.record.queueEntrySec ?? now);
    const parsed = parseQueueName(session.queueName);
    if (
      parsed?.pool === routing.primaryPool && routing.overflowPool !== null && routing.overflowPool !== routing.primaryPool &&
      routing.overflowAfterSec !== null && inQueueSec >= routing.overflowAfterSec
    ) {
      await this.save({ ...session, pendingLeave: 'overflow' });
      return this.fixed.leave;
    }
    const language = call.context.language;
    const vars = { ...call.context, ...(await this.estimate(session, params)) };
    const prompts: ResolvedPrompt[] = [];
    if (!session.heardHold) prompts.push(...plan.holdPrompts.map((p) => resolvePrompt(p, language, vars)));
    if (plan.announce) prompts.push(resolvePrompt({ kind: 'say', text: plan.announce.text }, language, vars));
    const offer = plan.callbackOffer && session.record.direction === 'inbound' && E164.test(params.From ?? '') && waitedSec >= plan.callbackOffer.afterSec
      ? { prompt: resolvePrompt({ kind: 'say', text: plan.callbackOffer.prompt }, language, vars), key: plan.callbackOffer.key, action: '/queue/offer' }
      : undefined;
    const filler = plan.music ? resolvePrompt(plan.music, language, vars) : pause(plan.announce?.everySec ?? 20);
    if (!session.heardHold) await this.save({ ...session, heardHold: true });
    return this.fixed.waitRound(offer ? { prompts, offer, filler } : { prompts, filler });
  }

  /** Position and estimated wait for the announcement: callers ahead, and minutes (at least 1). */
  private async estimate(session: CallSession, params: TwilioParams): Promise<{ position: number; waitMin: number }> {
    const queuePosition = Math.max(1, Number(params.QueuePosition ?? 1) || 1);
    const skill = session.record.skill ?? 'general';
    const agents = await this.o.store.countActiveAgents(skill);
    const waitSec = (queuePosition * this.o.routing.handleSecForEstimate) / Math.max(1, agents);
    return { position: queuePosition - 1, waitMin: Math.max(1, Math.ceil(waitSec / 60)) };
  }

  /** The Gather action inside the wait URL: the callback offer's answer. */
  async offerAnswered(callSid: string, params: TwilioParams): Promise<string> {
    const session = await this.load(callSid, 'POST /queue/offer');
    const call = this.restore(session);
    const current = call.activeStep();
    const offer = current?.step.kind === 'enqueue' ? current.step.wait.callbackOffer : undefined;
    if (offer && params.Digits === offer.key && session.queueName !== null) {
      await this.save({ ...session, pendingLeave: 'callback' });
      return this.fixed.leave;
    }
    return this.fixed.toWait;
  }

  /** The `<Queue url>` of the agent's Dial: an agent is taking this caller. Returns what the caller hears first. */
  async agentConnected(callSid: string, agentId: string, poolOfAgent: CallRecord['pool']): Promise<string> {
    const session = await this.load(callSid, 'POST /agent/connect');
    const call = this.restore(session);
    const answered: CallEvent = { type: 'AGENT_ANSWERED', agentId };
    if (!call.send(answered)) return this.fixed.empty;
    const now = this.nowSec();
    // The turn stays: the caller's Enqueue action URL (sent when the agent leg ends) carries the enqueue turn.
    return this.proceed({ ...session, queueName: null, queueSinceSec: null, pendingLeave: null }, call, {
      answerSec: now, agentId, pool: poolOfAgent ?? session.record.pool,
    }, true, answered);
  }

  /** Status callback: closes the call and writes its final record. Idempotent. */
  async status(callSid: string, params: TwilioParams): Promise<'closed' | 'ignored' | 'unknown'> {
    const status = params.CallStatus ?? '';
    if (!FINAL_CALL_STATUSES.has(status)) return 'ignored';
    const session = await this.liveSession(callSid);
    if (!session) return (await this.o.store.getRecord(callSid)) ? 'ignored' : 'unknown';
    let call: FlowCall | undefined;
    try {
      call = this.restore(session);
    } catch {
      // The flow changed under this call: close the record from what the session knows.
      call = undefined;
    }
    await this.finish(session, call, !call?.done);
    return 'closed';
  }

  private async finish(session: CallSession, call: FlowCall | undefined, callerHungUp: boolean, forceWaiting = false): Promise<void> {
    if (call && !call.done) call.send({ type: 'HANGUP' });
    const now = this.nowSec();
    const waiting = forceWaiting || (session.queueName !== null && session.record.answerSec === null);
    let record: CallRecord = { ...session.record, endSec: now };
    if (waiting) record = { ...record, abandonSec: now };
    record = { ...record, outcome: callOutcome(record, { waiting, callerHungUp, marks: session.marks }) };
    await this.close(session, record, callerHungUp, call ? call.stateName : 'callerHungUp');
  }

  /**
   * Closes every call that arrived more than MAX_CALL_SEC + STALE_GRACE_SEC
   * before `nowSec` and is still open (its status callback never came): its
   * record gets the outcome `timed-out` and ends at Twilio's 4-hour limit.
   * Returns the CallSids closed. Safe to run at any time, also at start-up.
   */
  async closeStale(nowSec: number): Promise<string[]> {
    const cutoffSec = nowSec - MAX_CALL_SEC - STALE_GRACE_SEC;
    const closed: string[] = [];
    for (const stale of await this.o.store.listSessionsArrivedBefore(cutoffSec)) {
      const done = await this.locks.run(stale.callSid, async () => {
        const session = await this.liveSession(stale.callSid);
        if (!session || session.record.arrivalSec >= cutoffSec) return false;
        const endSec = session.record.arrivalSec + MAX_CALL_SEC;
        return this.close(session, { ...session.record, endSec, outcome: 'timed-out' }, false, session.record.lastState);
      });
      if (done) closed.push(stale.callSid);
    }
    return closed;
  }

  /** Ends the session with its final record; tells onCallEnded unless the call had already ended (then false). */
  private async close(session: CallSession, record: CallRecord, callerHungUp: boolean, finalState: string): Promise<boolean> {
    if (!(await this.o.store.endSession(session.callSid, record))) return false;
    if (this.o.onCallEnded) {
      const journey = closeJourney(session.journey, (record.endSec ?? record.arrivalSec) - record.arrivalSec, callerHungUp, finalState);
      try {
        await this.o.onCallEnded(record, journey);
      } catch (error) {
        // The call and its record are saved; only the recording's metadata is missing.
        process.emitWarning(`hotline: the recording metadata of ${session.callSid} could not be written: ${(error as Error).message}`);
      }
    }
    return true;
  }
}
