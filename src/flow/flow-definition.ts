import type { AnyStateMachine } from 'xstate';
import type { Language } from './text.js';

/**
 * Input a flow's machine is started with. Inbound calls start with none; a
 * callback leg the hotline places starts with `direction: 'callback'` and the
 * skill and language of the call that booked it.
 */
export interface FlowInput {
  readonly direction?: 'inbound' | 'callback';
  readonly skill?: string;
  readonly language?: import('./text.js').Language;
}

/**
 * A flow: one XState machine plus what tools need to know about it without
 * running it. The same definition answers live calls and runs in simulation.
 */
export interface FlowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Stable id, e.g. 'hotline-12345-direct'; stored with each call. */
  readonly id: string;
  readonly title: string;
  /** Languages the flow offers; every prompt must have text in each. */
  readonly languages: readonly Language[];
  /** Skill queues the flow may put callers in. */
  readonly skills: readonly string[];
  /** Lookup services the flow asks (see LookupStep). */
  readonly lookups: readonly string[];
  /**
   * State from which the caller's audio is streamed to the server and kept
   * (Twilio Media Streams, `<Start><Stream>`): put it after the recording
   * notice; with several, the first the call enters. Absent: calls of this
   * flow are not recorded.
   */
  readonly recordFrom?: string | readonly string[];
  readonly machine: TMachine;
}

/** The states a flow's recording may start from (`recordFrom` as a list; empty when the flow is not recorded). */
export function recordFromStates(flow: FlowDefinition): readonly string[] {
  const from = flow.recordFrom;
  return from === undefined ? [] : typeof from === 'string' ? [from] : from;
}

/**
 * Declares a flow. Identity function with a type, so flow files stay plain data:
 * `export default defineFlow({ id, title, languages, skills, lookups, machine })`.
 */
export function defineFlow<TMachine extends AnyStateMachine>(flow: FlowDefinition<TMachine>): FlowDefinition<TMachine> {
  return flow;
}
