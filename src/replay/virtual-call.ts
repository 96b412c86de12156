import { HotlineError } from '../errors.js';
import type { CallEvent } from '../flow/call-event.js';
import type { FlowDefinition, FlowInput } from '../flow/flow-definition.js';
import { FlowCall } from '../flow/runtime/flow-call.js';
import type { GatherStep } from '../flow/step.js';
import type { Caller } from '../flow/runtime/caller.js';
import type { World } from '../flow/runtime/world.js';
import { callOutcome } from '../record/call-outcome.js';
import type { CallRecord } from '../record/call-record.js';
import { stepPromptSec, type SpeechRate } from '../flow/prompt-duration.js';
import { journeyFacts, stepTarget } from '../record/journey-summary.js';
import type { JourneyStep } from '../record/recording-metadata.js';

/**
 * A finished virtual call, in the shape every run mode gives: its CallRecord
 * (times are call time: `arrivalSec` 0) and its journey. Where the IVR sent the
 * caller, the IVR time and who ended the call are read from the journey
 * (`summariseJourney`, `journeyFacts`), as for live recordings.
 */
export interface VirtualCall {
  readonly record: CallRecord;
  readonly journey: JourneyStep[];
  /** True when the call was cut off at `maxSec` without ending (a caller with nothing more to do, waiting forever). */
  readonly stuck: boolean;
}

/** Options of `runVirtualCall`. */
export interface VirtualCallOptions {
  /** Marks a callback leg (the flow's callback entry). */
  readonly input?: FlowInput;
  readonly speechRate: SpeechRate;
  /** Call time after which a call that has not ended is cut off. Default 3600. */
  readonly maxSec?: number;
  /** The record's callSid. Default ''. */
  readonly callSid?: string;
}

const PLAYED: CallEvent = { type: 'PLAYED' };
/** Steps that take the caller out of the IVR (as `summariseJourney` reads a journey). */
const IVR_EXITS: ReadonlySet<string> = new Set(['enqueue', 'transfer', 'record', 'agent', 'hangup']);
const HANGUP: CallEvent = { type: 'HANGUP' };

/**
 * Runs one call through a flow in virtual time: the real XState machine (the
 * one the live server runs) takes the events; prompts last as long as the
 * simulator's speech model says; the caller answers gathers and may hang up;
 * the world ends queue, agent, transfer, record and lookup steps. Returns the
 * journey (each step, when it began and ended, and the event that ended it)
 * and the call's record: the IVR exit (the first step that leaves the IVR),
 * queue entry (once the first queue's prompts end), answer or abandonment,
 * handle time (the last agent step), outcome, rating and language.
 */
export function runVirtualCall(
  flow: FlowDefinition,
  caller: Caller,
  world: World,
  options: VirtualCallOptions,
): VirtualCall {
  const maxSec = options.maxSec ?? 3600;
  const call = FlowCall.start(flow, options.input);
  const journey: JourneyStep[] = [];
  const marks = new Set<string>();
  let t = 0;
  let queueEntrySec: number | null = null;
  let answerSec: number | null = null;
  let abandonSec: number | null = null;
  let handleSec: number | null = null;
  let agentId: string | null = null;
  let skill: string | null = options.input?.skill ?? null;
  let stuck = false;
  try {
    for (;;) {
      for (const tag of call.snapshot.tags) marks.add(tag);
      const active = call.resolvedStep();
      const state = active?.stateId ?? call.stateName;
      if (!active) {
        journey.push({ state, kind: 'final', atSec: t, endSec: t, event: null });
        break;
      }
      const { resolved } = active;
      caller.entered(state, t);
      const language = call.context.language;
      const promptSec = stepPromptSec(active.step, language, options.speechRate);
      let event: CallEvent | null;
      let end: number;
      switch (resolved.kind) {
        case 'announce':
          event = PLAYED;
          end = t + promptSec;
          break;
        case 'gather': {
          const answer = caller.atGather({ step: active.step as GatherStep, openSec: t, promptSec });
          event = answer.event;
          end = Math.max(t, answer.atSec);
          break;
        }
        case 'hangup':
          event = null;
          end = t + promptSec;
          break;
        default: {
          const answer = world.outcome(resolved.kind, state, resolved, promptSec);
          event = answer.event;
          end = t + answer.afterSec;
        }
      }
      const hangup = Math.max(t, caller.hangupSec());
      if (hangup < end) {
        event = HANGUP;
        end = hangup;
      }
      if (end > maxSec) {
        journey.push({ state, kind: resolved.kind, atSec: t, endSec: null, event: null });
        t = maxSec;
        stuck = true;
        break;
      }
      const to = stepTarget(resolved);
      journey.push(
        to === undefined
          ? { state, kind: resolved.kind, atSec: t, endSec: end, event }
          : { state, kind: resolved.kind, to, atSec: t, endSec: end, event },
      );
      // The wait begins once the queue's own prompts end (the journey cannot tell); overflow keeps the first entry.
      if (resolved.kind === 'enqueue') {
        queueEntrySec ??= Math.min(end, t + promptSec);
        skill = resolved.skill;
        if (event?.type === 'AGENT_ANSWERED') {
          answerSec = end;
          agentId = event.agentId;
        } else if (event?.type === 'HANGUP') {
          abandonSec = end;
        }
      }
      if (resolved.kind === 'agent') handleSec = end - t;
      t = end;
      if (event === null) break;
      if (!call.send(event)) {
        throw new HotlineError(
          'HOTLINE_FLOW_INVALID',
          `Flow "${flow.id}" state "${state}" (${resolved.kind}) has no transition for ${event.type}; the call would be stuck there.`,
        );
      }
    }
    const rating = Number(call.context.rating);
    const facts = journeyFacts(journey);
    const leftIvr = journey.find((step) => IVR_EXITS.has(step.kind));
    const record: CallRecord = {
      callSid: options.callSid ?? '',
      flowId: flow.id,
      direction: options.input?.direction ?? 'inbound',
      callerHash: null,
      arrivalSec: 0,
      ivrExitSec: leftIvr?.atSec ?? null,
      queueEntrySec,
      answerSec,
      abandonSec,
      endSec: t,
      // A virtual call has no after-call work: its agent leg is all talk.
      handleSec,
      talkSec: handleSec,
      callType: null,
      attempt: 1,
      skill,
      pool: null,
      agentGroup: null,
      agentId,
      outcome: callOutcome(
        {
          answerSec: facts.answered ? 0 : null,
          callbackRequested: facts.callbackRequested,
          transferTo: facts.transferTo,
          queueEntrySec: facts.queueEntered ? 0 : null,
        },
        { waiting: facts.waiting, callerHungUp: facts.endedBy === 'caller', marks: [...marks] },
      ),
      rating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null,
      surveyInvited: marks.has('survey'),
      language: call.context.language,
      callbackRequested: facts.callbackRequested,
      transferTo: facts.transferTo,
      lastState: call.stateName,
      resolved: null,
    };
    return { record, journey, stuck };
  } finally {
    call.stop();
  }
}
