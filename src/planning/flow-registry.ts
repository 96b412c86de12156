import { HotlineError } from '../errors.js';
import { loadFlow } from '../scenario/load-flow.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { CompiledFlow } from '../flow/runtime/compiled-flow.js';

/** Flows compiled for the simulator, by the spec scenarios name them with. */
const compiled = new Map<string, CompiledFlow>();

/**
 * Loads and compiles the flow a scenario names (once per process), so that
 * building models stays synchronous. Call before simulating a scenario with
 * `flow:` other than `none`; worker threads call it for themselves.
 */
export async function prepareScenario(scenario: Scenario, cwd: string = process.cwd()): Promise<void> {
  if (scenario.flow === 'none' || compiled.has(scenario.flow)) return;
  compiled.set(scenario.flow, new CompiledFlow(await loadFlow(scenario.flow, cwd)));
}

/** The compiled flow of a prepared scenario; null for `flow: none`. */
export function compiledFlowOf(scenario: Scenario): CompiledFlow | null {
  if (scenario.flow === 'none') return null;
  const flow = compiled.get(scenario.flow);
  if (!flow)
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `flow: "${scenario.flow}" was not loaded; call prepareScenario(scenario) before simulating it.`,
    );
  return flow;
}
