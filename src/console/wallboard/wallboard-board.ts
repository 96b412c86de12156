import { DateTime } from 'luxon';
import type { Contract } from '../../analysis/contract-assessment.js';
import { KpiGrouper } from '../../analysis/kpi-groups.js';
import { KpiReportBuilder } from '../../analysis/kpi-report.js';
import { type CallRecord, isFinalRecord } from '../../record/call-record.js';
import { expectedCallsPerHour, type Weekday } from '../../scenario/expected-calls.js';
import { WEEKDAYS, type Scenario } from '../../scenario/scenario-schema.js';
import type { LiveFeed } from '../../server/services/live-feed.js';
import { type DayWindow, dayWindowAt } from '../../server/services/today-kpis.js';
import type { CallStore } from '../../store/call-store.js';
import { visitRecords } from '../../store/visit-records.js';
import { ContractWatch } from './contract-watch.js';
import type { Overflow, WallboardBoard } from './wallboard-wire.js';

/** What a WallboardTracker needs. */
export interface WallboardTrackerOptions {
  readonly feed: LiveFeed;
  readonly store: CallStore;
  readonly nowSec: () => number;
  readonly contracts: readonly Contract[];
  /** The expectation scenario's demand and its name, or null. */
  readonly expect: { readonly demand: Scenario['demand']; readonly name: string } | null;
}

/** The pool whose calls are the overflow. */
const OVERFLOW_POOL = 'outsourced';

/** A report of one day's records by hour and pool, counted as `hotline kpis --by hour,pool` over the day counts them. */
function dayReport(window: DayWindow, day: LiveFeed['day']): KpiReportBuilder {
  return new KpiReportBuilder({
    by: ['hour', 'pool'],
    timeZone: day.timeZone,
    dayStartHour: day.dayStartHour,
    fromSec: window.fromSec,
    toSec: window.toSec,
    kpi: { repeatCallers: false },
    overallRepeatCallers: false,
  });
}

/**
 * The wallboard's own figures beside the live feed's: each contract's day and hour (ContractWatch), today's calls
 * per hour and the contractors' share. The calls per hour and the overflow are read from one KpiReportBuilder of the
 * day by hour and pool (the `arrivals`, `offered` and `answered` of its groups), so they are by construction those of
 * `hotline kpis` over the same records. Fed by the live feed's record listener (before the change event it causes),
 * seeded from the store's records of today; a call is counted once whichever comes first.
 */
export class WallboardTracker {
  private readonly grouper: KpiGrouper;
  private readonly watch: ContractWatch;
  private window: DayWindow;
  private hourKey: string;
  private counted = new Set<string>();
  private report: KpiReportBuilder;
  /** The calls per hour and the overflow of `report`, until a record is added. */
  private figures: { actual: number[]; overflow: Overflow } | null = null;
  private stop: (() => void) | null = null;

  constructor(private readonly o: WallboardTrackerOptions) {
    this.grouper = new KpiGrouper([], o.feed.day);
    this.watch = new ContractWatch(o.contracts);
    const now = o.nowSec();
    this.window = dayWindowAt(now, o.feed.day);
    this.hourKey = this.grouper.periodsOf(now).hour;
    this.report = dayReport(this.window, o.feed.day);
  }

  /** Listens to the feed's records, then reads today's from the store. */
  async start(): Promise<void> {
    this.stop = this.o.feed.onRecord({
      record: (r) => this.add(r),
      lateHandle: (r, handleSec) => {
        this.sync();
        if (this.counted.has(r.callSid)) this.watch.addLateHandle(r, handleSec, this.inHour(r));
      },
    });
    await visitRecords(this.o.store, this.window, (r) => this.add(r));
  }

  /** Stops listening. */
  close(): void {
    this.stop?.();
  }

  /** The figures now (a new hour or day starts them again). */
  result(): WallboardBoard {
    this.sync();
    const start = this.o.feed.day.dayStartHour;
    const hours = Array.from({ length: 24 }, (_, i) => (start + i) % 24);
    const weekday = WEEKDAYS[DateTime.fromISO(this.window.day).weekday - 1] as Weekday;
    const expected = this.o.expect ? expectedCallsPerHour(this.o.expect.demand, weekday) : null;
    const { actual, overflow } = this.dayFigures();
    return {
      contracts: this.watch.result(this.window.day, this.hourKey),
      calls: {
        hours,
        actual: hours.map((h) => actual[h] ?? 0),
        expected: expected ? hours.map((h) => expected[h] ?? 0) : null,
        scenario: this.o.expect?.name ?? null,
      },
      overflow,
    };
  }

  /** Today's calls per local clock hour (0–23) and overflow, from the day's report by hour and pool. */
  private dayFigures(): { actual: number[]; overflow: Overflow } {
    if (this.figures !== null) return this.figures;
    const actual = new Array<number>(24).fill(0);
    let queued = 0;
    let answered = 0;
    for (const { key, kpis } of this.report.result().groups) {
      const hour = Number(key.hour?.slice(11, 13));
      actual[hour] = (actual[hour] ?? 0) + kpis.arrivals;
      if (key.pool !== OVERFLOW_POOL) continue;
      queued += kpis.offered;
      answered += kpis.answered;
    }
    this.figures = { actual, overflow: { queued, answered } };
    return this.figures;
  }

  private inHour(r: CallRecord): boolean {
    return this.grouper.periodsOf(r.arrivalSec).hour === this.hourKey;
  }

  private add(r: CallRecord): void {
    this.sync();
    if (!isFinalRecord(r) || r.arrivalSec < this.window.fromSec || r.arrivalSec >= this.window.toSec) return;
    if (this.counted.has(r.callSid)) return;
    this.counted.add(r.callSid);
    this.watch.add(r, this.inHour(r));
    this.report.add(r);
    this.figures = null;
  }

  /** Moves to the day and hour holding now, starting their figures again. */
  private sync(): void {
    const now = this.o.nowSec();
    const hourKey = this.grouper.periodsOf(now).hour;
    const newDay = now >= this.window.toSec;
    if (newDay) {
      this.window = dayWindowAt(now, this.o.feed.day);
      this.counted = new Set();
      this.report = dayReport(this.window, this.o.feed.day);
      this.figures = null;
    }
    if (newDay || hourKey !== this.hourKey) {
      this.watch.roll({ day: newDay, hour: hourKey !== this.hourKey });
      this.hourKey = hourKey;
    }
  }
}
