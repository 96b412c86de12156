import { HotlineError } from '../../errors.js';
import type { AnyMachineSnapshot } from 'xstate';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import type { Step } from '../step.js';
import { flowEvents, type FlowEventOptions } from './flow-events.js';
import {
  activeLeaves,
  activeStep,
  machineInternals,
  reachableSnapshots,
  type MachineState,
} from './machine-internals.js';

/** An edge of a flow's state graph: an event and the vertex it leads to. */
export interface FlowEdge {
  readonly event: CallEvent;
  readonly to: string;
}

/** A vertex of a flow's state graph: a state plus the context that can still change the call's course. */
export interface FlowVertex {
  readonly key: string;
  readonly snapshot: AnyMachineSnapshot;
  readonly edges: readonly FlowEdge[];
  /** Machine-relative id of the active leaf state ('(root)' when none). */
  readonly stateId: string;
  /** The active step (undefined in a final state without one). */
  readonly step: Step | undefined;
}

/**
 * Where the flow's own code (an action, a guard, the context factory) threw
 * while the graph was built: XState's snapshot then has status 'error'.
 */
export interface FlowFailure {
  /** The vertex the failing event was sent in; the start vertex itself when the call fails as it starts. */
  readonly at: FlowVertex;
  /** The event that failed; undefined when the call fails as it starts. */
  readonly event: CallEvent | undefined;
  /** XState's snapshot error. */
  readonly error: unknown;
}

/** A flow's reachable states (state + relevant context) and the events between them. */
export interface FlowGraph {
  readonly start: string;
  readonly vertices: ReadonlyMap<string, FlowVertex>;
  readonly edgeCount: number;
  /** Failures of the flow's code met on the way, the start first, then in graph order. */
  readonly failures: readonly FlowFailure[];
}

/** How to build a flow's graph. */
export interface FlowGraphOptions extends FlowEventOptions {
  /** The flow's input: a callback leg's direction and skill. */
  readonly input?: FlowInput;
  /** Transitions to take before giving up with xstate/graph's 'Traversal limit exceeded' error (default: none). */
  readonly limit?: number;
}

/** Machine-relative id of the active leaf state of a snapshot (flows have no parallel states), or '(root)'. */
export function leafStateId(snapshot: AnyMachineSnapshot): string {
  return activeLeaves(snapshot).at(-1)?.id ?? '(root)';
}

function leafOf(state: MachineState): MachineState[] {
  if (state.type === 'atomic' || state.type === 'final') return [state];
  return state.initial.flatMap(leafOf);
}

function allLeaves(state: MachineState): MachineState[] {
  return state.children.length === 0 ? [state] : state.children.flatMap(allLeaves);
}

/** Context fields consulted by `below`/`is` guards in each state or any state reachable from it, by node id. */
function fieldsReachable(flow: FlowDefinition): Map<string, Set<string>> {
  const leaves = allLeaves(machineInternals(flow.machine).root);
  const direct = new Map<string, Set<string>>();
  const next = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    const fields = new Set<string>();
    const successors = new Set<string>();
    for (let state: MachineState | undefined = leaf; state; state = state.parent) {
      for (const list of [...state.transitions.values(), state.always]) {
        for (const t of list) {
          const guard = t.guard as { type?: unknown; params?: unknown } | undefined;
          if (typeof guard === 'object' && guard !== null && (guard.type === 'below' || guard.type === 'is')) {
            fields.add((guard.params as { field: string }).field);
          }
          for (const target of t.targets) for (const l of leafOf(target)) successors.add(l.nodeId);
        }
      }
    }
    direct.set(leaf.nodeId, fields);
    next.set(leaf.nodeId, successors);
  }
  const reach = new Map([...direct].map(([id, f]) => [id, new Set(f)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, successors] of next) {
      const mine = reach.get(id) as Set<string>;
      for (const s of successors) {
        for (const f of reach.get(s) ?? []) {
          if (!mine.has(f)) {
            mine.add(f);
            changed = true;
          }
        }
      }
    }
  }
  return reach;
}

/** Context fields that always matter: they change what the caller hears or where the call is queued. */
const ALWAYS_KEPT = ['language', 'skill', 'direction'];

/**
 * A serialiser for path search: the state plus only the context that can
 * still change the call's course (fields read by guards reachable from here,
 * and language, skill, direction). Values that merely echo input (a case
 * number, a rating) or counters no longer consulted do not make new states.
 */
export function pathSerializer(flow: FlowDefinition): (snapshot: AnyMachineSnapshot) => string {
  const reach = fieldsReachable(flow);
  return (snapshot) => {
    const context = snapshot.context as Record<string, unknown>;
    const keep = new Set(ALWAYS_KEPT);
    for (const leaf of activeLeaves(snapshot)) for (const f of reach.get(leaf.nodeId) ?? []) keep.add(f);
    const kept = [...keep].sort().map((k) => [k, context[k]]);
    return JSON.stringify([snapshot.value, kept]);
  };
}

/**
 * The ONE state-graph builder: a flow's reachable states (state plus the
 * context `pathSerializer` keeps) and the events `flowEvents` offers between
 * them, explored with xstate/graph. Coverage paths and the lint model both
 * read it.
 */
export function flowGraph(flow: FlowDefinition, options: FlowGraphOptions = {}): FlowGraph {
  const serialize = pathSerializer(flow);
  const reached = reachableSnapshots(flow.machine, {
    events: (snapshot) => flowEvents(snapshot, options),
    serialize,
    ...(options.input ? { input: options.input } : {}),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  const vertices = new Map<string, FlowVertex>();
  const failures: FlowFailure[] = [];
  let edgeCount = 0;
  for (const [key, { snapshot, transitions }] of reached) {
    const edges = transitions.map((t) => ({ event: t.event, to: serialize(t.snapshot) }));
    edgeCount += edges.length;
    const vertex = { key, snapshot, edges, stateId: leafStateId(snapshot), step: activeStep(snapshot)?.step };
    vertices.set(key, vertex);
    if (vertices.size === 1 && snapshot.status === 'error') {
      failures.push({ at: vertex, event: undefined, error: snapshot.error });
    }
    for (const t of transitions) {
      if (t.snapshot.status === 'error') failures.push({ at: vertex, event: t.event, error: t.snapshot.error });
    }
  }
  const start = reached.keys().next().value;
  if (start === undefined) {
    throw new HotlineError(
      'HOTLINE_FLOW_INVALID',
      `Flow ${flow.id} has no states: give its machine at least an initial state.`,
    );
  }
  return { start, vertices, edgeCount, failures };
}
