import { createActor, type AnyActor, type AnyMachineSnapshot } from 'xstate';
import { HotlineError } from '../../errors.js';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import type { Language } from '../text.js';
import { activeStep, type ActiveStep } from '../graph/machine-internals.js';
import type { CallMachine, CallStatus, FlowEngine } from './flow-call.js';

/** A CallMachine that is an XState actor. */
class ActorMachine implements CallMachine {
  private readonly actor!: AnyActor;

  constructor(flow: FlowDefinition, persisted: unknown, input: FlowInput | undefined) {
    let failure: unknown;
    try {
      this.actor =
        persisted === undefined
          ? createActor(flow.machine, { input })
          : createActor(flow.machine, { snapshot: persisted as never });
      // Without an error observer XState rethrows actor errors asynchronously, which would crash the server.
      this.actor.subscribe({
        error: (error) => {
          failure = error;
        },
      });
      this.actor.start();
    } catch (error) {
      failure = error;
    }
    const snapshot = this.actor?.getSnapshot() as AnyMachineSnapshot | undefined;
    if (failure !== undefined || !snapshot || snapshot.status === 'error') {
      const reason = (failure ?? snapshot?.error) as Error | undefined;
      throw new HotlineError(
        'HOTLINE_SNAPSHOT_INCOMPATIBLE',
        `Cannot ${persisted === undefined ? 'start' : 'restore'} a call in flow "${flow.id}": ${reason?.message ?? 'unknown error'}. If the flow changed under a live call, finish or drop the call session.`,
        { cause: reason },
      );
    }
  }

  get snapshot(): AnyMachineSnapshot {
    return this.actor.getSnapshot() as AnyMachineSnapshot;
  }

  get status(): CallStatus {
    return this.snapshot.status;
  }

  get value(): unknown {
    return this.snapshot.value;
  }

  get context(): Record<string, unknown> & { language: Language } {
    return this.snapshot.context as Record<string, unknown> & { language: Language };
  }

  get error(): unknown {
    return this.snapshot.error;
  }

  activeStep(): ActiveStep | undefined {
    return activeStep(this.snapshot);
  }

  can(event: CallEvent): boolean {
    return this.snapshot.can(event);
  }

  hasTag(tag: string): boolean {
    return this.snapshot.hasTag(tag);
  }

  send(event: CallEvent): void {
    this.actor.send(event);
  }

  persist(): unknown {
    return this.actor.getPersistedSnapshot();
  }

  stop(): void {
    this.actor.stop();
  }
}

/** The engine that runs each call as an XState actor: the reference every other engine must match. */
export function xstateEngine(flow: FlowDefinition): FlowEngine {
  return {
    start: (input) => new ActorMachine(flow, undefined, input),
    restore: (persisted) => new ActorMachine(flow, persisted, undefined),
  };
}
