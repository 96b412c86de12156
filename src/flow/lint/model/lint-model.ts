import type { AnyMachineSnapshot } from 'xstate';
import { HotlineError } from '../../../errors.js';
import type { FlowDefinition, FlowInput } from '../../flow-definition.js';
import { flowGraph, type FlowGraph, type FlowVertex } from '../../graph/flow-graph.js';
import {
  activeStates,
  guardParamsAt,
  isStepMeta,
  machineInternals,
  type MachineState,
} from '../../graph/machine-internals.js';
import type { Step } from '../../step.js';
import type { Language } from '../../text.js';

/** A state as the flow declares it, reachable or not. */
export interface DeclaredState {
  /** Machine-relative id, e.g. 'menu' or 'menu.retry'. */
  readonly id: string;
  readonly node: MachineState;
  /** The step in its meta, if it declares one. */
  readonly step: Step | undefined;
}

/** A vertex of a flow's state graph: a state plus the context that can still change the call's course. */
export type LintVertex = FlowVertex;

/** The reachable graph of one kind of call (an inbound call, or a callback leg the hotline places). */
export interface LintGraph extends Omit<FlowGraph, 'failures'> {
  readonly leg: 'inbound' | 'callback';
}

/** Everything the rules look at, built once per flow. */
export interface LintModel {
  readonly flow: FlowDefinition;
  /** Every declared state in declaration order (depth first), the root excluded. */
  readonly states: readonly DeclaredState[];
  readonly graphs: readonly LintGraph[];
}

/**
 * Transitions the graph search may take before giving up. A flow whose
 * guarded counter can grow without bound would otherwise never finish; the
 * shipped menu flow takes under 1,000.
 */
const MAX_TRANSITIONS = 50_000;

/** The step in a state's meta (`meta: gather({...})`), if any. */
function declaredStep(state: MachineState): Step | undefined {
  return isStepMeta(state.meta) ? state.meta.step : undefined;
}

function declaredStates(flow: FlowDefinition): DeclaredState[] {
  return machineInternals(flow.machine)
    .states.slice(1)
    .map((node) => ({ id: node.id, node, step: declaredStep(node) }));
}

/**
 * A flow whose action, guard or prompt code throws ends in XState's 'error'
 * status, which the graph would show as a state with no way on: the rules
 * would report bogus dead ends. The real error is reported instead, with the
 * state and event where it happened.
 */
function failOnFlowError(flow: FlowDefinition, leg: 'inbound' | 'callback', graph: FlowGraph): void {
  const failure = graph.failures[0];
  if (failure === undefined) return;
  const reason = (failure.error as Error | undefined)?.message ?? String(failure.error);
  if (failure.event === undefined) {
    throw new HotlineError(
      'HOTLINE_FLOW_INVALID',
      `Flow "${flow.id}" (${leg} call) fails as the call starts: ${reason}. Fix the flow's code (an entry action, guard or input) so a call can start.`,
    );
  }
  throw new HotlineError(
    'HOTLINE_FLOW_INVALID',
    `Flow "${flow.id}" (${leg} call) fails in state "${failure.at.stateId}" on ${failure.event.type}: ${reason}. Fix the flow's code (an action or guard there throws).`,
  );
}

/**
 * The reachable graph (`flowGraph`, the one builder) with a bound on the
 * search, so a malformed flow fails with a message instead of running forever.
 */
function explore(flow: FlowDefinition, leg: 'inbound' | 'callback', input: FlowInput | undefined): LintGraph {
  let graph: FlowGraph;
  try {
    graph = flowGraph(flow, { limit: MAX_TRANSITIONS, ...(input ? { input } : {}) });
  } catch (error) {
    if ((error as Error).message === 'Traversal limit exceeded') {
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `Flow "${flow.id}" (${leg} call) has more than ${MAX_TRANSITIONS} state and context combinations: a context field read by a guard (below/is) grows without bound. Bound the counter (e.g. send the caller on once below(...) fails).`,
        { cause: error },
      );
    }
    throw error;
  }
  failOnFlowError(flow, leg, graph);
  return { leg, start: graph.start, vertices: graph.vertices, edgeCount: graph.edgeCount };
}

/**
 * Builds what the rules need: the declared states, and the reachable graphs
 * of an inbound call and of a callback leg (input `direction: 'callback'`
 * with the flow's first skill, as the server starts one).
 */
export function buildLintModel(flow: FlowDefinition): LintModel {
  const callbackInput: FlowInput = { direction: 'callback', skill: flow.skills[0] ?? 'general' };
  return {
    flow,
    states: declaredStates(flow),
    graphs: [explore(flow, 'inbound', undefined), explore(flow, 'callback', callbackInput)],
  };
}

/** Keys that a `pressed` guard names in the active states. */
export function pressedKeys(snapshot: AnyMachineSnapshot): Set<string> {
  return new Set(guardParamsAt<{ keys: readonly string[] }>(snapshot, 'DIGITS', 'pressed').flatMap((p) => p.keys));
}

/**
 * A menu: a gather that offers choices by key (a `pressed` guard). Entry
 * prompts (a case number, `entered`) are gathers but not menus.
 */
export function isMenu(vertex: LintVertex): boolean {
  return vertex.step?.kind === 'gather' && pressedKeys(vertex.snapshot).size > 0;
}

/** Steps where the IVR part of a call ends: a queue, an agent, a transfer out. */
export function endsIvr(step: Step | undefined): boolean {
  return step?.kind === 'enqueue' || step?.kind === 'agent' || step?.kind === 'transfer';
}

/**
 * The vertices a caller can reach before the IVR part ends (before joining a
 * queue, talking to an agent or being transferred): where IVR menus are.
 */
export function ivrVertices(graph: LintGraph): LintVertex[] {
  const seen = new Set([graph.start]);
  const order: LintVertex[] = [];
  for (const queue = [graph.start]; queue.length > 0; ) {
    const vertex = graph.vertices.get(queue.shift()!)!;
    order.push(vertex);
    if (endsIvr(vertex.step)) continue;
    for (const edge of vertex.edges) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return order;
}

/** Context fields the active states' guards read (`below`, `is`), by name. */
function guardedFields(snapshot: AnyMachineSnapshot): Set<string> {
  const fields = new Set<string>();
  for (const state of activeStates(snapshot)) {
    for (const eventType of state.on.keys()) {
      for (const type of ['below', 'is']) {
        for (const p of guardParamsAt<{ field: string }>(snapshot, eventType, type))
          if (p.field !== 'direction') fields.add(p.field);
      }
    }
  }
  return fields;
}

/** The context a vertex's own guards read, for messages, e.g. ' (menuTries = 2)', or '' when none. */
export function contextNote(vertex: LintVertex): string {
  const context = vertex.snapshot.context as Record<string, unknown>;
  const fields = [...guardedFields(vertex.snapshot)].sort();
  return fields.length === 0 ? '' : ` (${fields.map((f) => `${f} = ${JSON.stringify(context[f])}`).join(', ')})`;
}

/** The caller's language in a vertex, or the flow's first. */
export function vertexLanguage(vertex: LintVertex, flow: FlowDefinition): Language {
  const language = (vertex.snapshot.context as { language?: unknown } | undefined)?.language;
  return (flow.languages as readonly unknown[]).includes(language)
    ? (language as Language)
    : (flow.languages[0] ?? 'cmn-CN');
}

/** A state where a per-vertex check failed: the first failing vertex, and whether it failed in every context the state is reached in. */
export interface StateFailure {
  readonly vertex: LintVertex;
  readonly graph: LintGraph;
  /** ' (tries = 2)' when the check fails only in some contexts, '' when in all. */
  readonly note: string;
}

/** Runs a check on every reachable vertex and groups the failures by state (first failure kept, in graph order). */
export function failingStates(
  model: LintModel,
  fails: (vertex: LintVertex, graph: LintGraph) => boolean,
): StateFailure[] {
  const first = new Map<string, { vertex: LintVertex; graph: LintGraph }>();
  const passed = new Set<string>();
  for (const graph of model.graphs) {
    for (const vertex of graph.vertices.values()) {
      if (!fails(vertex, graph)) passed.add(vertex.stateId);
      else if (!first.has(vertex.stateId)) first.set(vertex.stateId, { vertex, graph });
    }
  }
  return [...first.values()].map(({ vertex, graph }) => ({
    vertex,
    graph,
    note: passed.has(vertex.stateId) ? contextNote(vertex) : '',
  }));
}
