import type { Scenario } from '../scenario/scenario-schema.js';
import type { SimulationSummary } from './run-scenario.js';
import type { Estimate } from '../analysis/confidence.js';

/** A scenario's service targets (from its file's `targets`). */
export type ServiceTargets = Scenario['targets'];

/** How a scenario's estimates stand against its targets. */
export interface TargetCheck {
  /** Answered within `answer_within_sec` / offered. */
  readonly serviceLevel: Estimate | undefined;
  readonly abandonRate: Estimate | undefined;
  readonly costPerYear: Estimate | undefined;
  /** Both targets met by the point estimates (means over replications). */
  readonly met: boolean;
  /** Met even at the unfavourable end of both 95 % CIs. */
  readonly metWithConfidence: boolean;
}

/** Checks a simulated scenario against its targets: service level at `answer_within_sec` and the abandon-rate maximum. */
export function checkTargets(summary: SimulationSummary, targets: ServiceTargets): TargetCheck {
  const serviceLevel = summary.estimates.get(`serviceLevel.${targets.answer_within_sec}`);
  const abandonRate = summary.estimates.get('abandonRate');
  const costPerYear = summary.estimates.get('cost.perYear');
  const met =
    serviceLevel !== undefined &&
    abandonRate !== undefined &&
    serviceLevel.mean >= targets.service_level &&
    abandonRate.mean <= targets.abandon_rate_max;
  const metWithConfidence =
    met && serviceLevel!.ci[0] >= targets.service_level && abandonRate!.ci[1] <= targets.abandon_rate_max;
  return { serviceLevel, abandonRate, costPerYear, met, metWithConfidence };
}

/**
 * The scenario with the lowest mean cost per year among those meeting their
 * targets (by point estimates), or undefined when none does.
 */
export function cheapestMeetingTargets<
  T extends { readonly summary: SimulationSummary; readonly targets: ServiceTargets },
>(scenarios: readonly T[]): { readonly scenario: T; readonly check: TargetCheck } | undefined {
  let best: { scenario: T; check: TargetCheck } | undefined;
  for (const scenario of scenarios) {
    const check = checkTargets(scenario.summary, scenario.targets);
    if (!check.met) continue;
    const cost = check.costPerYear?.mean ?? Infinity;
    if (best === undefined || cost < (best.check.costPerYear?.mean ?? Infinity)) best = { scenario, check };
  }
  return best;
}
