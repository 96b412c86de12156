import type { CallRecord } from '../record/call-record.js';
import { KpiGrouper, type KpiGroupKey, type KpiPeriodOptions } from './kpi-groups.js';
import { DEFAULT_KPI_OPTIONS, KpiAccumulator, type KpiOptions, type Kpis } from './kpis.js';

/** What a KPI report counts and how it groups (every field optional: defaults as in KpiOptions, KpiPeriodOptions). */
export interface KpiReportOptions extends Partial<KpiPeriodOptions> {
  /** Grouping dimensions, in order (several make composite keys, e.g. month × group). */
  readonly by?: readonly KpiGroupKey[];
  /** Calls arriving before this (epoch seconds) are left out. */
  readonly fromSec?: number;
  /** Calls arriving at or after this (epoch seconds) are left out. */
  readonly toSec?: number;
  /** Counting rules (thresholds, service-level start, repeat window…). */
  readonly kpi?: Partial<
    Pick<KpiOptions, 'thresholdsSec' | 'shortAbandonSec' | 'serviceLevelFrom' | 'repeatWindowSec' | 'repeatCallers'>
  >;
  /**
   * Count repeat callers in the overall KPIs too (default true). False leaves them to the groups (see
   * KpiOptions.repeatCallers): for a view whose overall line takes them from another report of the same records.
   */
  readonly overallRepeatCallers?: boolean;
  /**
   * The records come in arrival order (a store's pages do). Grouped by a period, each group is then closed (its
   * KPIs computed, its accumulator freed) once the next period starts, so memory holds one period's groups.
   * A record out of order then throws.
   */
  readonly sortedByArrival?: boolean;
}

/** One group's KPIs. */
export interface KpiGroup {
  /** The group's value of each dimension, e.g. `{ month: '2026-02', group: 'acme' }`. */
  readonly key: Readonly<Record<string, string>>;
  readonly kpis: Kpis;
}

/** The KPIs of a set of records, overall and per group (the JSON of `hotline kpis` and GET /admin/kpis). */
export interface KpiReport {
  readonly kpis: Kpis;
  /** One entry per group key present, sorted by key; empty without `by`. */
  readonly groups: readonly KpiGroup[];
  readonly window: {
    readonly fromSec: number | null;
    readonly toSec: number | null;
    /** Records read (every direction), inside the window. */
    readonly records: number;
    /** Arrival of the first and last record counted (epoch seconds), null with none. */
    readonly firstArrivalSec: number | null;
    readonly lastArrivalSec: number | null;
  };
  readonly options: {
    readonly by: readonly KpiGroupKey[];
    readonly timeZone: string;
    readonly dayStartHour: number;
    readonly thresholdsSec: readonly number[];
    readonly serviceLevelFrom: KpiOptions['serviceLevelFrom'];
    readonly repeatWindowSec: number;
  };
}

interface Slot {
  readonly values: readonly string[];
  /** Null once the group is closed. */
  acc: KpiAccumulator | null;
  kpis: Kpis | null;
}

const PERIOD_KEYS: readonly KpiGroupKey[] = ['hour', 'day', 'week', 'month'];

/**
 * Builds a KpiReport from records added one at a time: one accumulator overall and one per group key. Memory
 * grows with the number of groups and unique callers, not with records. The live server adds its records as
 * they end; `kpiReport` drives it from any record stream.
 */
export class KpiReportBuilder {
  private readonly grouper: KpiGrouper;
  private readonly kpiOptions: Partial<KpiOptions>;
  private readonly overall: KpiAccumulator;
  private readonly groups = new Map<string, Slot>();
  private readonly fromSec: number;
  private readonly toSec: number;
  private records = 0;
  /** Index in `by` of the first period dimension, when records come sorted (else -1: groups stay open). */
  private readonly closingDim: number;
  private openPeriod: string | null = null;
  private openSlots: Slot[] = [];
  private first: number | null = null;
  private last: number | null = null;

  constructor(private readonly options: KpiReportOptions = {}) {
    this.grouper = new KpiGrouper(options.by ?? [], options);
    // Sorted records let repeat callers keep each caller's latest call only (add() throws on one out of order).
    this.kpiOptions = options.sortedByArrival ? { ...options.kpi, sortedByArrival: true } : { ...options.kpi };
    this.overall = new KpiAccumulator(
      options.overallRepeatCallers === false ? { ...this.kpiOptions, repeatCallers: false } : this.kpiOptions,
    );
    this.fromSec = options.fromSec ?? -Infinity;
    this.toSec = options.toSec ?? Infinity;
    this.closingDim = options.sortedByArrival ? this.grouper.keys.findIndex((k) => PERIOD_KEYS.includes(k)) : -1;
  }

  /** Computes the open groups' KPIs and frees their accumulators. */
  private closeOpenGroups(): void {
    for (const slot of this.openSlots) {
      slot.kpis = slot.acc!.result();
      slot.acc = null;
    }
    this.openSlots = [];
  }

  /** Counts one record (left out when it arrived outside the window). */
  add(r: CallRecord): void {
    if (r.arrivalSec < this.fromSec || r.arrivalSec >= this.toSec) return;
    if (this.options.sortedByArrival && this.last !== null && r.arrivalSec < this.last)
      throw new Error(`record ${r.callSid} arrived at ${r.arrivalSec}, before the previous record (${this.last})`);
    this.records += 1;
    if (this.first === null || r.arrivalSec < this.first) this.first = r.arrivalSec;
    if (this.last === null || r.arrivalSec > this.last) this.last = r.arrivalSec;
    this.overall.add(r);
    if (this.grouper.keys.length === 0) return;
    const values = this.grouper.valuesOf(r);
    if (this.closingDim >= 0 && values[this.closingDim] !== this.openPeriod) {
      this.closeOpenGroups();
      this.openPeriod = values[this.closingDim] as string;
    }
    const id = values.join('\u0001');
    let slot = this.groups.get(id);
    if (slot === undefined) {
      slot = { values, acc: new KpiAccumulator(this.kpiOptions), kpis: null };
      this.groups.set(id, slot);
      if (this.closingDim >= 0) this.openSlots.push(slot);
    }
    // Sorted records never come back to a closed period, so `acc` is set here.
    slot.acc!.add(r);
  }

  /** The report of the records added so far. */
  result(): KpiReport {
    const by = this.grouper.keys;
    const groups = [...this.groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, slot]) => ({
        key: Object.fromEntries(by.map((k, i) => [k, slot.values[i] as string])),
        kpis: slot.kpis ?? slot.acc!.result(),
      }));
    const o = { ...DEFAULT_KPI_OPTIONS, ...this.kpiOptions };
    return {
      kpis: this.overall.result(),
      groups,
      window: {
        fromSec: this.options.fromSec ?? null,
        toSec: this.options.toSec ?? null,
        records: this.records,
        firstArrivalSec: this.first,
        lastArrivalSec: this.last,
      },
      options: {
        by,
        timeZone: this.grouper.timeZone,
        dayStartHour: this.grouper.dayStartHour,
        thresholdsSec: o.thresholdsSec,
        serviceLevelFrom: o.serviceLevelFrom,
        repeatWindowSec: o.repeatWindowSec,
      },
    };
  }
}

/**
 * The KPI report of a stream of records (a store's pages, a CSV file, a test's array).
 *
 * @example await kpiReport(records, { by: ['month', 'group'], timeZone: 'Asia/Shanghai' })
 */
export async function kpiReport(
  records: AsyncIterable<CallRecord> | Iterable<CallRecord>,
  options: KpiReportOptions = {},
): Promise<KpiReport> {
  const builder = new KpiReportBuilder(options);
  for await (const r of records) builder.add(r);
  return builder.result();
}
