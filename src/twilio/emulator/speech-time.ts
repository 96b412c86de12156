import { promptSeconds, DEFAULT_SPEECH_RATE, type SpeechRate } from '../../flow/prompt-duration.js';

/** True for `<Say>` language tags spoken as Chinese (Mandarin or Cantonese). */
function chinese(language: string): boolean {
  return /^(cmn|zh|yue)\b/i.test(language);
}

/**
 * Seconds a `<Say>` takes: the simulator's speech model (Mandarin characters
 * one by one, English by words), so the emulator, the simulator and lint
 * agree on how long a prompt is.
 */
export function speechSeconds(text: string, language: string, rate: SpeechRate = DEFAULT_SPEECH_RATE): number {
  const lang = chinese(language) ? 'cmn-CN' : 'en-US';
  return promptSeconds({ kind: 'say', text: { [lang]: text } }, lang, rate);
}

/** Seconds `<Play digits>` takes: 0.2 s a tone (as the simulator), `w` 0.5 s, `W` 1 s. */
export function tonesSeconds(digits: string): number {
  let sec = 0;
  for (const c of digits) sec += c === 'w' ? 0.5 : c === 'W' ? 1 : 0.2;
  return sec;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as Twilio writes dates: RFC 2822 in GMT, e.g. `Fri, 20 Aug 2010 01:13:42 +0000`. */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
