import type { CallEvent } from '../call-event.js';
import type { FlowDefinition } from '../flow-definition.js';
import type { StepKind } from '../step.js';
import type { FlowPath } from './coverage-paths.js';
import { declaredStates } from './flow-coverage.js';
import { type FlowGraph, leafStateId } from './flow-graph.js';
import { isStepMeta, machineInternals } from './machine-internals.js';

/** What a state does: its step's kind, 'final' for a final state without a step, 'none' otherwise. */
export type StateKind = StepKind | 'final' | 'none';

/** A state of a flow's machine (a leaf: atomic or final), as the flow view draws it. */
export interface StateNode {
  /** Machine-relative id, e.g. 'menu' or 'menu.retry'. */
  readonly id: string;
  readonly kind: StateKind;
  readonly tags: readonly string[];
  /** False for a declared state no call can reach. */
  readonly reachable: boolean;
}

/** A transition between two states: the event that takes it, as a short label (`DIGITS 1`, `NO_INPUT`, `HANGUP`). */
export interface StateTransition {
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

/** A flow's machine states and the transitions between them that the flow graph finds, for drawing. */
export interface StateGraph {
  /** The state an inbound call starts in, and a callback leg's. */
  readonly starts: { readonly inbound: string; readonly callback: string };
  readonly nodes: readonly StateNode[];
  readonly transitions: readonly StateTransition[];
}

/** A short label of an event: its type and what tells it apart (the keys, the words, the result). */
export function eventLabel(event: CallEvent): string {
  switch (event.type) {
    case 'DIGITS':
      return `DIGITS ${event.digits}`;
    case 'SPEECH':
      return `SPEECH "${event.text}"`;
    case 'LOOKUP_RESULT':
      return `LOOKUP_RESULT ${event.found ? 'found' : 'not-found'}`;
    case 'QUEUE_RESULT':
      return `QUEUE_RESULT ${event.result}`;
    case 'TRANSFER_ENDED':
      return `TRANSFER_ENDED ${event.status}`;
    default:
      return event.type;
  }
}

/** A transition's identity: `from --event--> to`. */
export function transitionKey(t: StateTransition): string {
  return `${t.from} --${t.event}--> ${t.to}`;
}

/** The state transitions a path takes, in order (repeats kept). */
export function pathTransitions(path: FlowPath): StateTransition[] {
  let from = leafStateId(path.start);
  return path.steps.map((step) => {
    const to = leafStateId(step.snapshot);
    const t = { from, to, event: eventLabel(step.event) };
    from = to;
    return t;
  });
}

/**
 * Collapses flow graphs (state plus context: see flowGraph) to the machine's states: a node per leaf state any
 * vertex is in, a transition per (state, event label, state) any edge takes, in the graphs' order; declared states
 * no vertex reaches follow as unreachable nodes. `graphs` are the inbound call's graph and the callback leg's.
 */
export function stateGraph(flow: FlowDefinition, graphs: { inbound: FlowGraph; callback: FlowGraph }): StateGraph {
  const internals = machineInternals(flow.machine);
  const nodes = new Map<string, StateNode>();
  const transitions = new Map<string, StateTransition>();
  const tagsOf = (id: string) => internals.states.find((s) => s.id === id)?.tags ?? [];
  for (const graph of [graphs.inbound, graphs.callback]) {
    for (const vertex of graph.vertices.values()) {
      if (!nodes.has(vertex.stateId)) {
        const kind: StateKind = vertex.step?.kind ?? (vertex.snapshot.status === 'done' ? 'final' : 'none');
        nodes.set(vertex.stateId, { id: vertex.stateId, kind, tags: tagsOf(vertex.stateId), reachable: true });
      }
      for (const edge of vertex.edges) {
        const to = graph.vertices.get(edge.to)?.stateId ?? edge.to;
        const t = { from: vertex.stateId, to, event: eventLabel(edge.event) };
        transitions.set(transitionKey(t), t);
      }
    }
  }
  for (const id of declaredStates(flow)) {
    const state = internals.states.find((s) => s.id === id);
    if (!state || nodes.has(id) || (state.type !== 'atomic' && state.type !== 'final')) continue;
    const kind: StateKind = isStepMeta(state.meta) ? state.meta.step.kind : state.type === 'final' ? 'final' : 'none';
    nodes.set(id, { id, kind, tags: [...state.tags], reachable: false });
  }
  const startOf = (graph: FlowGraph) => graph.vertices.get(graph.start)?.stateId ?? '(root)';
  return {
    starts: { inbound: startOf(graphs.inbound), callback: startOf(graphs.callback) },
    nodes: [...nodes.values()],
    transitions: [...transitions.values()],
  };
}
