import { DateTime } from 'luxon';
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

/** True when `zone` is an IANA zone luxon (Intl) knows. */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

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

  constructor(
    readonly keys: readonly KpiGroupKey[],
    options: Partial<KpiPeriodOptions> = {},
  ) {
    this.o = {
      timeZone: options.timeZone ?? DEFAULT_KPI_PERIOD_OPTIONS.timeZone,
      dayStartHour: options.dayStartHour ?? DEFAULT_KPI_PERIOD_OPTIONS.dayStartHour,
    };
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
      const local = DateTime.fromSeconds(slot * SLOT_SEC, { zone: this.o.timeZone });
      const business = local.minus({ hours: this.o.dayStartHour });
      keys = {
        hour: local.toFormat("yyyy-MM-dd'T'HH:00ZZ"),
        day: business.toFormat('yyyy-MM-dd'),
        week: business.toFormat("kkkk-'W'WW"),
        month: business.toFormat('yyyy-MM'),
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
