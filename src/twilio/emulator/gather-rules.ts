import type { GatherRules } from '../../replay/gather-input.js';
import type { TwimlNode } from '../twiml-parser.js';
import { twimlSeconds } from './twiml-attribute.js';

/** What a `<Gather>` listens for, read from its attributes with Twilio's defaults (dtmf, timeout 5, finishOnKey #). */
export function gatherRules(verb: TwimlNode): GatherRules {
  const input = (verb.attrs.input ?? 'dtmf').toLowerCase();
  const speech = input.includes('speech');
  return {
    input: speech && input.includes('dtmf') ? 'dtmf speech' : speech ? 'speech' : 'dtmf',
    timeoutSec: twimlSeconds(verb.attrs.timeout, 5),
    finishOnKey: verb.attrs.finishOnKey ?? '#',
    ...(verb.attrs.numDigits ? { maxDigits: Math.max(1, Math.floor(twimlSeconds(verb.attrs.numDigits, 1))) } : {}),
  };
}

/** The keys that submit `digits` at a gather: followed by its finish key unless `numDigits` submits them by itself. */
export function keysToSubmit(digits: string, rules: GatherRules): string {
  const finish = rules.finishOnKey ?? '#';
  const submitsAlone = rules.maxDigits !== undefined && digits.length >= rules.maxDigits;
  return submitsAlone || finish === '' ? digits : digits + finish;
}
