import type { AnyMachineSnapshot } from 'xstate';
import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import type { Step } from '../step.js';
import type { Language, TemplateVars } from '../text.js';
import { resolveStep, type ResolvedPrompt, type ResolvedStep } from './resolved-step.js';
import { xstateEngine } from './xstate-engine.js';
import type { ActiveStep } from '../graph/machine-internals.js';

/** The step that now waits for the caller, with the prompts of announce steps passed on the way put first. */
export interface Turn {
  /** The step now waiting (gather, enqueue, agent, transfer, record) or ending the call (hangup). */
  readonly step: ResolvedStep;
  /** Id of the state holding the step, relative to the machine, e.g. 'menu'. */
  readonly stateId: string;
}

/** A step `advance` passed through on its own (an announce played, a lookup answered), and the event that ended it. */
export interface PassedStep {
  readonly stateId: string;
  readonly step: Step;
  readonly event: CallEvent;
}

/** Answers lookup steps: `(service, input) → LOOKUP_RESULT`. */
export type LookupResolver = (
  service: string,
  input: string,
) => Promise<{ found: boolean; data?: Record<string, string> }>;

const MAX_PASS_THROUGH = 64;

/** Snapshot status, as XState names it. */
export type CallStatus = 'active' | 'done' | 'error' | 'stopped';

/**
 * The state machine under a FlowCall, reduced to what FlowCall asks of it.
 * The default is an XState actor (`xstateEngine`); the live server plugs in
 * the simulator's compiled flow, which answers the same questions and persists
 * the same snapshots without an actor.
 */
export interface CallMachine {
  readonly status: CallStatus;
  /** The state value (a state's name in a flat flow). */
  readonly value: unknown;
  readonly context: Record<string, unknown> & { language: Language };
  /** Why the machine is in status 'error'. */
  readonly error: unknown;
  /** The XState snapshot (built on demand by machines without one). */
  readonly snapshot: AnyMachineSnapshot;
  activeStep(): ActiveStep | undefined;
  /** XState's `snapshot.can`: an enabled transition with a target or actions. */
  can(event: CallEvent): boolean;
  hasTag(tag: string): boolean;
  /** Takes the event (callers check `can` first). */
  send(event: CallEvent): void;
  /** XState's persisted snapshot, JSON-safe, sharing nothing with the machine. */
  persist(): unknown;
  stop(): void;
}

/**
 * An engine: starts and restores the CallMachines of one flow. Two exist and
 * must behave alike, persisted snapshots included: `xstateEngine` (an XState
 * actor per call, the reference) and `CompiledCallEngine` (the compiled flow).
 */
export interface FlowEngine {
  start(input: FlowInput | undefined): CallMachine;
  /** Throws HOTLINE_SNAPSHOT_INCOMPATIBLE when `persisted` does not fit the flow. */
  restore(persisted: unknown): CallMachine;
}

const PLAYED_EVENT: CallEvent = { type: 'PLAYED' };

/**
 * One call running through a flow: the one interface every runner drives
 * (the live server, replay and the synthetic corpus; the simulator drives the
 * compiled engine's cursor directly, see `FlowRunner`). Wraps a CallMachine
 * (an XState actor unless an engine is given) so adapters never touch XState
 * directly: restore from a persisted snapshot, send call events, read the
 * current step, persist again.
 */
export class FlowCall {
  readonly flow: FlowDefinition;
  private readonly machine: CallMachine;

  private constructor(flow: FlowDefinition, machine: CallMachine) {
    this.flow = flow;
    this.machine = machine;
    if (machine.activeStep() === undefined && machine.status === 'active') {
      throw new HotlineError(
        'HOTLINE_SNAPSHOT_INCOMPATIBLE',
        `Flow "${flow.id}" has no step in state "${JSON.stringify(machine.value)}".`,
      );
    }
  }

  /** Starts a new call at the flow's initial state; `input` marks a callback leg. */
  static start(flow: FlowDefinition, input?: FlowInput, engine: FlowEngine = xstateEngine(flow)): FlowCall {
    return new FlowCall(flow, engine.start(input));
  }

  /** Continues a call from `persist()`'s output. */
  static restore(flow: FlowDefinition, persisted: unknown, engine: FlowEngine = xstateEngine(flow)): FlowCall {
    return new FlowCall(flow, engine.restore(persisted));
  }

  /** The current XState snapshot. */
  get snapshot(): AnyMachineSnapshot {
    return this.machine.snapshot;
  }

  /** The call's context (language, counters, answers). */
  get context(): Record<string, unknown> & { language: Language } {
    return this.machine.context;
  }

  /** The current state's name, e.g. 'callerHungUp' (JSON for nested states). */
  get stateName(): string {
    const value = this.machine.value;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** True once the flow reached a final state. */
  get done(): boolean {
    return this.machine.status === 'done';
  }

  /** The current state's step, or undefined in a final state without one. */
  activeStep(): ActiveStep | undefined {
    return this.machine.activeStep();
  }

  /** True when the flow would take a transition on `event` now. */
  accepts(event: CallEvent): boolean {
    return this.machine.can(event);
  }

  /** Tags of the active states (e.g. 'self-service'). */
  hasTag(tag: string): boolean {
    return this.machine.hasTag(tag);
  }

  /**
   * Sends an event. Returns false, changing nothing, when the flow has no
   * transition for it in the current state (a stale or unexpected event).
   */
  send(event: CallEvent): boolean {
    if (!this.accepts(event)) return false;
    this.machine.send(event);
    if (this.machine.status === 'error') {
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `Flow "${this.flow.id}" failed on ${event.type}: ${(this.machine.error as Error | undefined)?.message ?? 'unknown error'}.`,
      );
    }
    return true;
  }

  /** The current step resolved against the context, or undefined in a final state without one. */
  resolvedStep(extraVars: TemplateVars = {}): (ActiveStep & { resolved: ResolvedStep }) | undefined {
    const active = this.activeStep();
    if (!active) return undefined;
    const context = this.context;
    return { ...active, resolved: resolveStep(active.step, context.language, { ...context, ...extraVars }) };
  }

  /**
   * Plays through announce steps (sending PLAYED) and answers lookup steps
   * (sending LOOKUP_RESULT) until a step waits for the caller or ends the call.
   * Returns undefined when the flow ended without a step (e.g. after a hang-up).
   */
  async advance(lookups: LookupResolver): Promise<Turn | undefined> {
    const prompts: ResolvedPrompt[] = [];
    this.passed = [];
    for (let pass = 0; pass < MAX_PASS_THROUGH; pass += 1) {
      const current = this.resolvedStep();
      if (!current) return undefined;
      const { resolved, stateId } = current;
      if (resolved.kind === 'announce') {
        prompts.push(...resolved.prompts);
        this.passed.push({ stateId, step: current.step, event: PLAYED_EVENT });
        if (!this.send(PLAYED_EVENT)) {
          throw new HotlineError(
            'HOTLINE_FLOW_INVALID',
            `Flow "${this.flow.id}" state "${stateId}" is an announce step without a PLAYED transition.`,
          );
        }
        continue;
      }
      if (resolved.kind === 'lookup') {
        const answer = await lookups(resolved.service, resolved.input);
        const event: CallEvent = answer.data
          ? { type: 'LOOKUP_RESULT', found: answer.found, data: answer.data }
          : { type: 'LOOKUP_RESULT', found: answer.found };
        this.passed.push({ stateId, step: current.step, event });
        if (!this.send(event)) {
          throw new HotlineError(
            'HOTLINE_FLOW_INVALID',
            `Flow "${this.flow.id}" state "${stateId}" is a lookup step without a LOOKUP_RESULT transition.`,
          );
        }
        continue;
      }
      if ('prompts' in resolved && prompts.length > 0) {
        return { step: { ...resolved, prompts: [...prompts, ...resolved.prompts] } as ResolvedStep, stateId };
      }
      return { step: resolved, stateId };
    }
    throw new HotlineError(
      'HOTLINE_FLOW_LOOP',
      `Flow "${this.flow.id}" passed ${MAX_PASS_THROUGH} announce/lookup steps without waiting for the caller; check for a PLAYED loop.`,
    );
  }

  /** The steps the last `advance` passed through on its own, in order. */
  passed: PassedStep[] = [];

  /** JSON-safe persisted snapshot for the call store. */
  persist(): unknown {
    return this.machine.persist();
  }

  /** Stops the underlying machine. */
  stop(): void {
    this.machine.stop();
  }
}
