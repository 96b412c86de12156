import type { AgentStates } from './services/agent-states.js';
import type { CallbackDispatcher } from './services/callback-dispatcher.js';
import type { CallService } from './services/call-service.js';

/** Seconds between housekeeping rounds in `hotline serve`. */
export const HOUSEKEEPING_EVERY_SEC = 60;

/** What one housekeeping round did. */
export interface HousekeepingReport {
  /** Calls closed as `timed-out`: still open past Twilio's 4-hour limit. */
  readonly timedOut: readonly string[];
  /** Callback numbers erased at the end of their retention. */
  readonly numbersErased: number;
  /** Agents logged out because their wrap-up ran past its limit off the agent line (see AgentStates.expireWrapUps). */
  readonly agentsLoggedOut: readonly string[];
}

/**
 * One round of the live server's housekeeping, at `nowSec` (the server's
 * injected clock): closes calls whose status callback never came, and erases
 * callback numbers past their retention, and ends agents' wrap-ups past their limit (writing the handle times
 * even when nobody calls). Idempotent; `hotline serve` runs it
 * at start-up and then every HOUSEKEEPING_EVERY_SEC.
 */
export async function housekeeping(
  services: {
    readonly calls: CallService;
    readonly callbacks: CallbackDispatcher;
    readonly agentStates?: AgentStates;
  },
  nowSec: number,
): Promise<HousekeepingReport> {
  const timedOut = await services.calls.closeStale(nowSec);
  const numbersErased = await services.callbacks.eraseExpiredNumbers(nowSec);
  const agentsLoggedOut = services.agentStates ? await services.agentStates.expireWrapUps(nowSec) : [];
  return { timedOut, numbersErased, agentsLoggedOut };
}
