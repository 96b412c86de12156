import type { Step } from '../../step.js';
import { pickText, type Language } from '../../text.js';
import { endsIvr, isMenu, pressedKeys, vertexLanguage, type LintVertex } from '../model/lint-model.js';
import type { LintRule, RuleHit } from '../model/lint-types.js';

/** Everything a step's own prompts say in `language`, in order. */
function spoken(step: Step | undefined, language: Language): string {
  if (!step || !('prompts' in step)) return '';
  return step.prompts.map((p) => (p.kind === 'say' ? (pickText(p.text, language) ?? '') : '')).join('\n');
}

const standalone = (digits: string) => new RegExp(`(?<![0-9])${digits}(?![0-9])`);

/** Where the emergency notice starts in `text` (it names every emergency number), or -1 when it is not there. */
export function noticeAt(text: string, numbers: readonly string[]): number {
  const at = numbers.map((n) => text.search(standalone(n)));
  return numbers.length === 0 || at.some((i) => i < 0) ? -1 : Math.min(...at);
}

const KEY_WORDS: Readonly<Record<string, RegExp>> = {
  '*': /\*|星号|(?<![A-Za-z])star(?![A-Za-z])/i,
  '#': /#|井号|(?<![A-Za-z])(hash|pound)(?![A-Za-z])/i,
};

/** Where `text` first offers one of `keys` ("请按1", "press star"), or -1. */
function offerAt(text: string, keys: Iterable<string>): number {
  const patterns = [...keys].flatMap((k) =>
    KEY_WORDS[k] ? [KEY_WORDS[k]] : /^[0-9]+$/.test(k) ? [standalone(k)] : [],
  );
  const at = patterns.map((p) => text.search(p)).filter((i) => i >= 0);
  return at.length === 0 ? -1 : Math.min(...at);
}

/**
 * menu-before-emergency-notice (error): an IVR menu a caller can reach
 * before hearing the emergency notice (12345 must send 110/119/120/122
 * emergencies to those lines, 国办函〔2025〕66号; the reference profiles
 * play the notice before any menu). The notice is any prompt text that
 * names every number in `emergencyNumbers`, as digits (robust to wording,
 * and what the caller must hear); it is checked in the caller's language on
 * each path, so a language switch counts. A notice in the menu's own prompts
 * counts when it comes before the first key the menu offers. Menus as in
 * agent-too-deep: gathers with key choices before the first queue, agent or
 * transfer.
 */
export const menuBeforeEmergencyNotice: LintRule = {
  id: 'menu-before-emergency-notice',
  severity: 'error',
  summary: 'an IVR menu a caller can reach before the emergency notice (110/119/120/122)',
  check(model, options) {
    const numbers = options.emergencyNumbers;
    const hits = new Map<string, RuleHit>();
    const says = (vertex: LintVertex) => noticeAt(spoken(vertex.step, vertexLanguage(vertex, model.flow)), numbers);
    for (const graph of model.graphs) {
      const seen = new Set<string>();
      for (const queue: [string, boolean][] = [[graph.start, false]]; queue.length > 0; ) {
        const [key, heard] = queue.shift()!;
        if (seen.has(`${heard}|${key}`)) continue;
        seen.add(`${heard}|${key}`);
        const vertex = graph.vertices.get(key)!;
        const noticeHere = says(vertex);
        if (!heard && isMenu(vertex) && !hits.has(vertex.stateId)) {
          const language = vertexLanguage(vertex, model.flow);
          const offer = offerAt(spoken(vertex.step, language), pressedKeys(vertex.snapshot));
          if (noticeHere < 0 || (offer >= 0 && offer < noticeHere)) {
            hits.set(vertex.stateId, {
              state: vertex.stateId,
              message: `Menu "${vertex.stateId}" can be reached (${graph.leg} call, ${language}) before the emergency notice: no earlier prompt names ${numbers.join('/')}${noticeHere >= 0 ? ', and its own prompts offer keys before the notice' : ''}. Play the notice ("如遇紧急情况，请直接拨打${numbers.join('、')}" / "for emergencies, dial ${numbers.join(', ')}") before any menu, e.g. in the greeting.`,
            });
          }
        }
        if (endsIvr(vertex.step)) continue;
        for (const edge of vertex.edges) queue.push([edge.to, heard || noticeHere >= 0]);
      }
    }
    return [...hits.values()];
  },
};
