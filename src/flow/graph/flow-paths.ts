import type { AnyMachineSnapshot } from 'xstate';
import { getNextSnapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import type { EnteredParams, PressedParams, SaidParams } from '../flow-guards.js';
import { activeStep } from '../runtime/xstate-engine.js';

/** One path through a flow: the events from the start, and the snapshot after each. */
export interface FlowPath {
  /** The snapshot the path starts from (after the machine's initial transitions). */
  readonly start: AnyMachineSnapshot;
  readonly steps: readonly { readonly event: CallEvent; readonly snapshot: AnyMachineSnapshot }[];
  /** The snapshot at the end of the path. */
  readonly end: AnyMachineSnapshot;
}

/** Which events to offer in a state: the live line never pauses in announce or lookup steps, so callers cannot hang up there. */
export interface FlowEventOptions {
  /** Offer HANGUP in waiting steps (default true). */
  readonly hangups?: boolean;
}

type GuardRef = { type?: string; params?: unknown } | string | undefined;
type TransitionConfig = string | { guard?: GuardRef; target?: string } | readonly { guard?: GuardRef; target?: string }[];

/** Keys tried when a gather needs an input no transition expects. */
const KEY_CANDIDATES = ['7', '6', '3', '2', '4', '8', '1', '9', '0', '5', '#'];

/** The data a found lookup answers with during path enumeration. */
export const SAMPLE_LOOKUP_DATA: Readonly<Record<string, string>> = { status: '已办结，结果已短信告知' };

/** Speech that matches no guard (a caller mumbling). */
export const UNMATCHED_SPEECH = '嗯……那个';

/** A DIGITS value that fails a pattern guard, for the "invalid entry" branch. */
export const INVALID_ENTRY = '12';

function transitionsOf(snapshot: AnyMachineSnapshot, eventType: string): { guard?: GuardRef }[] {
  const found: { guard?: GuardRef }[] = [];
  for (const node of snapshot._nodes as { config: { on?: Record<string, TransitionConfig> } }[]) {
    const config = node.config.on?.[eventType];
    if (config === undefined) continue;
    const list = typeof config === 'string' ? [{}] : Array.isArray(config) ? config : [config as { guard?: GuardRef }];
    found.push(...list);
  }
  return found;
}

function guardsOf(snapshot: AnyMachineSnapshot, eventType: string, type: string): unknown[] {
  return transitionsOf(snapshot, eventType)
    .map((t) => t.guard)
    .filter((g): g is { type: string; params?: unknown } => typeof g === 'object' && g !== null && g.type === type)
    .map((g) => g.params);
}

/**
 * The events worth trying in a state, read from its step and from the guards
 * of its transitions: every key a `pressed` guard names, each `entered`
 * example, one invalid key, each `said` phrase, unmatched speech, no input,
 * queue and agent outcomes, and a hang-up.
 */
export function flowEvents(snapshot: AnyMachineSnapshot, options: FlowEventOptions = {}): CallEvent[] {
  const active = activeStep(snapshot);
  if (!active || snapshot.status !== 'active') return [];
  const hangup: CallEvent[] = options.hangups === false ? [] : [{ type: 'HANGUP' }];
  const step = active.step;
  switch (step.kind) {
    case 'announce':
      return [{ type: 'PLAYED' }];
    case 'lookup':
      return [{ type: 'LOOKUP_RESULT', found: true, data: SAMPLE_LOOKUP_DATA }, { type: 'LOOKUP_RESULT', found: false }];
    case 'gather': {
      const events: CallEvent[] = [];
      if (step.input !== 'speech') {
        const keys = new Set<string>();
        for (const params of guardsOf(snapshot, 'DIGITS', 'pressed') as PressedParams[]) for (const k of params.keys) keys.add(k);
        for (const key of keys) events.push({ type: 'DIGITS', digits: key });
        const entered = guardsOf(snapshot, 'DIGITS', 'entered') as EnteredParams[];
        for (const params of entered) events.push({ type: 'DIGITS', digits: params.example });
        if (entered.length > 0) events.push({ type: 'DIGITS', digits: INVALID_ENTRY });
        else {
          const other = KEY_CANDIDATES.find((k) => !keys.has(k) && k !== step.finishOnKey);
          if (other) events.push({ type: 'DIGITS', digits: other });
        }
      }
      if (step.input !== 'dtmf') {
        for (const params of guardsOf(snapshot, 'SPEECH', 'said') as SaidParams[]) {
          const [first] = params.words;
          if (first !== undefined) events.push({ type: 'SPEECH', text: first, confidence: 0.9 });
        }
        events.push({ type: 'SPEECH', text: UNMATCHED_SPEECH, confidence: 0.5 });
      }
      events.push({ type: 'NO_INPUT' });
      return [...events, ...hangup];
    }
    case 'enqueue': {
      const events: CallEvent[] = [{ type: 'AGENT_ANSWERED', agentId: '8013' }];
      if (step.wait.callbackOffer && snapshot.context.direction !== 'callback') events.push({ type: 'CALLBACK_REQUESTED' });
      events.push({ type: 'QUEUE_RESULT', result: 'queue-full' });
      return [...events, ...hangup];
    }
    case 'agent':
      return [{ type: 'AGENT_FINISHED' }, ...hangup];
    case 'transfer':
      return [{ type: 'TRANSFER_ENDED', status: 'completed' }, ...hangup];
    case 'record':
      return [{ type: 'RECORDED', durationSec: 12, url: 'https://api.twilio.com/recording.wav' }, { type: 'NO_INPUT' }, ...hangup];
    case 'hangup':
      return [];
  }
}

type StateNodeLike = {
  id: string;
  type: string;
  parent?: StateNodeLike;
  states: Record<string, StateNodeLike>;
  initial?: { target: readonly StateNodeLike[] };
  transitions: Map<string, readonly { target?: readonly StateNodeLike[]; guard?: GuardRef }[]>;
  always?: readonly { target?: readonly StateNodeLike[]; guard?: GuardRef }[];
};

function leafOf(node: StateNodeLike): StateNodeLike[] {
  if (node.type === 'atomic' || node.type === 'final') return [node];
  const initial = node.initial?.target ?? [];
  return initial.flatMap(leafOf);
}

function allLeaves(node: StateNodeLike): StateNodeLike[] {
  const children = Object.values(node.states);
  return children.length === 0 ? [node] : children.flatMap(allLeaves);
}

/** Context fields consulted by `below`/`is` guards in each state or any state reachable from it. */
function fieldsReachable(flow: FlowDefinition): Map<string, Set<string>> {
  const root = (flow.machine as unknown as { root: StateNodeLike }).root;
  const leaves = allLeaves(root);
  const direct = new Map<string, Set<string>>();
  const next = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    const fields = new Set<string>();
    const successors = new Set<string>();
    for (let node: StateNodeLike | undefined = leaf; node; node = node.parent) {
      const lists = [...node.transitions.values(), node.always ?? []];
      for (const list of lists) {
        for (const t of list) {
          const guard = t.guard;
          if (typeof guard === 'object' && guard !== null && (guard.type === 'below' || guard.type === 'is')) {
            fields.add((guard.params as { field: string }).field);
          }
          for (const target of t.target ?? []) for (const l of leafOf(target)) successors.add(l.id);
        }
      }
    }
    direct.set(leaf.id, fields);
    next.set(leaf.id, successors);
  }
  const reach = new Map([...direct].map(([id, f]) => [id, new Set(f)]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, successors] of next) {
      const mine = reach.get(id) as Set<string>;
      for (const s of successors) {
        for (const f of reach.get(s) ?? []) {
          if (!mine.has(f)) { mine.add(f); changed = true; }
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
    const leaf = (snapshot._nodes as StateNodeLike[]).filter((n) => n.type === 'atomic' || n.type === 'final').map((n) => n.id);
    const keep = new Set(ALWAYS_KEPT);
    for (const id of leaf) for (const f of reach.get(id) ?? []) keep.add(f);
    const kept = [...keep].sort().map((k) => [k, context[k]]);
    return JSON.stringify([snapshot.value, kept]);
  };
}

/** A flow's reachable states (state + relevant context) and the events between them. */
export interface FlowGraph {
  readonly start: string;
  readonly vertices: ReadonlyMap<string, { readonly snapshot: AnyMachineSnapshot; readonly edges: readonly { readonly event: CallEvent; readonly to: string }[] }>;
  readonly edgeCount: number;
}

/** Builds a flow's state graph with xstate/graph's adjacency map. */
export function flowGraph(flow: FlowDefinition, options: FlowEventOptions & { input?: FlowInput } = {}): FlowGraph {
  const serialize = pathSerializer(flow);
  const adjacency = getAdjacencyMap(flow.machine, {
    events: (snapshot: AnyMachineSnapshot) => flowEvents(snapshot, options) as never[],
    serializeState: serialize,
    ...(options.input ? { input: options.input } : {}),
  } as never) as unknown as Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: CallEvent; state: AnyMachineSnapshot }> }>;
  const vertices = new Map<string, { snapshot: AnyMachineSnapshot; edges: { event: CallEvent; to: string }[] }>();
  let edgeCount = 0;
  for (const [key, vertex] of Object.entries(adjacency)) {
    const edges = Object.values(vertex.transitions).map((t) => ({ event: t.event, to: serialize(t.state) }));
    edgeCount += edges.length;
    vertices.set(key, { snapshot: vertex.state, edges });
  }
  const start = Object.keys(adjacency)[0];
  if (start === undefined) throw new Error(`flow ${flow.id} has no states`);
  return { start, vertices, edgeCount };
}

/**
 * Turns a route through the graph into a path. The snapshots are replayed
 * from the start with XState, not taken from the graph: a graph vertex stands
 * for every snapshot that serialises alike, so its stored snapshot may carry
 * another path's values in fields the serialiser ignores.
 */
function toPath(graph: FlowGraph, edges: readonly { event: CallEvent; to: string }[]): FlowPath {
  const start = graph.vertices.get(graph.start)!.snapshot;
  let current = start;
  const steps = edges.map((e) => {
    current = getNextSnapshot(start.machine, current, e.event) as AnyMachineSnapshot;
    return { event: e.event, snapshot: current };
  });
  return { start, steps, end: steps.at(-1)?.snapshot ?? start };
}

/**
 * Every simple path from the start to a final state (no state+context
 * repeated), or undefined when there are more than `limit`.
 */
export function simplePaths(graph: FlowGraph, limit: number): FlowPath[] | undefined {
  const paths: FlowPath[] = [];
  const onPath = new Set<string>();
  const trail: { event: CallEvent; to: string }[] = [];
  let overflow = false;
  const visit = (key: string): void => {
    if (overflow) return;
    const vertex = graph.vertices.get(key)!;
    if (vertex.snapshot.status === 'done') {
      if (paths.length >= limit) overflow = true;
      else paths.push(toPath(graph, trail));
      return;
    }
    onPath.add(key);
    for (const edge of vertex.edges) {
      if (onPath.has(edge.to)) continue;
      trail.push(edge);
      visit(edge.to);
      trail.pop();
    }
    onPath.delete(key);
  };
  visit(graph.start);
  return overflow ? undefined : paths;
}

/**
 * A set of complete paths that takes every transition of the graph at least
 * once: for each edge, the shortest way to it, the edge, and the shortest way
 * from there to a final state.
 */
export function transitionCover(graph: FlowGraph): FlowPath[] {
  const prefix = new Map<string, { event: CallEvent; to: string }[]>([[graph.start, []]]);
  for (const queue = [graph.start]; queue.length > 0;) {
    const key = queue.shift()!;
    for (const edge of graph.vertices.get(key)!.edges) {
      if (prefix.has(edge.to)) continue;
      prefix.set(edge.to, [...prefix.get(key)!, edge]);
      queue.push(edge.to);
    }
  }
  // Shortest way to a final state from each vertex, by relaxing until nothing improves.
  const suffix = new Map<string, { event: CallEvent; to: string }[]>();
  for (const [key, vertex] of graph.vertices) if (vertex.snapshot.status === 'done') suffix.set(key, []);
  for (let changed = true; changed;) {
    changed = false;
    for (const [key, vertex] of graph.vertices) {
      for (const edge of vertex.edges) {
        const rest = suffix.get(edge.to);
        if (rest === undefined) continue;
        const current = suffix.get(key);
        if (current === undefined || current.length > rest.length + 1) {
          suffix.set(key, [edge, ...rest]);
          changed = true;
        }
      }
    }
  }
  const seen = new Set<string>();
  const paths: FlowPath[] = [];
  for (const [key, vertex] of graph.vertices) {
    const head = prefix.get(key);
    if (!head) continue;
    for (const edge of vertex.edges) {
      const tail = suffix.get(edge.to);
      if (!tail) continue;
      const edges = [...head, edge, ...tail];
      const id = edges.map((e) => `${JSON.stringify(e.event)}>${e.to}`).join('|');
      if (seen.has(id)) continue;
      seen.add(id);
      paths.push(toPath(graph, edges));
    }
  }
  return paths;
}

/** Paths chosen to test a flow, and how they were chosen. */
export interface CoveragePaths {
  /** 'all-simple-paths' when there are at most `maxSimplePaths`, else 'all-transitions'. */
  readonly criterion: 'all-simple-paths' | 'all-transitions';
  readonly paths: FlowPath[];
  readonly vertices: number;
  readonly edges: number;
}

/**
 * The paths to drive when testing a flow: every simple path if there are at
 * most `maxSimplePaths` (default 5,000), else a set that takes every
 * transition (menus with retry loops have millions of simple paths).
 */
export function coveragePaths(flow: FlowDefinition, options: FlowEventOptions & { input?: FlowInput; maxSimplePaths?: number } = {}): CoveragePaths {
  const graph = flowGraph(flow, options);
  const simple = simplePaths(graph, options.maxSimplePaths ?? 5000);
  return simple
    ? { criterion: 'all-simple-paths', paths: simple, vertices: graph.vertices.size, edges: graph.edgeCount }
    : { criterion: 'all-transitions', paths: transitionCover(graph), vertices: graph.vertices.size, edges: graph.edgeCount };
}
