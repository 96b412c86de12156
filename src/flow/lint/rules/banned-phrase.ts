import type { LintRule, RuleHit } from '../model/lint-types.js';
import { stepTexts } from '../model/step-texts.js';

/** Lower case, curly apostrophes straightened, runs of blanks made one space. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for one phrase: anywhere for CJK, at word boundaries where the phrase starts or ends with a Latin letter. */
function matcher(phrase: string): RegExp {
  const p = normalise(phrase).trim();
  const before = /^[a-z0-9]/.test(p) ? '(?<![a-z0-9])' : '';
  const after = /[a-z0-9]$/.test(p) ? '(?![a-z0-9])' : '';
  return new RegExp(`${before}${escapeRegExp(p)}${after}`);
}

/**
 * banned-phrase (error): a prompt text containing a phrase from
 * `bannedPhrases` (default: the shipped starter list of mocking and
 * dismissive phrases, `banned-phrases.ts`), in any language and any text of
 * the step (prompts, queue announcements and offers). Case-insensitive;
 * Latin phrases match whole words only ("calm down" does not match
 * "calm downtown").
 */
export const bannedPhrase: LintRule = {
  id: 'banned-phrase',
  severity: 'error',
  summary: 'a prompt containing a banned (mocking or dismissive) phrase',
  check(model, options) {
    const phrases = options.bannedPhrases
      .filter((p) => p.trim() !== '')
      .map((phrase) => ({ phrase, pattern: matcher(phrase) }));
    const hits: RuleHit[] = [];
    for (const state of model.states) {
      if (!state.step) continue;
      for (const { where, text } of stepTexts(state.step)) {
        for (const [language, value] of Object.entries(text)) {
          if (typeof value !== 'string') continue;
          const said = normalise(value);
          for (const { phrase, pattern } of phrases) {
            if (!pattern.test(said)) continue;
            hits.push({
              state: state.id,
              message: `State "${state.id}": ${where} (${language}) says "${phrase}", a banned phrase: callers hear it as mocking or dismissive. Reword it courteously (say what the caller can do, or where to turn).`,
            });
          }
        }
      }
    }
    return hits;
  },
};
