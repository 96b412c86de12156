import { DateTime } from 'luxon';
import { KpiGrouper } from '../../analysis/kpi-groups.js';
import { KpiAccumulator, type Kpis } from '../../analysis/kpis.js';
import { isFinalRecord, type CallRecord } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { visitRecords } from '../../store/visit-records.js';

/** The hotline's day: its zone and the local hour it starts at. */
export interface HotlineDay {
  /** IANA zone (default Asia/Shanghai). */
  readonly timeZone: string;
  /** Local hour a day starts at, 0–23 (default 0). */
  readonly dayStartHour: number;
}

/** One business day as epoch seconds, [fromSec, toSec), and its date (`2026-12-03`, as `hotline kpis --by day`). */
export interface DayWindow {
  readonly day: string;
  readonly fromSec: number;
  readonly toSec: number;
}

/**
 * The business day holding `atSec`: the day `hotline kpis --by day` files a call arriving then under, from its
 * start (local `dayStartHour`:00 of that date) to the next day's start.
 */
export function dayWindowAt(atSec: number, day: HotlineDay): DayWindow {
  const key = new KpiGrouper([], day).periodsOf(atSec).day;
  const date = DateTime.fromISO(key, { zone: day.timeZone });
  const start = date.set({ hour: day.dayStartHour });
  const next = date.plus({ days: 1 }).set({ hour: day.dayStartHour });
  return { day: key, fromSec: start.toSeconds(), toSec: next.toSeconds() };
}

/**
 * Today's KPIs, kept up to date one final record at a time with the KpiAccumulator `hotline kpis` uses, so that
 * they equal `hotline kpis --from <day start> --to <next day start>` (default counting rules) over the same records,
 * exactly. A call counts in the day it arrived (as in every report): a call arriving before the day start and ending
 * after it counts in the day before, which is over, so it is left out. At the day start the figures start again.
 *
 * Repeat callers are counted exactly whatever order records end in: the default repeat window (7 days) is longer
 * than a day, so within one day a caller's second call is a repeat whichever comes first.
 */
export class TodayKpis {
  private window: DayWindow;
  private acc = new KpiAccumulator();
  private records = 0;

  constructor(
    private readonly day: HotlineDay,
    nowSec: number,
  ) {
    this.window = dayWindowAt(nowSec, day);
  }

  /** The day counted now. */
  get current(): DayWindow {
    return this.window;
  }

  /** Moves to the day holding `nowSec` when it has started (the figures start again); true when it moved. */
  rollOver(nowSec: number): boolean {
    if (nowSec < this.window.toSec) return false;
    this.window = dayWindowAt(nowSec, this.day);
    this.acc = new KpiAccumulator();
    this.records = 0;
    return true;
  }

  /** Counts a final record when it arrived today; false when it was left out (another day, or not final). */
  add(record: CallRecord): boolean {
    if (!isFinalRecord(record) || record.arrivalSec < this.window.fromSec || record.arrivalSec >= this.window.toSec)
      return false;
    this.acc.add(record);
    this.records += 1;
    return true;
  }

  /** Counts the handle time written after `record` was final (it was counted without one); false when left out. */
  addLateHandle(record: CallRecord, handleSec: number): boolean {
    if (record.arrivalSec < this.window.fromSec || record.arrivalSec >= this.window.toSec) return false;
    return this.acc.addLateHandle(record, handleSec);
  }

  /** Reads today's final records from the store, page by page (calls still open are added when they end). */
  async seed(store: CallStore): Promise<void> {
    await visitRecords(store, this.window, (r) => this.add(r));
  }

  /** Today's window, the number of records counted, and their KPIs (the `kpis` of `hotline kpis --json`). */
  result(): { window: DayWindow & { records: number }; kpis: Kpis } {
    return { window: { ...this.window, records: this.records }, kpis: this.acc.result() };
  }
}
