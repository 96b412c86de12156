import { KpiGrouper } from '../analysis/kpi-groups.js';
import { KpiReportBuilder, type KpiReport, type KpiReportOptions } from '../analysis/kpi-report.js';
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

/**
 * Builds a supervision report's views from records added one at a time: one KpiReportBuilder per view (the
 * command's own `by`, month × group, group, and one per local hour of the day by group), all fed the same
 * records, so a store is read once. Memory grows with groups, months and unique callers (each view counts
 * repeat callers in its own groups), not with records. Options are the command's (window, zone, counting
 * rules; `sortedByArrival` lets the month views close each month as the next starts).
 *
 * @example
 * const b = new SupervisionDataBuilder({ timeZone: 'Asia/Shanghai', sortedByArrival: true });
 * for (const r of records) b.add(r);
 * const data = b.result();
 */
export class SupervisionDataBuilder {
  private readonly main: KpiReportBuilder;
  private readonly monthGroup: KpiReportBuilder;
  private readonly group: KpiReportBuilder;
  private readonly hours: KpiReportBuilder[];
  private readonly grouper: KpiGrouper;

  constructor(options: KpiReportOptions = {}) {
    this.main = new KpiReportBuilder(options);
    this.monthGroup = new KpiReportBuilder({ ...options, by: ['month', 'group'] });
    this.group = new KpiReportBuilder({ ...options, by: ['group'] });
    this.hours = HOURS.map(() => new KpiReportBuilder({ ...options, by: ['group'], sortedByArrival: false }));
    this.grouper = new KpiGrouper([], options);
  }

  /** Counts one record in every view (each view leaves out what arrived outside the window). */
  add(r: CallRecord): void {
    this.main.add(r);
    this.monthGroup.add(r);
    this.group.add(r);
    // `hour` is `yyyy-MM-ddTHH:00+hh:mm`, the local clock hour of the arrival.
    const hour = Number(this.grouper.periodsOf(r.arrivalSec).hour.slice(11, 13));
    this.hours[hour]!.add(r);
  }

  /** The views of the records added so far. */
  result(): SupervisionData {
    return {
      report: this.main.result(),
      byMonthGroup: this.monthGroup.result(),
      byGroup: this.group.result(),
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
