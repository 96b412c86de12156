import type { Heard, PlayedHeard } from './caller-script.js';
import type { CallSession, VerbInDocument } from './call-session.js';
import { speechSeconds, tonesSeconds } from './speech-time.js';
import { twimlSeconds } from './twiml-attribute.js';

/** `loop="0"` plays this many times (Twilio: until hang-up or 1000). */
export const LOOP_FOREVER = 1000;

/**
 * What the caller hears of a `<Say>`, `<Play>` or `<Pause>` and for how long: Say from its text and language,
 * Play from the WAV it fetches (or its tones), Pause from its `length` (default 1 s); `loop` multiplies. A caller
 * who reads speech (`CallPlan.readsSpeech`) hears a Say in no time.
 */
export async function heardOf(session: CallSession, { verb, documentUrl }: VerbInDocument): Promise<Heard> {
  const loops = verb.attrs.loop === '0' ? LOOP_FOREVER : Math.max(1, Math.floor(twimlSeconds(verb.attrs.loop, 1)));
  if (verb.name === 'Say') {
    const language = verb.attrs.language ?? 'en-US';
    const durationSec = session.plan.readsSpeech ? 0 : speechSeconds(verb.text, language) * loops;
    return { verb: 'Say', text: verb.text, language, durationSec };
  }
  if (verb.name === 'Pause') return { verb: 'Pause', text: '', durationSec: twimlSeconds(verb.attrs.length, 1) };
  if (verb.attrs.digits) return { verb: 'Play', text: verb.attrs.digits, durationSec: tonesSeconds(verb.attrs.digits) };
  const url = session.resolve(verb.text, documentUrl);
  return { verb: 'Play', text: url, durationSec: (await session.env.audioSeconds(url)) * loops };
}

/** A `<Say>`, `<Play>` or `<Pause>` to play, where the caller hears it (default: in the call). */
export interface PlayRun extends VerbInDocument {
  readonly signal?: AbortSignal;
  readonly place?: PlayedHeard['place'];
}

/**
 * Plays a `<Say>`, `<Play>` or `<Pause>`: tells the caller's script, logs it and waits its length. Returns false
 * if `signal` cut it short (an agent took the caller during hold music); throws when the caller hangs up first.
 */
export async function playVerb(session: CallSession, audio: PlayRun): Promise<boolean> {
  const heard = await heardOf(session, audio);
  session.script.played?.({ ...heard, callSid: session.sid, atSec: session.atSec, place: audio.place ?? 'call' });
  if (heard.verb === 'Say') session.log(`Say [${heard.language}] ${heard.text}`);
  else session.log(heard.verb === 'Pause' ? `Pause ${heard.durationSec} s` : `Play ${heard.text}`);
  return session.wait(heard.durationSec, audio.signal);
}
