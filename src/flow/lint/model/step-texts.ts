import type { Prompt } from '../../prompt.js';
import type { Step } from '../../step.js';
import type { Text } from '../../text.js';

/** A text a step speaks, and where in the step it is, e.g. 'prompt 2' or 'callback offer'. */
export interface StepText {
  readonly where: string;
  readonly text: Text;
}

/** Prompts a caller hears in one stretch, e.g. a step's prompts or a queue's hold message. */
export interface PromptGroup {
  readonly where: string;
  readonly prompts: readonly Prompt[];
}

/**
 * The stretches of prompts a step plays: its own prompts and, for a queue,
 * the hold message, the position announcement and the callback offer (each
 * heard on its own). Hold music is left out: it fills the wait between them.
 */
export function promptGroups(step: Step): PromptGroup[] {
  const groups: PromptGroup[] = 'prompts' in step ? [{ where: 'prompts', prompts: step.prompts }] : [];
  if (step.kind === 'enqueue') {
    const { wait } = step;
    groups.push({ where: 'hold prompts', prompts: wait.holdPrompts });
    if (wait.announce)
      groups.push({ where: 'position announcement', prompts: [{ kind: 'say', text: wait.announce.text }] });
    if (wait.callbackOffer)
      groups.push({ where: 'callback offer', prompts: [{ kind: 'say', text: wait.callbackOffer.prompt }] });
  }
  return groups;
}

/** Every text a step can speak (say prompts, queue announcements and offers), with where it is. */
export function stepTexts(step: Step): StepText[] {
  const texts: StepText[] = [];
  const says = (prompts: readonly Prompt[], label: string) =>
    prompts.forEach((p, i) => {
      if (p.kind === 'say') texts.push({ where: prompts.length === 1 ? label : `${label} ${i + 1}`, text: p.text });
    });
  if ('prompts' in step) says(step.prompts, 'prompt');
  if (step.kind === 'enqueue') {
    const { wait } = step;
    says(wait.holdPrompts, 'hold prompt');
    if (wait.announce) texts.push({ where: 'position announcement', text: wait.announce.text });
    if (wait.callbackOffer) texts.push({ where: 'callback offer', text: wait.callbackOffer.prompt });
    if (wait.music) says([wait.music], 'hold music');
  }
  return texts;
}
