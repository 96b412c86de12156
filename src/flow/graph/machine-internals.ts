import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../call-event.js';
import type { FlowInput } from '../flow-definition.js';
import type { Step, StepMeta } from '../step.js';

/**
 * The ONE reader of XState internals. Everything else (coverage paths, lint,
 * the compiled flow, QA, the simulator's caller model) asks this file and gets
 * plain data: the machine's state nodes with their transitions, the active
 * nodes of a snapshot, the step a snapshot waits in, the reachable snapshots.
 * When XState changes how it keeps these, this is the file to change.
 */

/** A transition of a state node, as XState resolved it from the machine's config. */
export interface MachineTransition {
  /** The event type ('DIGITS', 'xstate.after.…'), or '' for an eventless (`always`) transition. */
  readonly eventType: string;
  /** The guard as written: `{ type, params }` for a named guard, a function for an inline one, undefined when none. */
  readonly guard: unknown;
  /** The target states (empty for a targetless transition). */
  readonly targets: readonly MachineState[];
  /** The actions as XState holds them (`{ type, params }` for named ones). */
  readonly actions: readonly unknown[];
}

/** A state node of a machine, as plain data. */
export interface MachineState {
  /** XState's node id, e.g. 'flow.menu' (or the state's own `id`). */
  readonly nodeId: string;
  /** Machine-relative id, e.g. 'menu' or 'menu.retry'. */
  readonly id: string;
  /** The state's key in its parent: its state value in a flat flow. */
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly parent: MachineState | undefined;
  /** Child states in declaration order. */
  readonly children: readonly MachineState[];
  /** The states the initial transition enters (empty for atomic and final states). */
  readonly initial: readonly MachineState[];
  readonly meta: unknown;
  readonly tags: readonly string[];
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  /** Delayed (`after`) transitions. */
  readonly after: readonly MachineTransition[];
  /** The event types the state's `on` names, each with its transitions in order. */
  readonly on: ReadonlyMap<string, readonly MachineTransition[]>;
  /** Every evented transition by event type: `on`, then done/invoke events and delayed transitions. */
  readonly transitions: ReadonlyMap<string, readonly MachineTransition[]>;
  /** Eventless transitions. */
  readonly always: readonly MachineTransition[];
}

/** A machine's states and the parts of its config and implementations flows are checked against. */
export interface MachineInternals {
  /** The machine's id. */
  readonly id: string;
  readonly root: MachineState;
  /** Every state, the root first, then depth first in declaration order. */
  readonly states: readonly MachineState[];
  /** The `initial` of the machine's config (a child key), if any. */
  readonly initialKey: string | undefined;
  /** The `context` of the machine's config: an object, or a function of `{ input }`. */
  readonly context: unknown;
  /** The `output` of the machine's config, if any. */
  readonly output: unknown;
  /** The guards and actions given to `setup`, by name. */
  readonly implementations: {
    readonly guards: Readonly<Record<string, unknown>>;
    readonly actions: Readonly<Record<string, unknown>>;
  };
  /** A state by its XState node id. */
  byNodeId(nodeId: string): MachineState | undefined;
}

/** The parts of an XState state node read here. */
interface NodeLike {
  readonly id: string;
  readonly key: string;
  readonly type: MachineState['type'];
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly meta?: unknown;
  readonly tags: readonly string[];
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly config: {
    readonly on?: Readonly<Record<string, unknown>>;
    readonly initial?: unknown;
    readonly context?: unknown;
    readonly output?: unknown;
  };
  readonly initial?: { readonly target: readonly NodeLike[] };
  readonly after: readonly TransitionLike[];
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[];
}

interface TransitionLike {
  readonly eventType: string;
  readonly guard?: unknown;
  readonly target?: readonly NodeLike[];
  readonly actions: readonly unknown[];
}

/** The machine-relative id of a state node id: 'flow.menu.retry' → 'menu.retry'. */
export function relativeStateId(machineId: string, nodeId: string): string {
  return nodeId.startsWith(`${machineId}.`) ? nodeId.slice(machineId.length + 1) : nodeId;
}

const cache = new WeakMap<AnyStateMachine, MachineInternals>();

function read(machine: AnyStateMachine): MachineInternals {
  const rootNode = machine.root as unknown as NodeLike;
  const byNodeId = new Map<string, MachineState>();
  const pending: { node: NodeLike; state: Record<string, unknown> }[] = [];
  const create = (node: NodeLike, parent: MachineState | undefined): MachineState => {
    const state: Record<string, unknown> = {
      nodeId: node.id,
      id: relativeStateId(machine.id, node.id),
      key: node.key,
      type: node.type,
      parent,
      meta: node.meta,
      tags: [...node.tags],
      entry: [...node.entry],
      exit: [...node.exit],
    };
    byNodeId.set(node.id, state as unknown as MachineState);
    pending.push({ node, state });
    state.children = Object.values(node.states).map((child) => create(child, state as unknown as MachineState));
    return state as unknown as MachineState;
  };
  const root = create(rootNode, undefined);
  // Transitions name their targets, so they are read once every state exists.
  const transition = (t: TransitionLike): MachineTransition => ({
    eventType: t.eventType,
    guard: t.guard,
    actions: [...t.actions],
    targets: (t.target ?? []).map((n) => byNodeId.get(n.id)!),
  });
  for (const { node, state } of pending) {
    const transitions = new Map([...node.transitions].map(([type, list]) => [type, list.map(transition)] as const));
    state.transitions = transitions;
    state.on = new Map(Object.keys(node.config.on ?? {}).map((type) => [type, transitions.get(type) ?? []] as const));
    state.always = (node.always ?? []).map(transition);
    state.after = node.after.map(transition);
    state.initial = (node.initial?.target ?? []).map((n) => byNodeId.get(n.id)!);
  }
  const config = rootNode.config;
  const implementations = machine.implementations as unknown as MachineInternals['implementations'];
  return {
    id: machine.id,
    root,
    states: [...byNodeId.values()],
    initialKey: typeof config.initial === 'string' ? config.initial : undefined,
    context: config.context,
    output: config.output,
    implementations: { guards: implementations.guards, actions: implementations.actions },
    byNodeId: (nodeId) => byNodeId.get(nodeId),
  };
}

/** A machine's states and config as plain data (read once per machine). */
export function machineInternals(machine: AnyStateMachine): MachineInternals {
  let internals = cache.get(machine);
  if (!internals) {
    internals = read(machine);
    cache.set(machine, internals);
  }
  return internals;
}

/** The active states of a snapshot, the root first, in document order. */
export function activeStates(snapshot: AnyMachineSnapshot): MachineState[] {
  const internals = machineInternals(snapshot.machine);
  return snapshot._nodes.map((node) => internals.byNodeId(node.id)!);
}

/** The machine-relative ids of a snapshot's active states, the root left out (e.g. ['menu']). */
export function activeStateIds(snapshot: AnyMachineSnapshot): string[] {
  return activeStates(snapshot)
    .filter((s) => s.parent !== undefined)
    .map((s) => s.id);
}

/** The active leaf states (atomic or final) of a snapshot; one in a flow without parallel states. */
export function activeLeaves(snapshot: AnyMachineSnapshot): MachineState[] {
  return activeStates(snapshot).filter((s) => s.type === 'atomic' || s.type === 'final');
}

/** The params of every guard of `type` on the active states' transitions for `eventType`, in document order. */
export function guardParamsAt<P>(snapshot: AnyMachineSnapshot, eventType: string, type: string): P[] {
  const found: P[] = [];
  for (const state of activeStates(snapshot)) found.push(...guardParamsOf<P>(state, eventType, type));
  return found;
}

/** The params of every guard of `type` on one state's own transitions for `eventType`. */
function guardParamsOf<P>(state: MachineState, eventType: string, type: string): P[] {
  const found: P[] = [];
  for (const t of state.on.get(eventType) ?? []) {
    const guard = t.guard as { type?: unknown; params?: unknown } | undefined;
    if (typeof guard === 'object' && guard !== null && guard.type === type) found.push(guard.params as P);
  }
  return found;
}

/** True when a state's meta declares a step (`meta: gather(…)` and the like). */
export function isStepMeta(value: unknown): value is StepMeta {
  if (typeof value !== 'object' || value === null || !('step' in value)) return false;
  return typeof (value as StepMeta).step?.kind === 'string';
}

/** A step found in a snapshot, with the state that holds it. */
export interface ActiveStep {
  readonly stateId: string;
  readonly step: Step;
}

/**
 * The step of the deepest active state that declares one, or undefined for a
 * state without a step (e.g. the final state after a hang-up).
 */
export function activeStep(snapshot: AnyMachineSnapshot): ActiveStep | undefined {
  let best: { id: string; depth: number; step: Step } | undefined;
  for (const [id, meta] of Object.entries(snapshot.getMeta())) {
    if (!isStepMeta(meta)) continue;
    const depth = id.split('.').length;
    if (best && depth === best.depth) {
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `States "${best.id}" and "${id}" are both active with a step: flows must not use parallel states.`,
      );
    }
    if (!best || depth > best.depth) best = { id, depth, step: meta.step };
  }
  return best && { stateId: relativeStateId(snapshot.machine.id, best.id), step: best.step };
}

/** The source of an `assign` action's assignment function, to compare two actions; undefined for other actions. */
export function assignmentSource(action: unknown): string | undefined {
  const assignment = (action as { assignment?: unknown } | undefined)?.assignment;
  return typeof assignment === 'function' ? assignment.toString() : undefined;
}

/** A snapshot reached by the search, and the events tried from it with the snapshots they lead to. */
export interface ReachedSnapshot {
  readonly snapshot: AnyMachineSnapshot;
  readonly transitions: readonly { readonly event: CallEvent; readonly snapshot: AnyMachineSnapshot }[];
}

/** How to search a machine's reachable snapshots. */
export interface ReachableOptions {
  /** The events to try in a snapshot. */
  readonly events: (snapshot: AnyMachineSnapshot) => readonly CallEvent[];
  /** Snapshots that serialise alike are one vertex. */
  readonly serialize: (snapshot: AnyMachineSnapshot) => string;
  /** The machine's input (a callback leg's), if any. */
  readonly input?: FlowInput;
  /** Transitions to take before giving up with XState's 'Traversal limit exceeded' error. */
  readonly limit?: number;
}

/** A vertex of xstate/graph's adjacency map, with flows' snapshots and events. */
interface AdjacencyVertex {
  readonly state: AnyMachineSnapshot;
  readonly transitions: Readonly<Record<string, { readonly event: CallEvent; readonly state: AnyMachineSnapshot }>>;
}

/**
 * Every snapshot reachable from the machine's start with the given events, by
 * serialised key, the start first (xstate/graph's adjacency map).
 */
export function reachableSnapshots(machine: AnyStateMachine, options: ReachableOptions): Map<string, ReachedSnapshot> {
  const adjacency = getAdjacencyMap(machine, {
    events: (snapshot: AnyMachineSnapshot) => options.events(snapshot) as never[],
    serializeState: options.serialize,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.input ? { input: options.input } : {}),
  } as never) as unknown as Record<string, AdjacencyVertex>;
  return new Map(
    Object.entries(adjacency).map(([key, vertex]) => [
      key,
      {
        snapshot: vertex.state,
        transitions: Object.values(vertex.transitions).map((t) => ({ event: t.event, snapshot: t.state })),
      },
    ]),
  );
}
