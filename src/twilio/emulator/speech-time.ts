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
