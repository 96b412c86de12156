import { HotlineError, isHotlineError } from '../../errors.js';
import type { FlowDefinition, FlowInput } from '../flow-definition.js';
import { FlowCall, type LookupResolver } from './flow-call.js';

/** Every lookup answers "not found": the check must not depend on, or touch, a real service. */
const NOTHING_FOUND: LookupResolver = async () => ({ found: false });

/**
 * Runs the first steps of a call in `flow` once, on both legs (an inbound
 * call, and a callback leg for its first skill): starts the machine (context,
 * entry actions) and plays through announcements and lookups (answered "not
 * found") to the first step that waits for the caller, resolving each
 * prompt. A flow whose code throws there would fail every real call (the
 * server would answer each one 409), so `hotline serve` and `hotline lint`
 * refuse it up front with the reason.
 *
 * @throws HotlineError HOTLINE_FLOW_INVALID naming the flow, the leg and what failed.
 */
export async function checkFlowStarts(flow: FlowDefinition, lookups: LookupResolver = NOTHING_FOUND): Promise<void> {
  const legs: [string, FlowInput | undefined][] = [
    ['an inbound call', undefined],
    ['a callback leg', { direction: 'callback', skill: flow.skills[0] ?? 'general' }],
  ];
  for (const [leg, input] of legs) {
    let call: FlowCall | undefined;
    try {
      call = FlowCall.start(flow, input);
      await call.advance(lookups);
    } catch (error) {
      // A start failure wraps the flow's own error in a live-call message; the flow's error is the reason here.
      const root = isHotlineError(error) && error.cause instanceof Error ? error.cause : error;
      const reason = isHotlineError(root) ? root.message : `${(root as Error).name}: ${(root as Error).message}.`;
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `Flow "${flow.id}" cannot run ${leg}: ${reason} Fix the flow's code (its context, entry actions, guards or prompts), then start again.`,
        { cause: error },
      );
    } finally {
      // The actor may have scheduled the gather's timeout: stop it so no timer outlives the check.
      call?.stop();
    }
  }
}
