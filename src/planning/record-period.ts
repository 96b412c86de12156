import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';

/** A records' period as `hotline twin` and `hotline calibrate` read it: whole local days. */
export interface RecordPeriod {
  /** First second of the period, epoch seconds (local midnight). */
  readonly fromSec: number;
  /** First second after the period, epoch seconds (local midnight). */
  readonly toSec: number;
  /** The same instants as ISO 8601 in the time zone. */
  readonly from: string;
  readonly to: string;
  /** Local days in the period (twin: the simulation's horizon.days). */
  readonly days: number;
  /** Weekday of the first day (twin: the simulation's horizon.start_day). */
  readonly startDay: (typeof WEEKDAYS)[number];
  readonly timeZone: string;
}

/** The longest period read (ten years): beyond it the records' times are taken for a mistake. */
const MAX_PERIOD_DAYS = 3660;
/** A trailing day with fewer records than this share of the median day is left out of a default period. */
const SPARSE_DAY_SHARE = 0.5;
/** The largest epoch second a JavaScript date holds. */
const MAX_DATE_SEC = 8.64e12;

const dayStart = (sec: number, zone: string): DateTime => DateTime.fromSeconds(sec, { zone }).startOf('day');
const safeIso = (sec: number): string =>
  Math.abs(sec) <= MAX_DATE_SEC ? new Date(sec * 1000).toISOString() : `${sec} s since 1970`;

/** The local midnight at or after `sec` (epoch seconds) in `zone`. */
function localDayEndSec(sec: number, zone: string): number {
  const start = dayStart(sec, zone);
  return start.toSeconds() === sec ? sec : start.plus({ days: 1 }).toSeconds();
}

/** The local midnight at or before `sec` (epoch seconds) in `zone`. */
const localDayStartSec = (sec: number, zone: string): number => dayStart(sec, zone).toSeconds();

/**
 * The whole local days covering [fromSec, toSec): from the local midnight at or before `fromSec` to the local
 * midnight at or after `toSec` (exclusive), at least one day. A day is a calendar day of `timeZone` (23 or 25 hours
 * across a DST change; the simulation's days are 24 h, so such a period is off by that hour).
 *
 * @example recordPeriod(Date.parse('2026-03-02T00:00+08:00') / 1000, Date.parse('2026-03-09T00:00+08:00') / 1000, 'Asia/Shanghai')
 *   // 7 days from Mon 2026-03-02
 */
export function recordPeriod(fromSec: number, toSec: number, timeZone: string): RecordPeriod {
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

/** First and last arrival and records per local day (keyed by the day's midnight), from one pass over the records. */
export class RecordDays {
  firstSec = Number.POSITIVE_INFINITY;
  lastSec = Number.NEGATIVE_INFINITY;
  readonly perDay = new Map<number, number>();
  private dayFrom = Number.NaN;
  private dayTo = Number.NaN;

  constructor(readonly timeZone: string) {}

  /** Counts one arrival (epoch seconds); an absurd time only moves first/last (resolvePeriod then refuses). */
  add(arrivalSec: number): void {
    this.firstSec = Math.min(this.firstSec, arrivalSec);
    this.lastSec = Math.max(this.lastSec, arrivalSec);
    if (!(Math.abs(arrivalSec) <= MAX_DATE_SEC)) return;
    if (!(arrivalSec >= this.dayFrom && arrivalSec < this.dayTo)) {
      this.dayFrom = localDayStartSec(arrivalSec, this.timeZone);
      this.dayTo = localDayEndSec(this.dayFrom + 1, this.timeZone);
    }
    this.perDay.set(this.dayFrom, (this.perDay.get(this.dayFrom) ?? 0) + 1);
  }
}

/** The records to read for resolvePeriod: the whole local days --from and --to touch. */
export function dayWindow(flags: { readonly fromSec?: number; readonly toSec?: number }, zone: string) {
  return {
    ...(flags.fromSec === undefined ? {} : { fromSec: localDayStartSec(flags.fromSec, zone) }),
    ...(flags.toSec === undefined ? {} : { toSec: localDayEndSec(flags.toSec, zone) }),
  };
}

/** The period and what was left out of it (one line each). */
export interface ResolvedPeriod {
  readonly period: RecordPeriod;
  readonly notes: readonly string[];
}

/**
 * The one period rule of `hotline twin` and `hotline calibrate`: whole local days from the local day of `--from`
 * (default the first record's) up to the local day of `--to`, exclusive (a `--to` inside a day ends the period at
 * that day's midnight, so `calibrate --to X` and `twin --from X` meet without overlap; at least one day). Without
 * `--to` the period ends at the midnight after the last record's day, less trailing days with fewer records than
 * half the median day (a store read mid-day, records of calls spilling past a simulated horizon), which would dilute
 * every per-day figure: a note names them and the `--to` that keeps them. A period over MAX_PERIOD_DAYS fails with
 * HOTLINE_OPTION_INVALID naming the first and last record times.
 */
export function resolvePeriod(
  days: RecordDays,
  flags: { readonly fromSec?: number; readonly toSec?: number },
  source: string,
): ResolvedPeriod {
  const zone = days.timeZone;
  const startGuess = flags.fromSec ?? days.firstSec;
  const endGuess = flags.toSec ?? days.lastSec;
  if (!Number.isFinite(startGuess) || !Number.isFinite(endGuess)) throw new Error('resolvePeriod: no records');
  if (
    Math.abs(startGuess) > MAX_DATE_SEC ||
    Math.abs(endGuess) > MAX_DATE_SEC ||
    (endGuess - startGuess) / 86400 > MAX_PERIOD_DAYS
  )
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${source}: the records run from ${safeIso(days.firstSec)} to ${safeIso(days.lastSec)}, more than ${MAX_PERIOD_DAYS} days; check the records' arrival times or give --from and --to.`,
    );
  const fromSec = localDayStartSec(startGuess, zone);
  if (flags.toSec !== undefined)
    return { period: recordPeriod(fromSec, localDayStartSec(flags.toSec, zone), zone), notes: [] };
  let period = recordPeriod(fromSec, days.lastSec + 1, zone);
  const counts: number[] = [];
  for (let d = period.fromSec; d < period.toSec; d = localDayEndSec(d + 1, zone)) counts.push(days.perDay.get(d) ?? 0);
  const median = [...counts].sort((a, b) => a - b)[Math.floor(counts.length / 2)] ?? 0; // the upper median: with two days, the fuller
  let keep = counts.length;
  while (keep > 1 && (counts[keep - 1] ?? 0) < SPARSE_DAY_SHARE * median) keep -= 1;
  if (keep === counts.length) return { period, notes: [] };
  const fullTo = period.to;
  period = recordPeriod(
    fromSec,
    localDayStartSec(DateTime.fromISO(period.from, { zone }).plus({ days: keep }).toSeconds(), zone),
    zone,
  );
  const left = counts
    .slice(keep)
    .map((n, i) => `${DateTime.fromSeconds(period.toSec, { zone }).plus({ days: i }).toISODate()}: ${n}`);
  return {
    period,
    notes: [
      `left out the last ${left.length} day(s) (${left.join(', ')} records) with fewer than half the median day's ${median} records (a part day dilutes per-day figures); give --to ${fullTo.slice(0, 10)} to include them.`,
    ],
  };
}
