import { failingStates, type LintGraph, type LintVertex } from '../model/lint-model.js';
import type { LintRule } from '../model/lint-types.js';

/** Vertices from which some path (HANGUP edges aside) reaches a final state. */
function canEnd(graph: LintGraph): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const vertex of graph.vertices.values()) {
    for (const edge of vertex.edges) {
      if (edge.event.type === 'HANGUP' || edge.to === vertex.key) continue;
      incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), vertex.key]);
    }
  }
  const ends = new Set([...graph.vertices.values()].filter((v) => v.snapshot.status === 'done').map((v) => v.key));
  for (const queue = [...ends]; queue.length > 0; ) {
    for (const from of incoming.get(queue.shift()!) ?? []) {
      if (!ends.has(from)) {
        ends.add(from);
        queue.push(from);
      }
    }
  }
  return ends;
}

function why(vertex: LintVertex): string {
  const step = vertex.step;
  if (!step) return 'it declares no step and is not a final state, so nothing moves the call on';
  if (step.kind === 'hangup')
    return "its hangup step ends the call, but the state is not type: 'final', so the flow never finishes";
  const onward = [
    ...new Set(vertex.edges.filter((e) => e.event.type !== 'HANGUP' && e.to !== vertex.key).map((e) => e.event.type)),
  ];
  const offered = [...new Set(vertex.edges.map((e) => e.event.type).filter((t) => t !== 'HANGUP'))];
  return onward.length === 0
    ? `its ${step.kind} step has no transition for ${offered.join(', ')}`
    : `every way on (${onward.join(', ')}) leads back here or to other states that cannot end`;
}

/**
 * dead-end (error): a state from which the call can never end, except by the
 * caller hanging up: no path from it reaches a final state. Catches a step
 * without the transition that ends it (an announce with no PLAYED, an agent
 * with no AGENT_FINISHED), a state with no step, a hangup step in a state
 * that is not final, and loops with no way out. HANGUP edges are ignored:
 * every state has one.
 */
export const deadEnd: LintRule = {
  id: 'dead-end',
  severity: 'error',
  summary: 'a state from which the call can never end (other than by the caller hanging up)',
  check(model) {
    const ending = new Map(model.graphs.map((g) => [g, canEnd(g)]));
    return failingStates(model, (vertex, graph) => !ending.get(graph)!.has(vertex.key)).map(
      ({ vertex, graph, note }) => ({
        state: vertex.stateId,
        message: `A call in "${vertex.stateId}"${note} (${graph.leg} call) can never end unless the caller hangs up: ${why(vertex)}. Add a transition that leads on to a final state.`,
      }),
    );
  },
};
