import type { Kpis } from '../analysis/kpis.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { RecordPeriod } from './record-period.js';
import { simulateReplications } from './parallel-replications.js';
import { judgeTwin, type TwinVerdict } from './twin-kpis.js';

/** The records' period the twin simulates: whole local days (record-period.ts, shared with calibrate). */
type TwinPeriod = RecordPeriod;

/**
 * The scenario as the twin runs it: the period's days from its first weekday (horizon.days, horizon.start_day; a
 * horizon.calls bound is dropped), no warm-up (the records count every call of the period from its first minute).
 * Demand, pools, callers and targets stay as given.
 */
export function twinScenario(scenario: Scenario, period: TwinPeriod): Scenario {
  return { ...scenario, horizon: { days: period.days, start_day: period.startDay }, warmup_minutes: 0 };
}

/** How the twin simulates. */
export interface TwinOptions {
  readonly seed: number;
  readonly replications: number;
  readonly workers: number;
  /** Family-wise level of the verdict (default 0.95): see judgeTwin. */
  readonly level?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the replications (see simulateReplications). */
  readonly signal?: AbortSignal;
}

/** The twin's answer: the period, how it simulated, and the verdicts (`hotline twin --json`). */
export interface TwinResult extends TwinVerdict {
  readonly period: TwinPeriod;
  readonly scenario: string;
  readonly replications: number;
  readonly seed: number;
  /** Service level's threshold: the scenario's targets.answer_within_sec. */
  readonly serviceLevelSec: number;
  /** Records counted in the period. */
  readonly records: number;
  /** First calls simulated in all replications. */
  readonly simulatedCalls: number;
  /** What the period left out and how to include it (resolvePeriod). */
  readonly notes: readonly string[];
}

/**
 * Simulates the period under `scenario` (twinScenario) and judges the records' KPIs (`actual`, counted over the
 * same period with `serviceLevelSec` among their thresholds) against the replications' prediction intervals,
 * family-wise at `options.level` (judgeTwin).
 */
export async function runTwin(
  scenario: Scenario,
  actual: { readonly kpis: Kpis; readonly records: number; readonly notes?: readonly string[] },
  period: TwinPeriod,
  options: TwinOptions,
): Promise<TwinResult> {
  const summary = await simulateReplications(twinScenario(scenario, period), {
    seed: options.seed,
    replications: options.replications,
    workers: options.workers,
    // The records are counted over the period only: so are the simulated calls (not redials after its end).
    countUntilSec: period.days * 86400,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const serviceLevelSec = scenario.targets.answer_within_sec;
  const verdict = judgeTwin(
    actual.kpis,
    summary.replications.map((r) => r.kpis),
    serviceLevelSec,
    options.level ?? 0.95,
  );
  return {
    period,
    scenario: scenario.name,
    replications: options.replications,
    seed: options.seed,
    serviceLevelSec,
    records: actual.records,
    simulatedCalls: summary.calls,
    notes: actual.notes ?? [],
    ...verdict,
  };
}
