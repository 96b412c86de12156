import { HotlineError } from '../errors.js';
import { warmupCoversRun } from '../scenario/load-scenario.js';
import { estimateRun } from '../scenario/run-estimate.js';
import { SCENARIO_LIMITS, type Scenario } from '../scenario/scenario-schema.js';

/** What the planning commands (simulate, compare, staff) need from outside; injected so tests run them in-process. */
export interface PlanningDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Monotonic milliseconds, for the perf figures only. */
  readonly monotonicMs: () => number;
  /** True when stderr is a terminal (a progress bar is drawn only then). */
  readonly interactive: boolean;
}

/** Parses an optional whole-number flag, or fails naming the flag and the range. */
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be a whole number from ${min} to ${max}, got "${value}".`,
    );
  return n;
}

/** Parses a number flag within [min, max], or fails naming the flag and the range. */
export function numberInRange(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be a number from ${min} to ${max.toLocaleString('en-US')}, got "${value}".`,
    );
  return n;
}

/** Most simulated calls a planning run makes unless --max-calls raises it (about 30 s to 2 min at 0.4–1.8 M calls/s). */
export const DEFAULT_MAX_SIM_CALLS = 50_000_000;

/** One scenario of a planning run and the file it came from (named in the refusal). */
export interface SizedScenario {
  readonly scenario: Scenario;
  readonly file: string;
}

const count = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'unbounded');

/**
 * Refuses, before anything runs, a planning run whose estimated size is past
 * its bounds: a calls-only horizon longer than the longest horizon (memory
 * grows with it), a warm-up that leaves nothing to count, or more simulated
 * calls in all than `maxCalls` (estimated calls per replication ×
 * replications, plus `extraDaysPerReplication` days of the mean demand, as
 * `hotline staff` simulates its rounds). The message gives the estimate and
 * the flag that raises the bound.
 *
 * @throws HotlineError HOTLINE_RUN_TOO_LARGE, or HOTLINE_SCENARIO_INVALID for the warm-up.
 */
export function checkRunSize(
  command: string,
  runs: readonly SizedScenario[],
  o: { replications: number; calls?: number; maxCalls: number; extraDaysPerReplication?: number },
): void {
  let total = 0;
  for (const { scenario, file } of runs) {
    const estimate = estimateRun(scenario, o.calls);
    const perHour = estimate.ratePerSec * 3600;
    if (estimate.horizonSec > SCENARIO_LIMITS.horizonDays * 86400) {
      throw new HotlineError(
        'HOTLINE_RUN_TOO_LARGE',
        `${file}: ${count(o.calls ?? scenario.horizon.calls ?? Infinity)} calls at ${perHour.toPrecision(3)} calls per hour take about ${count(estimate.horizonSec / 86400)} days to arrive, past the longest horizon (${SCENARIO_LIMITS.horizonDays} days; memory grows with the horizon); give fewer calls (--calls, horizon.calls) or horizon.days.`,
      );
    }
    const warmup = warmupCoversRun(scenario, o.calls);
    if (warmup)
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${file}: ${o.calls === undefined ? warmup : warmup.replace(/\.$/, '; --calls sets the run length.')}`,
      );
    total +=
      (estimate.callsPerReplication + estimate.ratePerSec * 86400 * (o.extraDaysPerReplication ?? 0)) * o.replications;
  }
  if (total > o.maxCalls) {
    throw new HotlineError(
      'HOTLINE_RUN_TOO_LARGE',
      `hotline ${command} would simulate about ${count(total)} calls (${runs.length > 1 ? `${runs.length} scenarios × ` : ''}${o.replications} replications × about ${count(total / o.replications / runs.length)} calls each), more than the bound of ${count(o.maxCalls)} (about ${Math.ceil(total / 400_000 / 60)} minutes at 400,000 calls/s); lower ${command === 'staff' ? '--replications, --max-rounds' : command === 'twin' ? '--replications, the period (--from, --to)' : '--replications, --calls'} or the horizon, or raise the bound with --max-calls ${Math.ceil(total)}.`,
    );
  }
}
