import { describeInput, invalidInputs } from '../model/gather-inputs.js';
import { failingStates, type LintVertex } from '../model/lint-model.js';
import type { LintRule } from '../model/lint-types.js';

/**
 * menu-invalid-input (error): a gather where an input that matches no choice
 * (a key no `pressed` guard names, an entry its `entered` pattern rejects,
 * speech no `said` guard matches) takes no transition, so the caller is not
 * told and not asked again. Each input kind the gather listens for is tried.
 */
export const menuInvalidInput: LintRule = {
  id: 'menu-invalid-input',
  severity: 'error',
  summary: 'a gather where an input matching no choice (wrong key, rejected entry, unrecognised speech) is not handled',
  check(model) {
    const unhandled = (vertex: LintVertex) =>
      vertex.step?.kind === 'gather'
        ? invalidInputs(vertex, vertex.step).filter((event) => !vertex.snapshot.can(event))
        : [];
    return failingStates(model, (vertex) => unhandled(vertex).length > 0).map(({ vertex, note }) => {
      const events = unhandled(vertex);
      return {
        state: vertex.stateId,
        message: `Gather "${vertex.stateId}"${note} takes no transition on ${events.map(describeInput).join(' or ')}: the caller is neither told nor asked again. Add a last, unguarded ${[...new Set(events.map((e) => e.type))].join('/')} transition (e.g. an "invalid input" announcement back to the gather, or on to an agent).`,
      };
    });
  },
};
