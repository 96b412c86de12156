import type { AnalyticHourModel } from '../analysis/analytic-hour-model.js';
import {
  reviseStaffing,
  type HourEstimate,
  type HourVerdict,
  type RevisionGoal,
} from '../analysis/staffing-revision.js';
import type { SimulationSummary } from './run-scenario.js';
import { summaryFigure } from './summary-figure.js';

/** What one simulation round found and changed. Hours are 0–23. */
export interface PlanRound {
  readonly round: number;
  /** On-phone agents per hour that were simulated. */
  readonly onPhone: readonly number[];
  readonly missed: readonly number[];
  readonly added: readonly number[];
  readonly removed: readonly number[];
}

/** What {@link confirmStaffing} simulates and judges. */
export interface StaffingConfirmation {
  /** On-phone agents per hour (24) simulated in the first round. */
  readonly start: readonly number[];
  /** Busiest day's expected arrivals per hour (24), calls per hour: what the analytic model predicts from. */
  readonly callsPerHour: readonly number[];
  /** Predicts each hour's figures with one agent less (`oneAgentLess`), which {@link reviseStaffing} weighs. */
  readonly model: AnalyticHourModel;
  readonly goal: RevisionGoal;
  /** Service-level threshold, seconds: which of the summary's service levels is judged. */
  readonly targetSec: number;
  /** Rounds at most. */
  readonly maxRounds: number;
  /** Simulates the design days with exactly these on-phone agents per hour (the same seed every round). */
  readonly simulate: (onPhone: readonly number[]) => Promise<SimulationSummary>;
  /** Called after each round (progress). */
  readonly onRound?: ((round: PlanRound) => void) | undefined;
}

/** The last simulated round of {@link confirmStaffing} and the rounds that led to it. */
export interface ConfirmedStaffing {
  /** On-phone agents per hour of the last simulated round. */
  readonly onPhone: readonly number[];
  readonly rounds: readonly PlanRound[];
  /** The last round proposed no change. */
  readonly confirmed: boolean;
  /** The last round's simulation. */
  readonly summary: SimulationSummary;
  /** The last round's figures per hour. */
  readonly estimates: readonly HourEstimate[];
  /** The last round's verdict per hour. */
  readonly verdicts: readonly HourVerdict[];
}

/**
 * Confirms a staffing pattern by simulation, round by round: simulate the on-phone counts, then apply
 * {@link reviseStaffing} (+1 agent in every hour whose mean SL or abandonment misses, −1 in hours met by a wide
 * margin, kept only if the next round meets the target at the CIs' unfavourable end, and never tried again
 * otherwise); repeat until no hour changes or `maxRounds` rounds ran. The result is the last simulated round.
 *
 * @example
 * const { onPhone, confirmed } = await confirmStaffing({ start, callsPerHour, model, goal, targetSec: 20,
 *   maxRounds: 10, simulate });
 */
export async function confirmStaffing(search: StaffingConfirmation): Promise<ConfirmedStaffing> {
  const { callsPerHour, model, goal, targetSec, maxRounds, simulate, onRound } = search;
  let onPhone = search.start;
  let highestShort = onPhone.map(() => -1);
  let onTrial: readonly number[] = [];
  const rounds: PlanRound[] = [];
  for (let round = 1; ; round += 1) {
    const summary = await simulate(onPhone);
    const estimates = hourEstimates(summary, targetSec).map((e, hour) => ({
      ...e,
      oneAgentLess: model.oneAgentLess(callsPerHour[hour]!, onPhone[hour]!),
    }));
    const revision = reviseStaffing(onPhone, highestShort, estimates, goal, onTrial);
    const verdicts = revision.verdicts;
    const record: PlanRound = {
      round,
      onPhone: [...onPhone],
      missed: hoursWhere(verdicts, 'miss'),
      added: revision.added,
      removed: revision.removed,
    };
    rounds.push(record);
    onRound?.(record);
    const confirmed = revision.added.length === 0 && revision.removed.length === 0;
    if (confirmed || round >= maxRounds) return { onPhone, rounds, confirmed, summary, estimates, verdicts };
    onPhone = [...revision.onPhone];
    highestShort = [...revision.highestShort];
    onTrial = revision.removed;
  }
}

function hourEstimates(summary: SimulationSummary, targetSec: number): HourEstimate[] {
  return Array.from({ length: 24 }, (_, hour) => ({
    offered: summary.estimates.get(`byInterval.${hour}.offered`)?.mean ?? 0,
    serviceLevel: summaryFigure(summary, `byInterval.${hour}.serviceLevel.${targetSec}`),
    abandonRate: summaryFigure(summary, `byInterval.${hour}.abandonRate`),
  }));
}

function hoursWhere(verdicts: readonly HourVerdict[], verdict: HourVerdict): number[] {
  return verdicts.flatMap((v, hour) => (v === verdict ? [hour] : []));
}
