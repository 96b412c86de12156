import type { Text } from './text.js';

/** Speak text with text-to-speech in the caller's language. */
export interface SayPrompt {
  readonly kind: 'say';
  readonly text: Text;
}

/** Play an audio file: an absolute URL, or a path served from the server's `/audio/`. */
export interface PlayPrompt {
  readonly kind: 'play';
  readonly src: string;
  /** Length of the audio in seconds, used by the simulator and by lint. */
  readonly durationSec: number;
  readonly loop?: number;
}

/** Play DTMF tones (0-9, *, #, A-D; `w` is a 0.5 s pause). */
export interface TonesPrompt {
  readonly kind: 'tones';
  readonly digits: string;
}

/** Silence. */
export interface PausePrompt {
  readonly kind: 'pause';
  readonly lengthSec: number;
}

/** Something the caller hears. */
export type Prompt = SayPrompt | PlayPrompt | TonesPrompt | PausePrompt;

/** Builds a say prompt: `say({ 'cmn-CN': '您好', 'en-US': 'Hello' })`. */
export function say(text: Text): SayPrompt {
  return { kind: 'say', text };
}

/** Builds a play prompt: `play('/audio/hold.wav', 30)`. */
export function play(src: string, durationSec: number, loop?: number): PlayPrompt {
  return loop === undefined ? { kind: 'play', src, durationSec } : { kind: 'play', src, durationSec, loop };
}

/** Builds a tones prompt: `tones('1w2')`. */
export function tones(digits: string): TonesPrompt {
  return { kind: 'tones', digits };
}

/** Builds a pause: `pause(2)`. */
export function pause(lengthSec: number): PausePrompt {
  return { kind: 'pause', lengthSec };
}
