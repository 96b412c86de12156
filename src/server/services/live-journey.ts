import type { CallEvent } from '../../flow/call-event.js';
import type { PassedStep } from '../../flow/runtime/flow-call.js';
import type { Step } from '../../flow/step.js';
import type { Language } from '../../flow/text.js';
import { DEFAULT_SPEECH_RATE, stepPromptSec } from '../../flow/prompt-duration.js';
import type { JourneyStep } from '../../record/recording-metadata.js';

/** What one webhook did to a live call, for its journey. */
export interface JourneyUpdate {
  /** Call time now (seconds since the call was answered). */
  readonly atSec: number;
  /** The event the webhook applied (it ends the open step), or null (a new call, a re-render). */
  readonly event: CallEvent | null;
  readonly passed: readonly PassedStep[];
  /** The step the call now waits in, with its queue skill or transfer number; undefined when the flow ended. */
  readonly waiting: { readonly stateId: string; readonly step: Step; readonly to: string | undefined } | undefined;
  /** The flow's state when it ended without a step (e.g. 'callerHungUp'). */
  readonly finalState: string;
  readonly language: Language;
}

/**
 * A live call's journey after one webhook, in the recordings' format: the
 * open step is closed by the event the webhook applied; announce and lookup
 * steps the flow passed on its own follow, timed by the speech model (the
 * server does not hear the prompts end); then the step the call waits in,
 * open until the next webhook.
 */
export function extendJourney(journey: readonly JourneyStep[], update: JourneyUpdate): JourneyStep[] {
  const out = journey.slice();
  const last = out.at(-1);
  if (update.event && last && last.endSec === null)
    out[out.length - 1] = { ...last, endSec: update.atSec, event: update.event };
  let t = update.atSec;
  for (const passed of update.passed) {
    const sec = stepPromptSec(passed.step, update.language, DEFAULT_SPEECH_RATE);
    out.push({ state: passed.stateId, kind: passed.step.kind, atSec: t, endSec: t + sec, event: passed.event });
    t += sec;
  }
  const { waiting } = update;
  if (!waiting) {
    out.push({ state: update.finalState, kind: 'final', atSec: t, endSec: t, event: null });
    return out;
  }
  const open = out.at(-1);
  if (open && open.endSec === null && open.state === waiting.stateId) return out;
  out.push({
    state: waiting.stateId,
    kind: waiting.step.kind,
    ...(waiting.to === undefined ? {} : { to: waiting.to }),
    atSec: t,
    endSec: null,
    event: null,
  });
  return out;
}

/** How a live call ended, for its journey's last steps. */
export interface JourneyEnd {
  /** Call time at the end (seconds since the call was answered). */
  readonly atSec: number;
  /** True when the caller hung up (the open step ends with HANGUP and the flow's final state follows); false when the flow ended it. */
  readonly callerHungUp: boolean;
  /** The flow's state at the end (e.g. 'callerHungUp'). */
  readonly finalState: string;
}

/** Closes a live call's journey when the call ends: by the caller hanging up (then the flow's final state follows) or by the flow. */
export function closeJourney(journey: readonly JourneyStep[], end: JourneyEnd): JourneyStep[] {
  const { atSec, callerHungUp, finalState } = end;
  const out = journey.slice();
  const last = out.at(-1);
  if (last && last.endSec === null)
    out[out.length - 1] = { ...last, endSec: atSec, event: callerHungUp ? { type: 'HANGUP' } : null };
  if (callerHungUp && out.at(-1)?.kind !== 'final')
    out.push({ state: finalState, kind: 'final', atSec, endSec: atSec, event: null });
  return out;
}
