import type { CallRecord } from '../record/call-record.js';

/** What records can be grouped by: a period of their arrival, or a record field. */
export const KPI_GROUP_KEYS = ['hour', 'day', 'week', 'month', 'skill', 'pool', 'group', 'flow'] as const;

/** One grouping dimension (see KPI_GROUP_KEYS). */
export type KpiGroupKey = (typeof KPI_GROUP_KEYS)[number];

/** How periods are cut. */
export interface KpiPeriodOptions {
  /** The hotline's IANA time zone (default Asia/Shanghai). */
  readonly timeZone: string;
  /** Local hour a "day" starts at, 0..23 (default 0): with 6, a call at 05:59 belongs to the previous day. */
  readonly dayStartHour: number;
}

/** Default period rules. */
export const DEFAULT_KPI_PERIOD_OPTIONS: KpiPeriodOptions = { timeZone: 'Asia/Shanghai', dayStartHour: 0 };

/** Shown for a record field that is null (e.g. the pool of a call that never reached a queue). */
export const NO_VALUE = '(none)';

/** Seconds per cache slot: every zone's UTC offset is a multiple of 15 minutes, so periods change only on its edges. */
const SLOT_SEC = 900;

interface PeriodKeys {
  readonly hour: string;
  readonly day: string;
  readonly week: string;
  readonly month: string;
}

/** True when `zone` is an IANA zone Intl knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The formatter zoneOffsetMin reads a zone's wall time with (make it once per zone: construction is dear). */
export function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
}

/**
 * A zone's UTC offset at an instant (epoch seconds), minutes, from its zoneFormat: one Intl call (luxon costs ten
 * times more per instant). Offsets change only on 15-minute edges of epoch time, so callers cache per slot.
 */
export function zoneOffsetMin(format: Intl.DateTimeFormat, epochSec: number): number {
  const f: Record<string, number> = {};
  for (const part of format.formatToParts(epochSec * 1000))
    if (part.type !== 'literal') f[part.type] = Number(part.value);
  const wallMs = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!);
  return Math.round((wallMs - Math.floor(epochSec / 60) * 60_000) / 60_000);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `+08:00` for an offset of 480 minutes. */
function offsetText(offsetMin: number): string {
  const abs = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** ISO 8601 week (Monday first; week 1 holds the year's first Thursday) of a date given as UTC fields: `2026-W05`. */
function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad2(week)}`;
}

/** `yyyy-MM-dd` of a date given as UTC fields. */
const dayText = (d: Date): string => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;

/**
 * Group keys of records, e.g. `{ month: '2026-02', group: 'acme' }` for `['month', 'group']`. Periods are
 * local to the hotline's zone: hour `2026-02-01T00:00+08:00` (the local hour the call arrived in), day
 * `2026-02-01`, ISO week `2026-W05` (Monday first) and month `2026-02` of the business day (the local date
 * after moving back by the day-start hour). Periods are computed once per 15 minutes of epoch time and cached,
 * so a million records cost a few thousand date computations.
 */
export class KpiGrouper {
  private readonly o: KpiPeriodOptions;
  private readonly periods = new Map<number, PeriodKeys>();
  private readonly zoneFormat: Intl.DateTimeFormat;

  constructor(
    readonly keys: readonly KpiGroupKey[],
    options: Partial<KpiPeriodOptions> = {},
  ) {
    this.o = {
      timeZone: options.timeZone ?? DEFAULT_KPI_PERIOD_OPTIONS.timeZone,
      dayStartHour: options.dayStartHour ?? DEFAULT_KPI_PERIOD_OPTIONS.dayStartHour,
    };
    this.zoneFormat = zoneFormat(this.o.timeZone);
  }

  /** The IANA zone periods are cut in. */
  get timeZone(): string {
    return this.o.timeZone;
  }

  /** The local hour a day starts at. */
  get dayStartHour(): number {
    return this.o.dayStartHour;
  }

  /** The period keys of an instant (seconds since the Unix epoch). */
  periodsOf(arrivalSec: number): PeriodKeys {
    const slot = Math.floor(arrivalSec / SLOT_SEC);
    let keys = this.periods.get(slot);
    if (keys === undefined) {
      const startSec = slot * SLOT_SEC;
      const offsetMin = zoneOffsetMin(this.zoneFormat, startSec);
      // Local wall time as UTC fields; the business day is that moved back by the day-start hour.
      const local = new Date((startSec + offsetMin * 60) * 1000);
      const business = new Date(local.getTime() - this.o.dayStartHour * 3_600_000);
      keys = {
        hour: `${dayText(local)}T${pad2(local.getUTCHours())}:00${offsetText(offsetMin)}`,
        day: dayText(business),
        week: isoWeek(business),
        month: dayText(business).slice(0, 7),
      };
      this.periods.set(slot, keys);
    }
    return keys;
  }

  /** The value of one dimension for a record. */
  valueOf(key: KpiGroupKey, r: CallRecord): string {
    switch (key) {
      case 'hour':
      case 'day':
      case 'week':
      case 'month':
        return this.periodsOf(r.arrivalSec)[key];
      case 'skill':
        return r.skill ?? NO_VALUE;
      case 'pool':
        return r.pool ?? NO_VALUE;
      case 'group':
        return r.agentGroup ?? NO_VALUE;
      case 'flow':
        return r.flowId;
    }
  }

  /** The record's values of every dimension, in `keys` order. */
  valuesOf(r: CallRecord): string[] {
    return this.keys.map((k) => this.valueOf(k, r));
  }
}
