import { KpiGrouper } from '../analysis/kpi-groups.js';
import { KpiReportBuilder, type KpiReport, type KpiReportOptions } from '../analysis/kpi-report.js';
import type { Kpis } from '../analysis/kpis.js';
import type { CallRecord } from '../record/call-record.js';

/** The calls that arrived in one local clock hour of the day (every day of the window), per agent group. */
export interface HourOfDayView {
  /** The local hour, `00`..`23`, in the report's time zone. */
  readonly hour: string;
  /** Overall and by `group` (the record's `agentGroup`). */
  readonly report: KpiReport;
}

/** Every view a supervision report shows, computed in one pass over the records. */
export interface SupervisionData {
  /** The command's own report (its `--by`): what `kpis.json` and `kpis.csv` hold, as `--json` and `--csv` print. */
  readonly report: KpiReport;
  /** By month × group: the contract periods. */
  readonly byMonthGroup: KpiReport;
  /** By group over the whole window: the waits' tail and the summary. */
  readonly byGroup: KpiReport;
  /** 24 views, hours 00..23. */
  readonly byHourOfDay: readonly HourOfDayView[];
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** `k` with the repeat-caller figures of `from` (KPIs of the same records, counted with the same rules). */
function withRepeatCallersOf(k: Kpis, from: Kpis): Kpis {
  const counts = { ...k.counts };
  const intervals = { ...k.intervals };
  if (from.counts.repeatCallRate !== undefined) counts.repeatCallRate = from.counts.repeatCallRate;
  if (from.intervals.repeatCallRate !== undefined) intervals.repeatCallRate = from.intervals.repeatCallRate;
  const { uniqueCallers, repeatCallers, repeatCallRate } = from;
  return { ...k, uniqueCallers, repeatCallers, repeatCallRate, counts, intervals };
}

/**
 * Builds a supervision report's views from records added one at a time: one KpiReportBuilder per view (the
 * command's own `by`, month × group, group, and one per local hour of the day by group), all fed the same
 * records, so a store is read once. Memory grows with groups, months and unique callers (each view counts
 * repeat callers in its own groups), not with records. Repeat callers, the dearest figure to count, are counted
 * only where shown: the hour views never count them, and the overall line of the group and month views takes
 * them from the command's own report (the same records, the same rules). Options are the command's (window, zone, counting
 * rules; `sortedByArrival` lets the month views close each month as the next starts).
 *
 * @example
 * const b = new SupervisionDataBuilder({ timeZone: 'Asia/Shanghai', sortedByArrival: true });
 * for (const r of records) b.add(r);
 * const data = b.result();
 */
export class SupervisionDataBuilder {
  /** Null when the caller counts the command's own report and passes it to result(). */
  private readonly main: KpiReportBuilder | null;
  private readonly monthGroup: KpiReportBuilder;
  private readonly group: KpiReportBuilder;
  private readonly hours: KpiReportBuilder[];
  private readonly grouper: KpiGrouper;

  /**
   * `ownReport` false: the caller already builds the command's report from the same records with the same
   * options (`hotline kpis` does) and passes it to result(), so its accumulators are not run twice.
   */
  constructor(options: KpiReportOptions = {}, ownReport = true) {
    this.main = ownReport ? new KpiReportBuilder(options) : null;
    this.monthGroup = new KpiReportBuilder({ ...options, by: ['month', 'group'], overallRepeatCallers: false });
    this.group = new KpiReportBuilder({ ...options, by: ['group'], overallRepeatCallers: false });
    const hourOptions = {
      ...options,
      by: ['group'],
      sortedByArrival: false,
      kpi: { ...options.kpi, repeatCallers: false },
    } as const;
    this.hours = HOURS.map(() => new KpiReportBuilder(hourOptions));
    this.grouper = new KpiGrouper([], options);
  }

  /** Counts one record in every view (each view leaves out what arrived outside the window). */
  add(r: CallRecord): void {
    this.main?.add(r);
    this.monthGroup.add(r);
    this.group.add(r);
    // `hour` is `yyyy-MM-ddTHH:00+hh:mm`, the local clock hour of the arrival.
    const hour = Number(this.grouper.periodsOf(r.arrivalSec).hour.slice(11, 13));
    this.hours[hour]!.add(r);
  }

  /** The views of the records added so far; `report` is the command's own (required when not `ownReport`). */
  result(report: KpiReport | undefined = this.main?.result()): SupervisionData {
    if (report === undefined) throw new Error('SupervisionDataBuilder.result: pass the command’s own report');
    const overall = (r: KpiReport): KpiReport => ({ ...r, kpis: withRepeatCallersOf(r.kpis, report.kpis) });
    return {
      report,
      byMonthGroup: overall(this.monthGroup.result()),
      byGroup: overall(this.group.result()),
      byHourOfDay: this.hours.map((b, i) => ({ hour: HOURS[i]!, report: b.result() })),
    };
  }
}

/**
 * The supervision views of a stream of records (a test's array, a CSV file's records).
 *
 * @example await supervisionData(records, { timeZone: 'Asia/Shanghai' })
 */
export async function supervisionData(
  records: AsyncIterable<CallRecord> | Iterable<CallRecord>,
  options: KpiReportOptions = {},
): Promise<SupervisionData> {
  const builder = new SupervisionDataBuilder(options);
  for await (const r of records) builder.add(r);
  return builder.result();
}
