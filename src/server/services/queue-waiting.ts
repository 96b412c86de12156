import { randomUUID } from 'node:crypto';
import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../../flow/call-event.js';
import { pause } from '../../flow/prompt.js';
import { DEFAULT_SPEECH_RATE, promptSeconds } from '../../flow/prompt-duration.js';
import type { Language, TemplateVars } from '../../flow/text.js';
import { waitSentence } from '../../flow/wait-sentence.js';
import { resolvePrompt, type ResolvedPrompt } from '../../flow/runtime/resolved-step.js';
import type { FlowCall } from '../../flow/runtime/flow-call.js';
import type { EnqueueStep } from '../../flow/step.js';
import type { CallSession } from '../../store/call-store.js';
import type { StepRenderCache } from '../../twilio/step-render-cache.js';
import type { CallProgression } from './call-progression.js';
import type { CallRecords } from './call-records.js';
import type { CallSessions } from './call-sessions.js';
import { E164 } from './e164.js';
import type { FixedDocuments } from './fixed-documents.js';
import { parseQueueName, poolGroup, queueName, routingFor, type RoutingConfig } from './routing.js';
import { WaitEstimator } from './wait-estimator.js';
import { isQueueFailure, queueResultOf, type TwilioParams } from './webhook-events.js';

const CALLBACK_REQUESTED: CallEvent = { type: 'CALLBACK_REQUESTED' };
const AGENT_FINISHED: CallEvent = { type: 'AGENT_FINISHED' };

/** What queue waiting needs. */
export interface QueueWaitingOptions {
  readonly sessions: CallSessions;
  readonly progression: CallProgression;
  readonly records: CallRecords;
  readonly documents: StepRenderCache;
  readonly fixed: FixedDocuments;
  readonly routing: RoutingConfig;
  /**
   * Told when the caller's talk with agent `agentId` ended (the Enqueue action says `bridged`): the agent's
   * wrap-up starts even when the agent's own leg hung up and no Dial action comes. Default: nothing.
   */
  readonly onTalkEnded?: (agentId: string, callSid: string) => Promise<void>;
}

/**
 * A caller's time in a Twilio queue: the wait URL's rounds (hold prompts,
 * position and estimate, the callback offer, overflow to another pool), the
 * offer's answer, and the Enqueue action that says how the wait ended
 * (bridged, left for a callback or overflow, hung up, failed).
 */
export class QueueWaiting {
  private readonly o: QueueWaitingOptions;
  private readonly estimator: WaitEstimator;

  constructor(options: QueueWaitingOptions) {
    this.o = options;
    this.estimator = new WaitEstimator(options.sessions.store, options.routing, () => options.sessions.nowSec());
  }

  /** The Enqueue wait URL: announcements, callback offer, overflow. Twilio fetches it again each time it runs out. */
  async waitRound(callSid: string, params: TwilioParams): Promise<string> {
    const { sessions, fixed } = this.o;
    const session = await sessions.load(callSid, 'POST /queue/wait');
    if (session.queueName === null || session.pendingLeave !== null) return fixed.leave;
    const call = sessions.restore(session);
    const current = call.activeStep();
    if (current?.step.kind !== 'enqueue') return fixed.leave;
    const plan = (current.step as EnqueueStep).wait;
    const now = sessions.nowSec();
    const skill = session.record.skill ?? 'general';
    const routing = routingFor(this.o.routing, skill);
    const inQueueSec = now - (session.queueSinceSec ?? now);
    const waitedSec = now - (session.record.queueEntrySec ?? now);
    const parsed = parseQueueName(session.queueName);
    const overflowAfterSec =
      parsed?.pool === routing.primaryPool &&
      routing.overflowPool !== null &&
      routing.overflowPool !== routing.primaryPool &&
      routing.overflowAfterSec !== null
        ? routing.overflowAfterSec
        : null;
    if (overflowAfterSec !== null && inQueueSec >= overflowAfterSec) {
      await sessions.save({ ...session, pendingLeave: 'overflow' });
      return fixed.leave;
    }
    const language = call.context.language;
    const vars = { ...call.context, ...(await this.estimate(session, params, language)) };
    const prompts: ResolvedPrompt[] = [];
    if (!session.heardHold) prompts.push(...plan.holdPrompts.map((p) => resolvePrompt(p, language, vars)));
    if (plan.announce) prompts.push(resolvePrompt({ kind: 'say', text: plan.announce.text }, language, vars));
    const offer =
      plan.callbackOffer &&
      session.record.direction === 'inbound' &&
      E164.test(params.From ?? '') &&
      waitedSec >= plan.callbackOffer.afterSec
        ? {
            prompt: resolvePrompt({ kind: 'say', text: plan.callbackOffer.prompt }, language, vars),
            key: plan.callbackOffer.key,
            action: '/queue/offer',
          }
        : undefined;
    const spokenSec = [...prompts, ...(offer ? [offer.prompt] : [])].reduce(
      (sum, p) =>
        sum +
        promptSeconds(
          p.kind === 'say' ? { kind: 'say', text: { [p.language]: p.text } } : p,
          p.kind === 'say' ? p.language : language,
          DEFAULT_SPEECH_RATE,
        ),
      0,
    );
    // A round ends no later than the overflow is due (the next round applies it), so the caller overflows at
    // overflowAfterSec of waiting, not at the next announcement (as the simulator's min_wait_sec does).
    const untilOverflowSec = overflowAfterSec === null ? Infinity : overflowAfterSec - inQueueSec - spokenSec;
    const fillerSec = plan.announce?.everySec ?? 20;
    const filler =
      untilOverflowSec < fillerSec
        ? pause(Math.max(1, Math.ceil(untilOverflowSec)))
        : plan.music
          ? resolvePrompt(plan.music, language, vars)
          : pause(fillerSec);
    if (!session.heardHold) await sessions.save({ ...session, heardHold: true });
    return fixed.waitRound(offer ? { prompts, offer, filler } : { prompts, filler });
  }

  /** The Gather action inside the wait URL: the callback offer's answer. */
  async offerAnswered(callSid: string, params: TwilioParams): Promise<string> {
    const { sessions, fixed } = this.o;
    const session = await sessions.load(callSid, 'POST /queue/offer');
    const call = sessions.restore(session);
    const current = call.activeStep();
    const offer = current?.step.kind === 'enqueue' ? current.step.wait.callbackOffer : undefined;
    if (offer && params.Digits === offer.key && session.queueName !== null) {
      await sessions.save({ ...session, pendingLeave: 'callback' });
      return fixed.leave;
    }
    return fixed.toWait;
  }

  /** The Enqueue action: the caller left the queue (agent finished, left, hung up, or the queue failed). */
  async queueResult(callSid: string, turn: number, params: TwilioParams): Promise<string> {
    const { sessions, progression, records, fixed } = this.o;
    const session = await sessions.load(callSid, 'POST /voice/queue-result');
    const call = sessions.restore(session);
    const result = queueResultOf(params);
    if (turn !== session.turn) return progression.rerender(session, call);
    const now = sessions.nowSec();
    if (result === 'leave' && session.pendingLeave === 'overflow') return this.overflow(session, call, now);
    const left: CallSession = { ...session, queueName: null, queueSinceSec: null, pendingLeave: null };
    if (result === 'leave' && session.pendingLeave === 'callback') {
      await this.bookCallback(session, params, now);
      call.send(CALLBACK_REQUESTED);
      return progression.proceed(left, call, { recordPatch: { callbackRequested: true }, event: CALLBACK_REQUESTED });
    }
    // A leave we did not ask for (e.g. an operator's REST update): put the caller back in the queue.
    if (result === 'leave' || result === 'redirected') return progression.rerender(session, call);
    if (result === 'bridging-in-process') {
      // The caller hung up while the agent greeting played: never bridged, so abandoned.
      const unanswered: CallSession = { ...session, record: { ...session.record, answerSec: null, agentId: null } };
      await records.finish(unanswered, call, { callerHungUp: true, abandoned: true });
      return fixed.empty;
    }
    if (result === 'bridged' || result === 'redirected-from-bridged') {
      if (call.accepts({ type: 'AGENT_ANSWERED', agentId: '' })) {
        // The agent-connect webhook was missed: record the answer now.
        call.send({ type: 'AGENT_ANSWERED', agentId: session.record.agentId ?? 'unknown' });
      }
      call.send(AGENT_FINISHED);
      const answerSec = session.record.answerSec ?? now;
      if (session.record.agentId !== null) await this.o.onTalkEnded?.(session.record.agentId, callSid);
      // Talk ends with the bridge; handle time (talk + wrap-up) is written when the agent's wrap-up ends (AgentStates).
      return progression.proceed(left, call, {
        recordPatch: { answerSec, talkSec: now - answerSec },
        event: AGENT_FINISHED,
      });
    }
    if (result === 'hangup') {
      await records.finish(session, call, { callerHungUp: true });
      return fixed.empty;
    }
    if (result !== null && isQueueFailure(result)) {
      const failed: CallEvent = { type: 'QUEUE_RESULT', result };
      call.send(failed);
      return progression.proceed(left, call, { event: failed });
    }
    throw new HotlineError(
      'HOTLINE_BAD_WEBHOOK',
      `POST /voice/queue-result for ${callSid}: QueueResult "${params.QueueResult ?? ''}" is not one Twilio sends (bridged, bridging-in-process, leave, hangup, queue-full, error, system-error, redirected, redirected-from-bridged).`,
    );
  }

  /** Books the callback the caller asked for, when the number to call back is an E.164 number. */
  private async bookCallback(session: CallSession, params: TwilioParams, nowSec: number): Promise<void> {
    const number = session.record.direction === 'callback' ? params.To : params.From;
    if (!number || !E164.test(number)) return;
    const skill = session.record.skill ?? 'general';
    await this.o.sessions.store.putCallback({
      id: randomUUID(),
      callSid: session.callSid,
      skill,
      number,
      status: 'pending',
      createdSec: nowSec,
      dueSec: nowSec + this.o.routing.callbackDelaySec,
      attempts: 0,
      placedCallSid: null,
      lastError: null,
    });
  }

  /** The caller left the primary pool's queue for overflow: the same enqueue step again, without its prompts, in the overflow pool. */
  private async overflow(session: CallSession, call: FlowCall, now: number): Promise<string> {
    const current = call.resolvedStep();
    if (current?.resolved.kind !== 'enqueue') {
      throw new HotlineError(
        'HOTLINE_SNAPSHOT_INCOMPATIBLE',
        `Call ${session.callSid} overflowed from a queue but its flow is in "${current?.stateId ?? 'a final state'}".`,
      );
    }
    const skill = session.record.skill ?? 'general';
    const routing = routingFor(this.o.routing, skill);
    const pool = routing.overflowPool ?? routing.primaryPool;
    const name = queueName(skill, pool);
    const next = session.turn + 1;
    const twiml = this.o.documents.render({ ...current.resolved, prompts: [] }, name, next);
    await this.o.sessions.save({
      ...session,
      turn: next,
      queueName: name,
      queueSinceSec: now,
      pendingLeave: null,
      lastTwiml: twiml,
      record: { ...session.record, pool, agentGroup: poolGroup(this.o.routing, pool) },
    });
    return twiml;
  }

  /**
   * The announcement's variables (see WaitEstimator): `position` (callers ahead), `waitMin` (minutes, only
   * while someone is on duty) and `waitSentence` (both, as a sentence in the caller's language, saying that
   * nobody is on duty instead of a number).
   */
  private async estimate(session: CallSession, params: TwilioParams, language: Language): Promise<TemplateVars> {
    const queuePosition = Math.max(1, Number(params.QueuePosition ?? 1) || 1);
    const skill = session.record.skill ?? 'general';
    const { ahead, waitMin } = await this.estimator.estimate(skill, session.queueName ?? '', queuePosition);
    const sentence = waitSentence(language, { ahead, waitMin });
    return waitMin === null
      ? { position: ahead, waitSentence: sentence }
      : { position: ahead, waitMin, waitSentence: sentence };
  }
}
