/**
 * How long a prompt takes to say: the one speech model that the simulator, the live
 * server's journeys, replay, the corpus, the emulator and the linter all use.
 */
import type { Prompt } from './prompt.js';
import type { Step } from './step.js';
import { pickText, type Language } from './text.js';

/** How fast prompts are spoken. */
export interface SpeechRate {
  /** Mandarin characters per second (TTS at normal speed ≈ 4.5). */
  readonly cmnCharsPerSec: number;
  /** English words per second (≈ 2.6). */
  readonly enWordsPerSec: number;
}

/** Speech rate of the simulator, replay and the corpus unless a scenario sets its own. */
export const DEFAULT_SPEECH_RATE: SpeechRate = { cmnCharsPerSec: 4.5, enWordsPerSec: 2.6 };

/** Seconds to say one prompt in a language: Mandarin by characters, English by words. */
export function promptSeconds(prompt: Prompt, language: Language, rate: SpeechRate): number {
  switch (prompt.kind) {
    case 'say': {
      const text = pickText(prompt.text, language) ?? '';
      if (language === 'cmn-CN') {
        // CJK characters and digits are spoken one by one; Latin words count as one unit each.
        const cjk = (text.match(/[\u3400-\u9fff0-9]/g) ?? []).length;
        const latin = (text.replace(/[\u3400-\u9fff0-9]/g, ' ').match(/[A-Za-z]+/g) ?? []).length;
        return cjk / rate.cmnCharsPerSec + latin / rate.enWordsPerSec;
      }
      return (text.match(/[A-Za-z0-9{}]+/g) ?? []).length / rate.enWordsPerSec;
    }
    case 'play':
      return prompt.durationSec * (prompt.loop ?? 1);
    case 'tones':
      return prompt.digits.length * 0.2;
    case 'pause':
      return prompt.lengthSec;
  }
}

/** Seconds a step's prompts take in a language (0 for steps without prompts). */
export function stepPromptSec(step: Step, language: Language, rate: SpeechRate): number {
  return 'prompts' in step ? step.prompts.reduce((sum, p) => sum + promptSeconds(p, language, rate), 0) : 0;
}
