import { activeStates, machineInternals, type MachineState } from '../../graph/machine-internals.js';
import type { LintRule } from '../model/lint-types.js';

/**
 * unreachable-state (error): a declared state no call enters, inbound or
 * callback leg. Reached means active in some vertex of the flow's state graph
 * (every event `flowEvents` tries, guards evaluated on the real context), so a
 * state behind a guard that can never pass counts as unreachable too.
 * Transient states (only `always` transitions, like the shipped `start`) are
 * never at rest in a snapshot; they count as reached when a reached state or
 * the root enters them.
 */
export const unreachableState: LintRule = {
  id: 'unreachable-state',
  severity: 'error',
  summary: 'a state no call can enter (inbound or callback leg)',
  check(model) {
    const root = machineInternals(model.flow.machine).root;
    const reached = new Set<string>();
    for (const graph of model.graphs) {
      for (const vertex of graph.vertices.values()) {
        for (const state of activeStates(vertex.snapshot)) reached.add(state.nodeId);
      }
    }
    const entered = (node: MachineState): MachineState[] => [
      ...node.initial,
      ...[...node.transitions.values()].flat().flatMap((t) => t.targets),
      ...node.always.flatMap((t) => t.targets),
    ];
    for (let changed = true; changed; ) {
      changed = false;
      for (const node of [root, ...model.states.map((s) => s.node)]) {
        if (node !== root && !reached.has(node.nodeId)) continue;
        for (const target of entered(node)) {
          if (!reached.has(target.nodeId) && target.always.length > 0) {
            reached.add(target.nodeId);
            changed = true;
          }
        }
      }
    }
    return model.states
      .filter((s) => !reached.has(s.node.nodeId))
      .map((s) => ({
        state: s.id,
        message: `No call enters "${s.id}": no transition from a reachable state leads to it, or its guards never pass, on an inbound call or a callback leg. Connect it (a target in another state's "on") or delete it.`,
      }));
  },
};
