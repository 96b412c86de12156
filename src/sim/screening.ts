import type { Sampler } from './distributions.js';
import type { Rng } from './rng.js';

/** Screening of invalid requests (scenario `behaviour.screening`), resolved to call-type indexes. */
export interface ScreeningModel {
  /** Per call type (SimModel.callTypes index): whether it is an invalid or unreasonable request. */
  readonly invalid: readonly boolean[];
  /** Whether agents screen invalid requests out (their handle time is then `screenedHandleSec`). */
  readonly policy: boolean;
  /** Handle time of a screened-out request, seconds; null without the policy. */
  readonly screenedHandleSec: Sampler | null;
}

/**
 * Screens answered calls: with the policy, an invalid request's handle time is drawn from `screenedHandleSec`
 * (on the run's own `screening` stream; the call type's handle time is still drawn first, so the other calls'
 * handle times stay as they were) and has no after-call work; the call is marked in `CallSlots.screened`.
 */
export class CallScreening {
  private readonly model: ScreeningModel;
  private readonly rng: Rng;

  constructor(model: ScreeningModel, rng: Rng) {
    this.model = model;
    this.rng = rng;
  }

  /** The screened-out handle time of a call of type `callType`, seconds, or -1 when the call is not screened. */
  screenedHandleSec(callType: number): number {
    const { policy, invalid, screenedHandleSec } = this.model;
    if (!policy || !screenedHandleSec || !invalid[callType]) return -1;
    return screenedHandleSec(this.rng);
  }
}
