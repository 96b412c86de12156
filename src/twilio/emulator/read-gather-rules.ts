import type { GatherRules } from '../../flow/gather-rules.js';
import type { TwimlNode } from '../twiml-parser.js';
import { twimlSeconds } from './twiml-attribute.js';

/** What a `<Gather>` listens for, read from its attributes with Twilio's defaults (dtmf, timeout 5, finishOnKey #). */
export function readGatherRules(verb: TwimlNode): GatherRules {
  const input = (verb.attrs.input ?? 'dtmf').toLowerCase();
  const speech = input.includes('speech');
  return {
    input: speech && input.includes('dtmf') ? 'dtmf speech' : speech ? 'speech' : 'dtmf',
    timeoutSec: twimlSeconds(verb.attrs.timeout, 5),
    finishOnKey: verb.attrs.finishOnKey ?? '#',
    ...(verb.attrs.numDigits ? { maxDigits: Math.max(1, Math.floor(twimlSeconds(verb.attrs.numDigits, 1))) } : {}),
  };
}
