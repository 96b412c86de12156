import type { Prompt } from '../prompt.js';
import type { Step } from '../step.js';
import { fillTemplate, pickText, type Language, type TemplateVars } from '../text.js';

/** A prompt ready to be spoken: text chosen for the caller's language, placeholders filled. */
export type ResolvedPrompt =
  | { readonly kind: 'say'; readonly text: string; readonly language: Language }
  | Exclude<Prompt, { kind: 'say' }>;

/** A step with its prompts resolved and its templated fields (skill, lookup input) filled. */
export type ResolvedStep = Step extends infer S
  ? S extends Step
    ? Omit<S, 'prompts'> &
        (S extends { prompts: readonly Prompt[] } ? { readonly prompts: readonly ResolvedPrompt[] } : object)
    : never
  : never;

/** Resolves one prompt for the caller's language and context. */
export function resolvePrompt(prompt: Prompt, language: Language, vars: TemplateVars): ResolvedPrompt {
  if (prompt.kind !== 'say') return prompt;
  const text = pickText(prompt.text, language) ?? '';
  return { kind: 'say', text: fillTemplate(text, vars), language };
}

/** Resolves a step's prompts and templated fields against the call's context. */
export function resolveStep(step: Step, language: Language, vars: TemplateVars): ResolvedStep {
  const prompts = 'prompts' in step ? step.prompts.map((p) => resolvePrompt(p, language, vars)) : undefined;
  switch (step.kind) {
    case 'enqueue':
      return { ...step, prompts: prompts ?? [], skill: fillTemplate(step.skill, vars) };
    case 'lookup':
      return { ...step, input: fillTemplate(step.input, vars) };
    default:
      return { ...step, prompts: prompts ?? [] } as ResolvedStep;
  }
}
