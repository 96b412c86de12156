import { DateTime } from 'luxon';
import type { Kpis } from '../analysis/kpis.js';
import { WEEKDAYS, type Scenario } from '../scenario/scenario-schema.js';
import { simulateReplications } from './parallel-replications.js';
import { judgeTwin, type TwinVerdict } from './twin-kpis.js';

/** The records' period the twin simulates: whole local days. */
export interface TwinPeriod {
  /** First second of the period, epoch seconds (local midnight). */
  readonly fromSec: number;
  /** First second after the period, epoch seconds (local midnight). */
  readonly toSec: number;
  /** The same instants as ISO 8601 in the time zone. */
  readonly from: string;
  readonly to: string;
  /** Local days in the period: the simulation's horizon.days. */
  readonly days: number;
  /** Weekday of the first day: the simulation's horizon.start_day. */
  readonly startDay: (typeof WEEKDAYS)[number];
  readonly timeZone: string;
}

const dayStart = (sec: number, zone: string): DateTime => DateTime.fromSeconds(sec, { zone }).startOf('day');

/** The local midnight at or after `sec` (epoch seconds) in `zone`. */
export function localDayEndSec(sec: number, zone: string): number {
  const start = dayStart(sec, zone);
  return start.toSeconds() === sec ? sec : start.plus({ days: 1 }).toSeconds();
}

/** The local midnight at or before `sec` (epoch seconds) in `zone`. */
export const localDayStartSec = (sec: number, zone: string): number => dayStart(sec, zone).toSeconds();

/**
 * The whole local days covering [fromSec, toSec): from the local midnight at or before `fromSec` to the local
 * midnight at or after `toSec` (exclusive), at least one day. A day is a calendar day of `timeZone` (23 or 25 hours
 * across a DST change; the simulation's days are 24 h, so such a period is off by that hour).
 *
 * @example twinPeriod(Date.parse('2026-03-02T00:00+08:00') / 1000, Date.parse('2026-03-09T00:00+08:00') / 1000, 'Asia/Shanghai')
 *   // 7 days from Mon 2026-03-02
 */
export function twinPeriod(fromSec: number, toSec: number, timeZone: string): TwinPeriod {
  const start = dayStart(fromSec, timeZone);
  const endSec = localDayEndSec(toSec, timeZone);
  const end = endSec > start.toSeconds() ? DateTime.fromSeconds(endSec, { zone: timeZone }) : start.plus({ days: 1 });
  const days = Math.round(end.diff(start, 'days').days);
  return {
    fromSec: start.toSeconds(),
    toSec: end.toSeconds(),
    from: start.toISO()!,
    to: end.toISO()!,
    days,
    startDay: WEEKDAYS[start.weekday - 1]!,
    timeZone,
  };
}

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
}

/**
 * Simulates the period under `scenario` (twinScenario) and judges the records' KPIs (`actual`, counted over the
 * same period with `serviceLevelSec` among their thresholds) against the replications' prediction intervals,
 * family-wise at `options.level` (judgeTwin).
 */
export async function runTwin(
  scenario: Scenario,
  actual: { readonly kpis: Kpis; readonly records: number },
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
    ...verdict,
  };
}
