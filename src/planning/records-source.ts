import { closeSync, openSync, readSync } from 'node:fs';
import { KpiReportBuilder, type KpiReport, type KpiReportOptions } from '../analysis/kpi-report.js';
import type { CallRecord } from '../record/call-record.js';
import { SqliteRecordReader } from '../store/sqlite-record-reader.js';

/** The arrival window to read, epoch seconds ([from, to)). */
export interface ReadWindow {
  readonly fromSec?: number;
  readonly toSec?: number;
}

/** Where records come from: a store (in arrival order) or a CSV file (in the file's order). */
export interface KpisSource {
  /** True when records come in arrival order (a store): grouped reports may close each period as it ends. */
  readonly sortedByArrival: boolean;
  /** Streams the window's records into `add`, one at a time; memory stays flat in the number of records. */
  read(window: ReadWindow, add: (r: CallRecord) => void): Promise<void>;
  /** Streams the window's arrival times alone, in any order (a store reads one index column; a CSV every record). */
  readArrivals(window: ReadWindow, add: (arrivalSec: number) => void): Promise<void>;
}

/** The report options' arrival window. */
const windowOf = (options: KpiReportOptions): ReadWindow => ({
  ...(options.fromSec === undefined ? {} : { fromSec: options.fromSec }),
  ...(options.toSec === undefined ? {} : { toSec: options.toSec }),
});

/** Adds each record to `builder`, and shows it to `also` when given. */
function both(builder: KpiReportBuilder, also: ((r: CallRecord) => void) | undefined): (r: CallRecord) => void {
  return also === undefined
    ? (r) => builder.add(r)
    : (r) => {
        builder.add(r);
        also(r);
      };
}

/** A store's records in the window, read-only, a chunk of rows per query (no promise per record), into `add`. */
function readStore(path: string, window: ReadWindow, add: (r: CallRecord) => void): void {
  const reader = new SqliteRecordReader(path);
  try {
    reader.visitRecords(add, window);
  } finally {
    reader.close();
  }
}

/** A store file as a source (read-only, in arrival order). */
export function storeSource(path: string): KpisSource {
  return {
    sortedByArrival: true,
    read: async (window, add) => readStore(path, window, add),
    readArrivals: async (window, add) => {
      const reader = new SqliteRecordReader(path);
      try {
        reader.visitArrivals(add, window);
      } finally {
        reader.close();
      }
    },
  };
}

/** The report of a store file, synchronously (bench/kpis.ts measures this); `also` sees every record too. */
export function kpisOfStore(path: string, options: KpiReportOptions, also?: (r: CallRecord) => void): KpiReport {
  const builder = new KpiReportBuilder({ ...options, sortedByArrival: true });
  readStore(path, windowOf(options), both(builder, also));
  return builder.result();
}

/**
 * The KPI report of a source; `also` sees every record of the window too (e.g. contract periods). Records from a
 * file may come in any order: their groups then stay open to the end (memory grows with groups, not records).
 */
export async function kpisOfSource(
  source: KpisSource,
  options: KpiReportOptions,
  also?: (r: CallRecord) => void,
): Promise<KpiReport> {
  const builder = new KpiReportBuilder({ ...options, sortedByArrival: source.sortedByArrival });
  await source.read(windowOf(options), both(builder, also));
  return builder.result();
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** True when `path` starts with SQLite's file header (a store); false for anything else (read as CSV). */
export function isSqliteFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === SQLITE_MAGIC;
  } catch {
    // Unreadable: the CSV reader names the file and the failure.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
