import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { HotlineError } from '../../../errors.js';
import type { CallEvent } from '../../call-event.js';
import type { FlowDefinition, FlowInput } from '../../flow-definition.js';
import { flowEvents, pathSerializer } from '../../graph/flow-paths.js';
import { activeStep, relativeStateId } from '../../runtime/xstate-engine.js';
import type { Step } from '../../step.js';
import type { Language } from '../../text.js';

/** The parts of an XState state node lint reads. */
export interface StateNodeLike {
  readonly id: string;
  readonly type: string;
  readonly meta?: unknown;
  readonly states: Readonly<Record<string, StateNodeLike>>;
  readonly initial?: { readonly target: readonly StateNodeLike[] };
  readonly transitions: ReadonlyMap<string, readonly { readonly target?: readonly StateNodeLike[] }[]>;
  readonly always?: readonly { readonly target?: readonly StateNodeLike[] }[];
}

/** A state as the flow declares it, reachable or not. */
export interface DeclaredState {
  /** Machine-relative id, e.g. 'menu' or 'menu.retry'. */
  readonly id: string;
  readonly node: StateNodeLike;
  /** The step in its meta, if it declares one. */
  readonly step: Step | undefined;
}

/** A vertex of a flow's state graph: a state plus the context that can still change the call's course. */
export interface LintVertex {
  readonly key: string;
  readonly snapshot: AnyMachineSnapshot;
  readonly edges: readonly { readonly event: CallEvent; readonly to: string }[];
  /** Machine-relative id of the active leaf state. */
  readonly stateId: string;
  /** The active step (undefined in a final state without one). */
  readonly step: Step | undefined;
}

/** The reachable graph of one kind of call (an inbound call, or a callback leg the hotline places). */
export interface LintGraph {
  readonly leg: 'inbound' | 'callback';
  readonly start: string;
  readonly vertices: ReadonlyMap<string, LintVertex>;
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

function isStep(value: unknown): value is Step {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** The step in a state node's meta (`meta: gather({...})`), if any. */
export function declaredStep(node: StateNodeLike): Step | undefined {
  const step = (node.meta as { step?: unknown } | undefined)?.step;
  return isStep(step) ? step : undefined;
}

function declaredStates(flow: FlowDefinition): DeclaredState[] {
  const states: DeclaredState[] = [];
  const walk = (node: StateNodeLike): void => {
    for (const child of Object.values(node.states)) {
      states.push({ id: relativeStateId(flow.machine.id, child.id), node: child, step: declaredStep(child) });
      walk(child);
    }
  };
  walk((flow.machine as unknown as { root: StateNodeLike }).root);
  return states;
}

/** Machine-relative id of the active leaf state of a snapshot (flows have no parallel states). */
export function leafStateId(snapshot: AnyMachineSnapshot): string {
  const leaves = (snapshot._nodes as StateNodeLike[]).filter((n) => n.type === 'atomic' || n.type === 'final');
  const leaf = leaves.at(-1);
  return leaf ? relativeStateId(snapshot.machine.id, leaf.id) : '(root)';
}

/**
 * A flow whose action, guard or prompt code throws ends in XState's 'error'
 * status, which the graph would show as a state with no way on: the rules
 * would report bogus dead ends. The real error is reported instead, with the
 * state and event where it happened.
 */
function failOnFlowError(flow: FlowDefinition, leg: 'inbound' | 'callback', adjacency: Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: CallEvent; state: AnyMachineSnapshot }> }>): void {
  const reason = (snapshot: AnyMachineSnapshot) => ((snapshot.error as Error | undefined)?.message ?? String(snapshot.error));
  const start = Object.values(adjacency)[0];
  if (start?.state.status === 'error') {
    throw new HotlineError('HOTLINE_FLOW_INVALID', `Flow "${flow.id}" (${leg} call) fails as the call starts: ${reason(start.state)}. Fix the flow's code (an entry action, guard or input) so a call can start.`);
  }
  for (const vertex of Object.values(adjacency)) {
    for (const t of Object.values(vertex.transitions)) {
      if (t.state.status !== 'error') continue;
      throw new HotlineError('HOTLINE_FLOW_INVALID', `Flow "${flow.id}" (${leg} call) fails in state "${leafStateId(vertex.state)}" on ${t.event.type}: ${reason(t.state)}. Fix the flow's code (an action or guard there throws).`);
    }
  }
}

/**
 * The reachable graph, explored with xstate/graph like `flowGraph` (the same
 * events from `flowEvents`, the same serialiser) but with a bound on the
 * search, so a malformed flow fails with a message instead of running forever.
 */
function explore(flow: FlowDefinition, leg: 'inbound' | 'callback', input: FlowInput | undefined): LintGraph {
  const serialize = pathSerializer(flow);
  let adjacency: Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: CallEvent; state: AnyMachineSnapshot }> }>;
  try {
    adjacency = getAdjacencyMap(flow.machine, {
      events: (snapshot: AnyMachineSnapshot) => flowEvents(snapshot) as never[],
      serializeState: serialize,
      limit: MAX_TRANSITIONS,
      ...(input ? { input } : {}),
    } as never) as unknown as typeof adjacency;
  } catch (error) {
    if ((error as Error).message === 'Traversal limit exceeded') {
      throw new HotlineError('HOTLINE_FLOW_INVALID', `Flow "${flow.id}" (${leg} call) has more than ${MAX_TRANSITIONS} state and context combinations: a context field read by a guard (below/is) grows without bound. Bound the counter (e.g. send the caller on once below(...) fails).`, { cause: error });
    }
    throw error;
  }
  failOnFlowError(flow, leg, adjacency);
  const vertices = new Map<string, LintVertex>();
  for (const [key, vertex] of Object.entries(adjacency)) {
    const edges = Object.values(vertex.transitions).map((t) => ({ event: t.event, to: serialize(t.state) }));
    vertices.set(key, { key, snapshot: vertex.state, edges, stateId: leafStateId(vertex.state), step: activeStep(vertex.state)?.step });
  }
  const start = Object.keys(adjacency)[0];
  if (start === undefined) throw new HotlineError('HOTLINE_FLOW_INVALID', `Flow "${flow.id}" has no states.`);
  return { leg, start, vertices };
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

type GuardRef = { type?: string; params?: unknown } | string | undefined;
type TransitionConfig = string | { guard?: GuardRef } | readonly { guard?: GuardRef }[];

/** The params of every guard of `type` on transitions for `eventType` in the active states. */
export function guardParamsAt<P>(snapshot: AnyMachineSnapshot, eventType: string, type: string): P[] {
  const found: P[] = [];
  for (const node of snapshot._nodes as { config: { on?: Record<string, TransitionConfig> } }[]) {
    const config = node.config.on?.[eventType];
    if (config === undefined) continue;
    const list = typeof config === 'string' ? [] : Array.isArray(config) ? config : [config as { guard?: GuardRef }];
    for (const t of list as { guard?: GuardRef }[]) {
      if (typeof t.guard === 'object' && t.guard !== null && t.guard.type === type) found.push(t.guard.params as P);
    }
  }
  return found;
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
  for (const queue = [graph.start]; queue.length > 0;) {
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
  for (const node of snapshot._nodes as { config: { on?: Record<string, unknown> } }[]) {
    for (const eventType of Object.keys(node.config.on ?? {})) {
      for (const type of ['below', 'is']) {
        for (const p of guardParamsAt<{ field: string }>(snapshot, eventType, type)) if (p.field !== 'direction') fields.add(p.field);
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
  return (flow.languages as readonly unknown[]).includes(language) ? (language as Language) : flow.languages[0] ?? 'cmn-CN';
}

/** A state where a per-vertex check failed: the first failing vertex, and whether it failed in every context the state is reached in. */
export interface StateFailure {
  readonly vertex: LintVertex;
  readonly graph: LintGraph;
  /** ' (tries = 2)' when the check fails only in some contexts, '' when in all. */
  readonly note: string;
}

/** Runs a check on every reachable vertex and groups the failures by state (first failure kept, in graph order). */
export function failingStates(model: LintModel, fails: (vertex: LintVertex, graph: LintGraph) => boolean): StateFailure[] {
  const first = new Map<string, { vertex: LintVertex; graph: LintGraph }>();
  const passed = new Set<string>();
  for (const graph of model.graphs) {
    for (const vertex of graph.vertices.values()) {
      if (!fails(vertex, graph)) passed.add(vertex.stateId);
      else if (!first.has(vertex.stateId)) first.set(vertex.stateId, { vertex, graph });
    }
  }
  return [...first.values()].map(({ vertex, graph }) => ({ vertex, graph, note: passed.has(vertex.stateId) ? contextNote(vertex) : '' }));
}
