import type { CallEvent } from '../call-event.js';
import type { ResolvedStep } from './resolved-step.js';

/**
 * How a step that waits on the outside world ends, and how long after the step
 * began (Infinity: never, unless the caller hangs up).
 */
export interface WorldAnswer {
  readonly event: CallEvent;
  readonly afterSec: number;
}

/** Kinds of steps the outside world ends: queues, agents, transfers, recordings, lookups. */
export type WorldStepKind = 'enqueue' | 'agent' | 'transfer' | 'record' | 'lookup';

/**
 * What the line does back in a flow-level run: queues, agents, transfers,
 * recordings and lookups end a step with an event after a while. The one
 * world interface of runs that drive a `FlowCall` in virtual time
 * (`runVirtualCall`). Implementations: the recorded world (`RecordedWorld`,
 * replay/), the planned world of a call plan (synthetic-call.ts).
 *
 * On the emulator the world is the real server plus the emulator's own
 * `DialWorld` for dialled numbers, which answers at the TwiML level (ringing,
 * busy, talk time) and so stays distinct.
 */
export interface World {
  /** How the step of `kind` in `state` ends; `promptSec` is how long its own prompts take. */
  outcome(kind: WorldStepKind, state: string, step: ResolvedStep, promptSec: number): WorldAnswer;
}
