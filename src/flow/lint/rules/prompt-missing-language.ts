import type { LintRule, RuleHit } from '../model/lint-types.js';
import { stepTexts } from '../model/step-texts.js';

/**
 * prompt-missing-language (error): a text in a state's step (its prompts,
 * and for a queue the hold prompts, position announcement, callback offer)
 * with no text, or only blanks, for a language the flow offers
 * (`flow.languages`). At run time the first language present would be read
 * out instead, so an English caller would hear Mandarin. Every declared state
 * is checked, reachable or not.
 */
export const promptMissingLanguage: LintRule = {
  id: 'prompt-missing-language',
  severity: 'error',
  summary: "a prompt text missing one of the flow's languages",
  check(model) {
    const hits: RuleHit[] = [];
    for (const state of model.states) {
      if (!state.step) continue;
      const gaps = stepTexts(state.step).flatMap(({ where, text }) => {
        const missing = model.flow.languages.filter((language) => !text[language]?.trim());
        return missing.length === 0 ? [] : [`${where} has no ${missing.join(' or ')} text`];
      });
      if (gaps.length === 0) continue;
      hits.push({
        state: state.id,
        message: `State "${state.id}": ${gaps.join('; ')}, but the flow offers ${model.flow.languages.join(' and ')}. Add the missing text (say({ ${model.flow.languages.map((l) => `'${l}': '…'`).join(', ')} })) or drop the language from the flow.`,
      });
    }
    return hits;
  },
};
