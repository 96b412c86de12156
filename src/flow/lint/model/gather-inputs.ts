import type { CallEvent } from '../../call-event.js';
import type { EnteredParams, SaidParams } from '../../flow-guards.js';
import { INVALID_ENTRY, UNMATCHED_SPEECH } from '../../graph/flow-events.js';
import { guardParamsAt } from '../../graph/machine-internals.js';
import type { GatherStep } from '../../step.js';
import { pressedKeys, type LintVertex } from './lint-model.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const ENTRY_CANDIDATES = [INVALID_ENTRY, '1', '0'.repeat(40), '*'];

/**
 * Inputs a gather should not accept as a choice, one of each kind it listens
 * for: a key no `pressed` guard names (or, where an `entered` pattern is
 * expected, an entry it rejects), and speech no `said` guard matches. Empty
 * when every key is a choice.
 */
export function invalidInputs(vertex: LintVertex, step: GatherStep): CallEvent[] {
  const events: CallEvent[] = [];
  if (step.input !== 'speech') {
    const keys = pressedKeys(vertex.snapshot);
    const patterns = guardParamsAt<EnteredParams>(vertex.snapshot, 'DIGITS', 'entered').map(
      (p) => new RegExp(p.pattern),
    );
    const rejected = (digits: string) => !keys.has(digits) && !patterns.some((p) => p.test(digits));
    const candidates = patterns.length > 0 ? ENTRY_CANDIDATES : KEYS.filter((k) => k !== (step.finishOnKey ?? '#'));
    const invalid = candidates.find(rejected);
    if (invalid !== undefined) events.push({ type: 'DIGITS', digits: invalid });
  }
  if (step.input !== 'dtmf') events.push({ type: 'SPEECH', text: UNMATCHED_SPEECH, confidence: 0.5 });
  return events;
}

/**
 * True when `event` is a failed input at a gather: no input, keys no
 * `pressed` guard names and no `entered` pattern accepts, or speech no
 * `said` guard matches.
 */
export function isFailedInput(vertex: LintVertex, event: CallEvent): boolean {
  switch (event.type) {
    case 'NO_INPUT':
      return true;
    case 'DIGITS': {
      const patterns = guardParamsAt<EnteredParams>(vertex.snapshot, 'DIGITS', 'entered').map(
        (p) => new RegExp(p.pattern),
      );
      return !pressedKeys(vertex.snapshot).has(event.digits) && !patterns.some((p) => p.test(event.digits));
    }
    case 'SPEECH': {
      const text = event.text.toLowerCase();
      return !guardParamsAt<SaidParams>(vertex.snapshot, 'SPEECH', 'said').some((p) =>
        p.words.some((w) => text.includes(w.toLowerCase())),
      );
    }
    default:
      return false;
  }
}

/** How an event reads in a message: 'key "7"', 'entry "12"', 'unrecognised speech', 'no input'. */
export function describeInput(event: CallEvent): string {
  switch (event.type) {
    case 'DIGITS':
      return event.digits.length === 1
        ? `key "${event.digits}"`
        : `entry "${event.digits.length > 20 ? `${event.digits.slice(0, 8)}…` : event.digits}"`;
    case 'SPEECH':
      return 'unrecognised speech';
    case 'NO_INPUT':
      return 'no input';
    default:
      return event.type;
  }
}
