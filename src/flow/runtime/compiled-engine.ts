import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import { flowActions } from '../flow-actions.js';
import { flowGuards } from '../flow-guards.js';
import { xstateEngine } from './xstate-engine.js';
import type { FlowEngine, CallMachine, CallStatus } from './flow-call.js';
import {
  assignmentSource,
  isStepMeta,
  machineInternals,
  type ActiveStep,
  type MachineInternals,
} from '../graph/machine-internals.js';
import type { Language } from '../text.js';
import { CompiledFlow, type FlowCursor } from './compiled-flow.js';

type Ctx = Record<string, unknown> & { language: Language };

/** What the engine knows of each compiled state, by state index. */
interface LiveState {
  readonly key: string;
  readonly active: ActiveStep | undefined;
  readonly final: boolean;
  /** The state's tags and the root's, as XState's snapshot.hasTag sees them. */
  readonly tags: ReadonlySet<string>;
}

/** The shared actions as XState runs them; a flow's registered ones must be these for the compiled ones to mean the same. */
const REFERENCE_ACTIONS: Readonly<Record<string, unknown>> = flowActions<Record<string, unknown>>();

/**
 * Why the compiled flow would not behave exactly as the flow's XState machine
 * on the live path, or undefined when it would. The compiler already refuses
 * what it cannot express; this adds what only the live path sees: the
 * persisted snapshot (output), the root's step, state kinds, and guards and
 * actions registered under the shared names with other implementations.
 */
function liveMismatch(machine: MachineInternals, compiled: CompiledFlow): string | undefined {
  if (machine.output !== undefined) return 'the machine has an output';
  if (machine.root.type !== 'compound') return `the root state is ${machine.root.type}`;
  if (isStepMeta(machine.root.meta)) return 'the root state declares a step';
  const odd = machine.root.children.find((node) => node.type !== 'atomic' && node.type !== 'final');
  if (odd) return `state "${odd.key}" is a ${odd.type} state`;
  for (const name of compiled.uses.guards) {
    if (machine.implementations.guards[name] !== flowGuards[name as keyof typeof flowGuards])
      return `guard "${name}" is not flowGuards.${name}`;
  }
  for (const name of compiled.uses.actions) {
    const own = assignmentSource(machine.implementations.actions[name]);
    if (own === undefined || own !== assignmentSource(REFERENCE_ACTIONS[name]))
      return `action "${name}" is not flowActions().${name}`;
  }
  return undefined;
}

function check(flow: FlowDefinition): { compiled: CompiledFlow } | { reason: string } {
  let compiled: CompiledFlow;
  try {
    compiled = new CompiledFlow(flow);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const reason = liveMismatch(machineInternals(flow.machine), compiled);
  return reason === undefined ? { compiled } : { reason };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isEmpty = (value: unknown): boolean =>
  value === undefined || (isPlainObject(value) && Object.keys(value).length === 0);

/**
 * Runs live calls on the simulator's compiled flow instead of an XState actor
 * per webhook: same transitions, same context (same keys, in the same order),
 * same tags and `can` answers, and the same persisted snapshot, byte for byte
 * once JSON, so sessions move freely between this engine and XState's (older
 * sessions restore here; anything this engine does not recognise is restored
 * by XState, which also gives the same errors for snapshots that do not fit).
 *
 * `CompiledCallEngine.for(flow)` is undefined for flows the compiled form does
 * not mimic exactly; callers then use `xstateEngine(flow)`.
 */
export class CompiledCallEngine implements FlowEngine {
  readonly flow: FlowDefinition;
  readonly compiled: CompiledFlow;
  readonly states: readonly LiveState[];
  private readonly byKey: ReadonlyMap<string, number>;
  private readonly fallback: FlowEngine;

  private constructor(flow: FlowDefinition, compiled: CompiledFlow) {
    this.flow = flow;
    this.compiled = compiled;
    const root = machineInternals(flow.machine).root;
    const rootTags = root.tags;
    this.states = compiled.states.map((state) => {
      const meta = root.children.find((node) => node.key === state.key)?.meta;
      // The step's stateId is the state node's id relative to the machine, as activeStep reports it.
      const active = isStepMeta(meta) ? { stateId: state.id, step: meta.step } : undefined;
      return { key: state.key, active, final: state.final, tags: new Set([...rootTags, ...state.tags]) };
    });
    this.byKey = new Map(this.states.map((state, i) => [state.key, i]));
    this.fallback = xstateEngine(flow);
  }

  /** The engine for `flow`, or undefined when only XState runs it exactly as written (`whyNot` says why). */
  static for(flow: FlowDefinition): CompiledCallEngine | undefined {
    const checked = check(flow);
    return 'compiled' in checked ? new CompiledCallEngine(flow, checked.compiled) : undefined;
  }

  /** Why `flow` runs on XState rather than compiled, or undefined when it runs compiled. */
  static whyNot(flow: FlowDefinition): string | undefined {
    const checked = check(flow);
    return 'reason' in checked ? checked.reason : undefined;
  }

  start(input: FlowInput | undefined): CallMachine {
    const cursor = this.compiled.startWith(this.compiled.freshContext(input));
    return new CompiledMachine(this, cursor, this.states[cursor.state]!.final ? 'done' : 'active');
  }

  restore(persisted: unknown): CallMachine {
    if (isPlainObject(persisted)) {
      const { status, value, context, children, historyValue, output, error } = persisted;
      const index = typeof value === 'string' ? this.byKey.get(value) : undefined;
      if (
        index !== undefined &&
        isPlainObject(context) &&
        isEmpty(children) &&
        isEmpty(historyValue) &&
        output === undefined &&
        error === undefined &&
        (status === 'active' || status === 'done') &&
        (status === 'done') === this.states[index]!.final
      ) {
        return new CompiledMachine(this, { state: index, ctx: { ...context } }, status);
      }
    }
    // Not a snapshot this engine wrote: XState restores it (or refuses it with its own reason).
    return this.fallback.restore(persisted);
  }
}

/** One call on a compiled flow: a cursor and the status XState would report. */
class CompiledMachine implements CallMachine {
  private readonly engine: CompiledCallEngine;
  private readonly cursor: FlowCursor;
  status: CallStatus;
  error: unknown = undefined;

  constructor(engine: CompiledCallEngine, cursor: FlowCursor, status: CallStatus) {
    this.engine = engine;
    this.cursor = cursor;
    this.status = status;
  }

  get value(): string {
    return this.engine.states[this.cursor.state]!.key;
  }

  get context(): Ctx {
    return this.cursor.ctx as Ctx;
  }

  get snapshot(): AnyMachineSnapshot {
    return (this.engine.flow.machine as AnyStateMachine).resolveState({
      value: this.value,
      context: { ...this.cursor.ctx },
    }) as AnyMachineSnapshot;
  }

  activeStep(): ActiveStep | undefined {
    return this.engine.states[this.cursor.state]!.active;
  }

  can(event: CallEvent): boolean {
    const t = this.engine.compiled.enabled(this.cursor, event);
    return t !== undefined && (t.target >= 0 || t.actions.length > 0);
  }

  hasTag(tag: string): boolean {
    return this.engine.states[this.cursor.state]!.tags.has(tag);
  }

  send(event: CallEvent): void {
    // A done actor ignores events, as XState's does.
    if (this.status !== 'active') return;
    try {
      this.engine.compiled.send(this.cursor, event);
    } catch (error) {
      this.status = 'error';
      this.error = error;
      return;
    }
    if (this.engine.states[this.cursor.state]!.final) this.status = 'done';
  }

  persist(): unknown {
    // XState's getPersistedSnapshot, key for key: a flat machine without children, history or output.
    return {
      status: this.status,
      output: undefined,
      error: undefined,
      value: this.value,
      historyValue: {},
      context: { ...this.cursor.ctx },
      children: {},
    };
  }

  stop(): void {
    if (this.status === 'active') this.status = 'stopped';
  }
}
