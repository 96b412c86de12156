import type { GatherStep } from '../../step.js';
import { failingStates } from '../model/lint-model.js';
import type { LintRule } from '../model/lint-types.js';

/**
 * menu-no-input (error): a gather (menu, entry prompt or survey) where
 * NO_INPUT takes no transition, so a caller who stays silent is left with no
 * re-prompt and no way on. Checked in every context the call can reach it in
 * (a retry counter's last value included).
 */
export const menuNoInput: LintRule = {
  id: 'menu-no-input',
  severity: 'error',
  summary: 'a gather with no NO_INPUT transition (silence is not handled)',
  check(model) {
    return failingStates(
      model,
      (vertex) => vertex.step?.kind === 'gather' && !vertex.snapshot.can({ type: 'NO_INPUT' }),
    ).map(({ vertex, note }) => ({
      state: vertex.stateId,
      message: `Gather "${vertex.stateId}"${note} has no transition for NO_INPUT: a caller who says or presses nothing within ${(vertex.step as GatherStep).timeoutSec} s hears nothing more. Add NO_INPUT: re-prompt while a counter is below a limit, then go on (e.g. to an agent).`,
    }));
  },
};
