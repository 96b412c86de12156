import { promptSeconds } from '../../prompt-duration.js';
import type { LintRule, RuleHit } from '../model/lint-types.js';
import { promptGroups } from '../model/step-texts.js';

/**
 * prompt-too-long (warning): a state whose prompts, heard in one stretch,
 * take longer than `maxPromptSec` (default 30 s) in one of the flow's
 * languages. Durations are the simulator's (`promptSeconds`: Mandarin by
 * characters, English by words, at `speechRate`; audio by its declared
 * length), so lint and simulation agree. A queue's hold message, position
 * announcement and callback offer are each timed on their own.
 */
export const promptTooLong: LintRule = {
  id: 'prompt-too-long',
  severity: 'warning',
  summary: 'prompts that take longer than max prompt seconds in one stretch',
  check(model, options) {
    const hits: RuleHit[] = [];
    for (const state of model.states) {
      if (!state.step) continue;
      const long = promptGroups(state.step).flatMap(({ where, prompts }) => {
        const over = model.flow.languages.flatMap((language) => {
          const sec = prompts.reduce((sum, p) => sum + promptSeconds(p, language, options.speechRate), 0);
          return sec > options.maxPromptSec ? [`${sec.toFixed(1)} s in ${language}`] : [];
        });
        return over.length === 0 ? [] : [`${where} take ${over.join(', ')}`];
      });
      if (long.length === 0) continue;
      const rate = `${options.speechRate.cmnCharsPerSec} Mandarin characters or ${options.speechRate.enWordsPerSec} English words per second`;
      hits.push({
        state: state.id,
        message: `State "${state.id}": ${long.join('; ')} (limit ${options.maxPromptSec} s at ${rate}). Shorten the text, split it over states, or put the choices a caller needs first.`,
      });
    }
    return hits;
  },
};
