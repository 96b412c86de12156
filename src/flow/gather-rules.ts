import type { CallEvent } from './call-event.js';
import type { GatherStep } from './step.js';

/** What a caller gave a gather, and when it was complete (call time). */
export interface CallerAnswer {
  readonly event: CallEvent;
  readonly atSec: number;
}

/** The parts of a gather that decide what input it takes: a flow's gather step, or a `<Gather>` read from TwiML. */
export type GatherRules = Pick<GatherStep, 'input' | 'timeoutSec' | 'maxDigits' | 'finishOnKey'>;

/** A gather listening from `openSec` (call time) whose prompts take `promptSec`. */
export interface GatherWindow {
  readonly step: GatherRules;
  readonly openSec: number;
  readonly promptSec: number;
}

/** Something the caller did, at a time of the call: a key, or an utterance with what it said. */
export type CallerAction =
  | { readonly kind: 'key'; readonly digit: string; readonly atSec: number }
  | {
      readonly kind: 'speech';
      readonly startSec: number;
      readonly endSec: number;
      readonly text: string;
      readonly confidence?: number;
    };

/** When an action begins (a key's tone, the start of an utterance). */
export function actionStart(action: CallerAction): number {
  return action.kind === 'key' ? action.atSec : action.startSec;
}

const NO_INPUT: CallEvent = { type: 'NO_INPUT' };

/**
 * Twilio's `<Gather>` rules applied to a caller's timed actions, in virtual
 * time. Actions are taken in order from `from`, each `shift` seconds later
 * than its recorded time, and never before the gather opened (a caller who
 * was early waits until the flow is ready):
 * - the first key or utterance may come while the prompts play (barge-in)
 *   or up to `timeoutSec` after they end; later than that is no input;
 * - after a key, the next must come within `timeoutSec` of it, else the keys
 *   so far are submitted; `maxDigits` keys submit at once; the finish key
 *   submits the keys before it (alone, it is no input);
 * - an utterance is submitted when it ends (speech first ignores the finish key);
 * - input the gather does not listen for (a key at a speech-only prompt) is
 *   used up and ignored.
 * Returns the answer and the index of the first action left for later.
 */
export function collectGather(
  gather: GatherWindow,
  actions: readonly CallerAction[],
  from: number,
  shift: number,
): { answer: CallerAnswer; next: number } {
  const { step, openSec, promptSec } = gather;
  const keys = step.input !== 'speech';
  const speech = step.input !== 'dtmf';
  const finishKey = step.finishOnKey ?? '#';
  const when = (t: number) => Math.max(openSec, t + shift);
  let i = from;
  const deadline = openSec + promptSec + step.timeoutSec;
  for (;;) {
    const first = actions[i];
    if (!first || when(actionStart(first)) > deadline) return { answer: { event: NO_INPUT, atSec: deadline }, next: i };
    if (first.kind === 'speech') {
      i += 1;
      if (!speech) continue;
      const event: CallEvent =
        first.confidence === undefined
          ? { type: 'SPEECH', text: first.text }
          : { type: 'SPEECH', text: first.text, confidence: first.confidence };
      return { answer: { event, atSec: when(first.endSec) }, next: i };
    }
    if (!keys) {
      i += 1;
      continue;
    }
    let digits = '';
    let last = when(first.atSec);
    for (;;) {
      const key = actions[i];
      if (key?.kind !== 'key' || (digits !== '' && when(key.atSec) > last + step.timeoutSec)) break;
      const at = when(key.atSec);
      i += 1;
      if (finishKey !== '' && key.digit === finishKey) {
        return { answer: { event: digits === '' ? NO_INPUT : { type: 'DIGITS', digits }, atSec: at }, next: i };
      }
      digits += key.digit;
      last = at;
      if (step.maxDigits !== undefined && digits.length >= step.maxDigits)
        return { answer: { event: { type: 'DIGITS', digits }, atSec: at }, next: i };
    }
    return { answer: { event: { type: 'DIGITS', digits }, atSec: last + step.timeoutSec }, next: i };
  }
}

/** The keys that submit `digits` at a gather: followed by its finish key unless `numDigits` submits them by itself. */
export function keysToSubmit(digits: string, rules: GatherRules): string {
  const finish = rules.finishOnKey ?? '#';
  const submitsAlone = rules.maxDigits !== undefined && digits.length >= rules.maxDigits;
  return submitsAlone || finish === '' ? digits : digits + finish;
}
