import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import { guardCompilers } from '../flow-guards.js';
import { machineInternals, type MachineState, type MachineTransition } from '../graph/machine-internals.js';
import type { Step, StepMeta } from '../step.js';

type Ctx = Record<string, unknown>;
type Guard = (ctx: Ctx, event: CallEvent) => boolean;
type Action = (ctx: Ctx, event: CallEvent) => void;

/** A transition compiled to plain functions. */
interface CompiledTransition {
  readonly guard: Guard | null;
  /** Index of the target state; -1 for a targetless transition (actions only). */
  readonly target: number;
  readonly actions: readonly Action[];
}

/** A state of a compiled flow. */
export interface CompiledState {
  readonly id: string;
  /** The state's key: its XState state value (equal to `id` unless the state sets its own `id`). */
  readonly key: string;
  readonly step: Step | null;
  readonly final: boolean;
  readonly tags: ReadonlySet<string>;
  /** Own transitions by event type, then the root's (HANGUP), in XState's order. */
  readonly on: ReadonlyMap<string, readonly CompiledTransition[]>;
  readonly always: readonly CompiledTransition[];
}

/** Where a call is in a compiled flow: a state index and its context (mutated in place). */
export interface FlowCursor {
  state: number;
  ctx: Ctx;
}

type Ref = { type: string; params?: unknown };

/** The context fields an action writes. */
function writtenFields(action: Ref): string[] {
  const p = action.params as Record<string, unknown> | undefined;
  switch (action.type) {
    case 'increment':
    case 'saveDigits':
      return [String(p?.field)];
    case 'setValues':
      return Object.keys((p?.values as object | undefined) ?? {});
    case 'saveLookup':
      return Object.keys((p?.fields as object | undefined) ?? {});
    case 'saveAgent':
      return ['agentId'];
    default:
      return [];
  }
}

const isRef = (x: unknown): x is Ref => typeof x === 'object' && x !== null && typeof (x as Ref).type === 'string';

/**
 * The context updates of `flowActions`, as in-place mutations (no object per
 * event). Each must leave the context equal to what XState's assign produces;
 * the equivalence test checks it on every path of the shipped flows.
 */
const ACTIONS: Record<string, (params: unknown) => Action> = {
  increment: (p) => {
    const field = (p as { field: string }).field;
    return (ctx) => {
      ctx[field] = Number(ctx[field] ?? 0) + 1;
    };
  },
  setValues: (p) => {
    const entries = Object.entries((p as { values: Ctx }).values);
    return (ctx) => {
      for (const [k, v] of entries) ctx[k] = v;
    };
  },
  saveDigits: (p) => {
    const field = (p as { field: string }).field;
    return (ctx, e) => {
      if (e.type === 'DIGITS') ctx[field] = e.digits;
    };
  },
  saveLookup: (p) => {
    const fields = Object.entries((p as { fields: Record<string, string> }).fields);
    return (ctx, e) => {
      if (e.type !== 'LOOKUP_RESULT' || !e.data) return;
      for (const [field, key] of fields) ctx[field] = e.data[key] ?? '';
    };
  },
  saveAgent: () => (ctx, e) => {
    if (e.type === 'AGENT_ANSWERED') ctx.agentId = e.agentId;
  },
};

function unsupported(flow: FlowDefinition, what: string): never {
  throw new HotlineError(
    'HOTLINE_FLOW_INVALID',
    `Flow "${flow.id}": ${what}. The simulator compiles flows built from the shared vocabulary (flowGuards, flowActions, flat states); use those, or simulate without this flow.`,
  );
}

/**
 * A flow compiled for the simulator: the XState machine's states and
 * transitions turned into arrays and closures, so a call moves through the
 * IVR with no actor, no snapshot objects and no allocation per event. It
 * takes exactly XState's transitions (the equivalence test drives every path
 * of each shipped flow through both and compares state and context).
 */
export class CompiledFlow {
  readonly flow: FlowDefinition;
  readonly states: readonly CompiledState[];
  private readonly index: ReadonlyMap<string, number>;
  private readonly initial: number;
  private readonly contextFactory: (input: FlowInput | undefined) => Ctx;
  /** Every context field the flow's context factory or actions can set, in a fixed order. */
  private readonly fields: readonly string[];
  /** Builds a context object literal from values in `fields` order: one V8 shape for every call. */
  private readonly makeContext: (values: readonly unknown[]) => Ctx;
  /** Initial context values by flow input (inbound calls, callback legs per skill and language). */
  private readonly initialValues = new Map<string, readonly unknown[]>();
  /** The guard and action names the flow's transitions use (e.g. 'pressed', 'increment'). */
  readonly uses: { readonly guards: ReadonlySet<string>; readonly actions: ReadonlySet<string> };

  constructor(flow: FlowDefinition) {
    this.flow = flow;
    const machine = machineInternals(flow.machine);
    const root = machine.root;
    if (root.after.length > 0) unsupported(flow, 'the root state has delayed (after) transitions');
    if (root.entry.length > 0 || root.exit.length > 0) unsupported(flow, 'the root state has entry/exit actions');
    if (root.always.length > 0) unsupported(flow, 'the root state has always transitions');
    const nodes = root.children;
    const index = new Map<MachineState, number>(nodes.map((n, i) => [n, i]));
    this.index = new Map(nodes.map((n, i) => [n.id, i]));
    const usedGuards = new Set<string>();
    const usedActions = new Set<string>();
    this.uses = { guards: usedGuards, actions: usedActions };
    const compileList = (list: readonly MachineTransition[], where: string): CompiledTransition[] =>
      list.map((t) => {
        let guard: Guard | null = null;
        if (t.guard !== undefined) {
          if (!isRef(t.guard) || !(t.guard.type in guardCompilers))
            unsupported(flow, `${where} uses a guard that is not one of flowGuards (${JSON.stringify(t.guard)})`);
          if (typeof t.guard.params === 'function')
            unsupported(flow, `${where} gives guard params as a function; give them as data`);
          guard = (guardCompilers[t.guard.type as keyof typeof guardCompilers] as (params: unknown) => Guard)(
            t.guard.params,
          );
          usedGuards.add(t.guard.type);
        }
        const actions = t.actions.map((a) => {
          if (!isRef(a) || !(a.type in ACTIONS))
            unsupported(flow, `${where} uses an action that is not one of flowActions (${JSON.stringify(a)})`);
          if (typeof a.params === 'function')
            unsupported(flow, `${where} gives action params as a function; give them as data`);
          usedActions.add(a.type);
          return ACTIONS[a.type]!(a.params);
        });
        const targets = t.targets;
        if (targets.length > 1) unsupported(flow, `${where} has a transition with several targets`);
        const target = targets.length === 0 ? -1 : index.get(targets[0]!);
        if (target === undefined) unsupported(flow, `${where} targets a nested state`);
        return { guard, target, actions };
      });
    const wildcard = (type: string) => type.includes('*');
    for (const node of [root, ...nodes]) {
      const bad = [...node.transitions.keys()].find(wildcard);
      if (bad) unsupported(flow, `state "${node.id}" has a wildcard transition "${bad}"; name the call events`);
    }
    const rootOn = new Map([...root.transitions].map(([type, list]) => [type, compileList(list, 'the root')]));
    this.states = nodes.map((node) => {
      const id = node.id;
      if (node.children.length > 0) unsupported(flow, `state "${id}" has child states`);
      if (node.after.length > 0) unsupported(flow, `state "${id}" has delayed (after) transitions`);
      if (node.entry.length > 0 || node.exit.length > 0) unsupported(flow, `state "${id}" has entry/exit actions`);
      const on = new Map<string, CompiledTransition[]>();
      for (const [type, list] of node.transitions) on.set(type, compileList(list, `state "${id}" on ${type}`));
      for (const [type, list] of rootOn) on.set(type, [...(on.get(type) ?? []), ...list]);
      const meta = node.meta as StepMeta | undefined;
      return {
        id,
        key: node.key,
        step: meta?.step ?? null,
        final: node.type === 'final',
        tags: new Set(node.tags),
        on,
        always: compileList(node.always, `state "${id}" always`),
      };
    });
    const initialName = machine.initialKey;
    const initial = initialName === undefined ? undefined : this.index.get(initialName);
    if (initial === undefined) unsupported(flow, 'the machine has no initial state');
    this.initial = initial;
    const context = machine.context;
    this.contextFactory =
      typeof context === 'function'
        ? (input) => (context as (args: { input: unknown }) => Ctx)({ input })
        : () => ({ ...(context as Ctx | undefined) });
    const fields = new Set(Object.keys(this.contextFactory(undefined)));
    const collect = (list: readonly { actions: readonly unknown[] }[]) => {
      for (const t of list) for (const a of t.actions) if (isRef(a)) for (const f of writtenFields(a)) fields.add(f);
    };
    for (const node of [root, ...nodes]) {
      for (const list of node.transitions.values()) collect(list);
      collect(node.always);
    }
    this.fields = [...fields];
    // A compiled object literal: field names are the flow's own context keys, quoted by JSON.stringify.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    this.makeContext = new Function(
      'v',
      `return { ${this.fields.map((f, i) => `${JSON.stringify(f)}: v[${i}]`).join(', ')} };`,
    ) as (values: readonly unknown[]) => Ctx;
  }

  /** The index of a state by its id (e.g. 'menu'), or undefined. */
  stateIndex(id: string): number | undefined {
    return this.index.get(id);
  }

  /**
   * A new call at the flow's start (after its initial `always` transitions).
   * The context gets every field the flow may ever set, in one order (unset
   * ones undefined), so all calls' contexts share one V8 shape and stay fast.
   * The flow's context factory runs once per distinct input: flows' context
   * factories are pure functions of their input (as XState requires for
   * restoring snapshots too), and flow actions only replace top-level fields.
   */
  start(input?: FlowInput): FlowCursor {
    return this.startWith(this.initialContext(input));
  }

  /**
   * The start context for `input` in the shape the simulator uses: every
   * field the flow may set, unset ones undefined.
   */
  private initialContext(input: FlowInput | undefined): Ctx {
    const key = input === undefined ? '' : `${input.direction ?? ''}|${input.skill ?? ''}|${input.language ?? ''}`;
    let values = this.initialValues.get(key);
    if (values === undefined) {
      const initial = this.contextFactory(input);
      values = this.fields.map((f) => initial[f]);
      this.initialValues.set(key, values);
    }
    return this.makeContext(values);
  }

  /**
   * A call at the flow's start with `ctx` as its context (taken, not copied):
   * the initial state, then its `always` transitions.
   */
  startWith(ctx: Ctx): FlowCursor {
    const cursor = { state: this.initial, ctx };
    this.settle(cursor, { type: 'PLAYED' });
    return cursor;
  }

  /** The flow's start context for `input` as XState makes it: the context factory's own object (fields it does not set absent). */
  freshContext(input: FlowInput | undefined): Ctx {
    // A copy: the cursor's context is changed in place, and a factory may hand out one shared object.
    return { ...this.contextFactory(input) };
  }

  /**
   * The transition the state would take on `event`, as XState picks it (the
   * state's own transitions, then the root's; the first whose guard passes),
   * or undefined. Final states keep the root's transitions, as in XState.
   */
  enabled(
    cursor: FlowCursor,
    event: CallEvent,
  ): { readonly target: number; readonly actions: readonly unknown[] } | undefined {
    const list = this.states[cursor.state]!.on.get(event.type);
    if (!list) return undefined;
    for (const t of list) if (t.guard === null || t.guard(cursor.ctx, event)) return t;
    return undefined;
  }

  private take(cursor: FlowCursor, list: readonly CompiledTransition[], event: CallEvent): boolean {
    for (const t of list) {
      if (t.guard === null || t.guard(cursor.ctx, event)) {
        for (const action of t.actions) action(cursor.ctx, event);
        if (t.target >= 0) cursor.state = t.target;
        return true;
      }
    }
    return false;
  }

  private settle(cursor: FlowCursor, event: CallEvent): void {
    for (let hops = 0; hops < 64; hops += 1) {
      const always = this.states[cursor.state]!.always;
      if (always.length === 0 || !this.take(cursor, always, event)) return;
    }
    unsupported(this.flow, 'its always transitions loop');
  }

  /** Sends an event; returns false (nothing changes) when the state has no enabled transition for it. */
  send(cursor: FlowCursor, event: CallEvent): boolean {
    const state = this.states[cursor.state]!;
    if (state.final) return false;
    const list = state.on.get(event.type);
    if (!list || !this.take(cursor, list, event)) return false;
    this.settle(cursor, event);
    return true;
  }
}
