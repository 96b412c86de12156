import { KpiAccumulator, type RateCount } from '../../analysis/kpis.js';
import { wilsonInterval } from '../../analysis/wilson-interval.js';
import { type CallRecord, isFinalRecord } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { visitRecords } from '../../store/visit-records.js';

/** The window of GB/T 33358's connection rate (呼叫接通率 ≥ 95 % over any continuous 24 h), seconds. */
export const CONNECTION_WINDOW_SEC = 86_400;

/** The connection rate over the last 24 hours: answered / offered of the calls that arrived in the window. */
export interface ConnectionRate24h {
  /** The window, epoch seconds: calls arriving at or after `fromSec` and at or before `toSec` (now). */
  readonly fromSec: number;
  readonly toSec: number;
  /** Inbound calls that reached a queue (`offered` of `hotline kpis`), and of those answered. */
  readonly offered: number;
  readonly answered: number;
  /** answered / offered (the `answerRate` of `hotline kpis --from <fromSec> --to <toSec + 1>`); null with none offered. */
  readonly rate: number | null;
  /** Its Wilson 95 % interval, null with none offered. */
  readonly interval: readonly [number, number] | null;
}

/**
 * One record's count in `answerRate` (numerator answered, denominator offered), as KpiAccumulator counts it: the
 * record goes through a KpiAccumulator of its own. The counting options left at their defaults are those of
 * `hotline kpis`; the ones set here (no thresholds, no repeat callers, a short histogram) do not touch the rate.
 */
function answerRateCount(record: CallRecord): RateCount {
  const acc = new KpiAccumulator({ thresholdsSec: [], repeatCallers: false, histogramMaxSec: 1 });
  acc.add(record);
  return acc.result().counts.answerRate as RateCount;
}

/**
 * GB/T 33358's rolling 24-hour connection rate (hotline-12345.md §5(b): 人工接通率 = answered / offered, ≥ 95 % over
 * any continuous 24 h), kept one final record at a time: the calls of the last 24 hours by arrival time, dropped as
 * they leave the window. Each record's offered and answered are KpiAccumulator's own counts of it, and
 * KpiAccumulator's counts of a set of records are the sums of each record's (it counts records one at a time, on
 * their own), so the window's rate is by construction the `answerRate` of `hotline kpis --from <now − 24 h>` over the
 * same records.
 */
export class RollingConnectionRate {
  /** Arrival time and `answerRate` count of each record still in the window that counts in it (any order). */
  private calls: { arrivalSec: number; count: RateCount }[] = [];

  /** Reads the window's final records from the store (calls still open are added when they end). */
  async seed(store: CallStore, nowSec: number): Promise<void> {
    await visitRecords(store, { fromSec: nowSec - CONNECTION_WINDOW_SEC, toSec: nowSec + 1 }, (r) =>
      this.add(r, nowSec),
    );
  }

  /** Counts a final record that arrived in the window; true when it counts in the rate (offered or answered). */
  add(record: CallRecord, nowSec: number): boolean {
    if (!isFinalRecord(record) || record.arrivalSec < nowSec - CONNECTION_WINDOW_SEC) return false;
    const count = answerRateCount(record);
    if (count.numerator === 0 && count.denominator === 0) return false;
    this.calls.push({ arrivalSec: record.arrivalSec, count });
    return true;
  }

  /** The rate over [nowSec − 24 h, nowSec]. */
  result(nowSec: number): ConnectionRate24h {
    const fromSec = nowSec - CONNECTION_WINDOW_SEC;
    if (this.calls.some((c) => c.arrivalSec < fromSec)) this.calls = this.calls.filter((c) => c.arrivalSec >= fromSec);
    let answered = 0;
    let offered = 0;
    for (const c of this.calls) {
      if (c.arrivalSec > nowSec) continue;
      offered += c.count.denominator;
      answered += c.count.numerator;
    }
    if (offered === 0) return { fromSec, toSec: nowSec, offered, answered, rate: null, interval: null };
    const { low, high } = wilsonInterval(answered, offered);
    return { fromSec, toSec: nowSec, offered, answered, rate: answered / offered, interval: [low, high] };
  }
}
