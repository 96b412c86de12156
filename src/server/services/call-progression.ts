import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../../flow/call-event.js';
import { recordFromStates } from '../../flow/flow-definition.js';
import type { FlowCall, LookupResolver } from '../../flow/runtime/flow-call.js';
import type { ResolvedStep } from '../../flow/runtime/resolved-step.js';
import { newCallRecord, type CallRecord } from '../../record/call-record.js';
import { stepTarget } from '../../record/journey-summary.js';
import type { JourneyStep } from '../../record/recording-metadata.js';
import { hashCaller } from '../../store/caller-hash.js';
import type { CallSession } from '../../store/call-store.js';
import type { StepRenderCache } from '../../twilio/step-render-cache.js';
import { withStreamStart, type StepUrls } from '../../twilio/twiml-renderer.js';
import type { CallSessions } from './call-sessions.js';
import type { FixedDocuments } from './fixed-documents.js';
import { extendJourney } from './live-journey.js';
import { isWithheldNumber } from './withheld-number.js';
import { poolGroup, queueName, routingFor, type RoutingConfig } from './routing.js';
import type { TwilioParams } from './webhook-events.js';

/** Tags whose passage decides a call's outcome; kept on the session. */
const OUTCOME_TAGS = ['self-served', 'voicemail'];
/** The tag of a flow's survey states: a call that rests in one was invited to the survey (record.surveyInvited). */
export const SURVEY_TAG = 'survey';

/** Action URLs of a turn: each carries the turn number so a replayed or stale webhook is recognised. */
export function turnUrls(turn: number | string): StepUrls {
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

/** What one step of a call changes besides the flow (see CallProgression.proceed). */
export interface ProceedOptions {
  /** Fields the record gets now (e.g. the answer time). Default none. */
  readonly recordPatch?: Partial<CallRecord>;
  /**
   * True to keep the session's turn and its last document: the agent's leg
   * answers, and the caller's Enqueue action URL still carries the enqueue
   * turn. Default false (a new turn).
   */
  readonly keepTurn?: boolean;
  /** The event this webhook applied (it closes the journey's open step); null for a new call. Default null. */
  readonly event?: CallEvent | null;
}

/** Seconds after a caller's abandoned call within which the caller's next inbound call is a redial: one day. */
export const DEFAULT_REDIAL_WINDOW_SEC = 86_400;

/** What the call progression needs. */
export interface CallProgressionOptions {
  readonly sessions: CallSessions;
  readonly documents: StepRenderCache;
  readonly fixed: FixedDocuments;
  readonly routing: RoutingConfig;
  readonly lookups: LookupResolver;
  /** Salt for caller-number hashes. */
  readonly salt: string;
  /** Numbers to dial for a flow's transfer targets; unmapped targets are dialled as written. */
  readonly transferNumbers: Readonly<Record<string, string>>;
  /** Seconds after an abandoned call within which the caller's next call is a redial; DEFAULT_REDIAL_WINDOW_SEC. */
  readonly redialWindowSec?: number;
  /** Where Twilio streams the caller's audio; when given, the document that reaches a `recordFrom` state starts the stream. */
  readonly streamUrl?: () => string;
}

/**
 * Call progression: starts calls (inbound, and callbacks the citizen
 * answered), applies each webhook's event to the flow, advances it to the
 * next step the caller waits in, keeps the session, record and journey, and
 * renders the step's TwiML. A stale or replayed webhook gets the current
 * document again.
 */
export class CallProgression {
  private readonly o: CallProgressionOptions;

  constructor(options: CallProgressionOptions) {
    this.o = options;
  }

  /** POST /voice: a new inbound call (or Twilio retrying the first request). A replay for a finished call gets an empty document. */
  async incoming(params: TwilioParams, callSid: string): Promise<string> {
    const { sessions } = this.o;
    const existing = await sessions.live(callSid);
    if (existing) return this.rerender(existing, sessions.restore(existing));
    await sessions.refuseIfEnded(callSid);
    const call = sessions.start();
    const callerHash = isWithheldNumber(params.From) ? null : hashCaller(params.From as string, this.o.salt);
    const arrivalSec = sessions.nowSec();
    const first = newCallRecord({
      callSid,
      flowId: sessions.flow.id,
      direction: 'inbound',
      callerHash,
      arrivalSec,
      language: call.context.language,
      lastState: call.activeStep()?.stateId ?? '',
    });
    const attempt = callerHash === null ? 1 : await this.attempt(callerHash, arrivalSec);
    const record = attempt === 1 ? first : { ...first, attempt };
    return this.proceed(sessions.fresh(callSid, record), call);
  }

  /**
   * A new inbound call's `attempt`: one more than the caller's previous inbound call when that one arrived within
   * the redial window before this one and was abandoned in a queue (a redial, as the simulator's `callers.redial`
   * makes them: an abandoned caller calling again), else 1.
   */
  private async attempt(callerHash: string, arrivalSec: number): Promise<number> {
    const windowSec = this.o.redialWindowSec ?? DEFAULT_REDIAL_WINDOW_SEC;
    const previous = await this.o.sessions.store.latestInboundCall(callerHash, arrivalSec - windowSec, arrivalSec);
    return previous?.outcome === 'abandoned' ? previous.attempt + 1 : 1;
  }

  /** POST /callback/answer: the citizen answered a callback the hotline placed. */
  async callbackAnswered(callbackId: string, params: TwilioParams, callSid: string): Promise<string> {
    const { sessions } = this.o;
    const callbacks = await sessions.store.listCallbacks();
    const callback = callbacks.find((c) => c.id === callbackId);
    if (!callback)
      throw new HotlineError('HOTLINE_UNKNOWN_CALL', `POST /callback/answer: no callback with id ${callbackId}.`);
    const existing = await sessions.live(callSid);
    if (existing) return this.rerender(existing, sessions.restore(existing));
    await sessions.refuseIfEnded(callSid);
    const original = await sessions.store.getRecord(callback.callSid);
    const language = original?.language === 'en-US' ? 'en-US' : 'cmn-CN';
    const call = sessions.start({ direction: 'callback', skill: callback.skill, language });
    const record = newCallRecord({
      callSid,
      flowId: sessions.flow.id,
      direction: 'callback',
      callerHash: params.To ? hashCaller(params.To, this.o.salt) : (original?.callerHash ?? null),
      arrivalSec: sessions.nowSec(),
      language,
      lastState: call.activeStep()?.stateId ?? '',
    });
    // The number is no longer needed once the citizen is on the line.
    await sessions.store.putCallback({ ...callback, status: 'placed', number: null, placedCallSid: callSid });
    return this.proceed(sessions.fresh(callSid, record), call);
  }

  /**
   * Applies a webhook's event at `turn` (`where` names the webhook in errors):
   * a stale turn or an event the flow does not take re-sends the current document.
   */
  async apply(callSid: string, turn: number, event: CallEvent, where: string): Promise<string> {
    const session = await this.o.sessions.load(callSid, where);
    const call = this.o.sessions.restore(session);
    if (turn !== session.turn || !call.send(event)) return this.rerender(session, call);
    return this.proceed(session, call, { event });
  }

  /** The `<Queue url>` of the agent's Dial: an agent is taking this caller. Returns what the caller hears first. */
  async agentConnected(
    callSid: string,
    agentId: string,
    poolOfAgent: CallRecord['pool'],
    groupOfAgent: string | null = null,
  ): Promise<string> {
    const session = await this.o.sessions.load(callSid, 'POST /agent/connect');
    const call = this.o.sessions.restore(session);
    const answered: CallEvent = { type: 'AGENT_ANSWERED', agentId };
    if (!call.send(answered)) return this.o.fixed.empty;
    const now = this.o.sessions.nowSec();
    // The turn stays: the caller's Enqueue action URL (sent when the agent leg ends) carries the enqueue turn.
    const left: CallSession = { ...session, queueName: null, queueSinceSec: null, pendingLeave: null };
    return this.proceed(left, call, {
      recordPatch: {
        answerSec: now,
        agentId,
        pool: poolOfAgent ?? session.record.pool,
        agentGroup: groupOfAgent ?? session.record.agentGroup,
      },
      keepTurn: true,
      event: answered,
    });
  }

  /** Re-sends the current document without changing anything: the answer to a replayed or stale webhook. */
  rerender(session: CallSession, call: FlowCall): string {
    if (session.lastTwiml !== null) return session.lastTwiml;
    const current = call.resolvedStep();
    if (!current) return this.o.fixed.empty;
    return this.o.documents.render(current.resolved, session.queueName, session.turn);
  }

  /** Advances the flow to its next waiting step, updates session and record, saves, renders. */
  async proceed(session: CallSession, call: FlowCall, options: ProceedOptions = {}): Promise<string> {
    const { recordPatch = {}, keepTurn = false, event = null } = options;
    const { sessions } = this.o;
    const turn = await call.advance(this.o.lookups);
    const now = sessions.nowSec();
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
    if (!record.surveyInvited && call.hasTag(SURVEY_TAG)) record = { ...record, surveyInvited: true };
    let { queueName: queue, queueSinceSec, heardHold } = session;
    const marks = new Set(session.marks);
    for (const tag of OUTCOME_TAGS) if (call.hasTag(tag)) marks.add(tag);
    const next = keepTurn ? session.turn : session.turn + 1;
    if (!turn) {
      const empty = this.o.fixed.empty;
      await sessions.save({
        ...session,
        snapshot: call.persist(),
        turn: next,
        marks: [...marks],
        record,
        lastTwiml: empty,
      });
      return empty;
    }
    record = { ...record, lastState: turn.stateId };
    const step = turn.step;
    if (step.kind === 'enqueue' && queue === null) {
      const pool = routingFor(this.o.routing, step.skill).primaryPool;
      queue = queueName(step.skill, pool);
      queueSinceSec = now;
      heardHold = false;
      record = {
        ...record,
        ivrExitSec: record.ivrExitSec ?? now,
        queueEntrySec: record.queueEntrySec ?? now,
        skill: step.skill,
        pool,
        agentGroup: poolGroup(this.o.routing, pool),
      };
    } else if (step.kind === 'transfer') {
      record = { ...record, ivrExitSec: record.ivrExitSec ?? now, transferTo: step.to };
    } else if (step.kind === 'hangup' && record.ivrExitSec === null) {
      record = { ...record, ivrExitSec: now };
    }
    let twiml = this.o.documents.render(this.dialable(step), queue, next);
    if (this.startsRecording(journeyBefore, journey))
      twiml = withStreamStart(twiml, this.o.streamUrl!(), { flow: sessions.flow.id });
    const saved: CallSession = {
      ...session,
      snapshot: call.persist(),
      turn: next,
      queueName: queue,
      queueSinceSec,
      heardHold,
      marks: [...marks],
      record,
      lastTwiml: keepTurn ? session.lastTwiml : twiml,
    };
    await sessions.save(saved);
    return twiml;
  }

  /** A transfer step with its number replaced by the configured dialable one (e.g. 110 → a local E.164 relay). */
  private dialable<S extends ResolvedStep>(step: S): S {
    if (step.kind !== 'transfer') return step;
    const mapped = this.o.transferNumbers[step.to];
    return mapped ? { ...step, to: mapped } : step;
  }

  /** True when this turn reaches the flow's first `recordFrom` state (once per call) and streams are served. */
  private startsRecording(before: readonly JourneyStep[], after: readonly JourneyStep[]): boolean {
    const states = recordFromStates(this.o.sessions.flow);
    if (!this.o.streamUrl || states.length === 0) return false;
    const reached = (steps: readonly JourneyStep[]) => steps.some((st) => states.includes(st.state));
    return !reached(before) && reached(after);
  }
}
