import type Database from 'better-sqlite3';
import type { RecordCursor, RecordPage, RecordPageQuery, RecordPageReader } from './call-store.js';

/**
 * The index every page walks: (arrival_sec, call_sid) is the cursor order, and
 * the index covers both, so finding where a page starts and where a filtered
 * scan stops reads the index alone.
 */
export const RECORD_PAGE_INDEX = 'CREATE INDEX IF NOT EXISTS call_records_arrival ON call_records (arrival_sec, call_sid);';

/**
 * Most rows a filtered page examines. An outcome or pool filter matching few
 * records would otherwise scan the table to fill a page (a million rows: a
 * quarter of a second with the event loop blocked); past this many rows the
 * page ends short, with a cursor where the scan stopped.
 */
export const RECORD_SCAN_ROWS = 5_000;

/**
 * Most rows one slice of a filtered page examines (RecordPageReader.read): a
 * tenth of the page's scan, so a slice of a rare filter reads a few hundred
 * rows, well under a millisecond, before the event loop gets a turn.
 */
export const RECORD_SLICE_SCAN_ROWS = 500;

const WINDOW = '(arrival_sec, call_sid) > (:afterSec, :afterSid) AND arrival_sec >= :fromSec AND arrival_sec < :toSec';

interface BoundRow { arrival_sec: number; call_sid: string }

/**
 * Keyset pages of call records on SQLite: every page is one range query on the
 * (arrival_sec, call_sid) index (two when filtered: the scan bound, then the
 * page), so its cost depends on the page size, not on how many records the
 * file holds or how far into them the page is.
 */
export class SqliteRecordPages {
  private readonly page: Database.Statement;
  private readonly scanBound: Database.Statement;
  private readonly sliceBound: Database.Statement;

  /**
   * `toRecord` turns a raw row (an array of `columns`, in that order) into a
   * record. Named columns, not `*`: in a file migrated from an older schema,
   * added columns come last.
   */
  constructor(db: Database.Database, columns: readonly string[], private readonly toRecord: (row: readonly unknown[]) => RecordPage['records'][number]) {
    this.page = db.prepare(`SELECT ${columns.join(', ')} FROM call_records INDEXED BY call_records_arrival WHERE ${WINDOW}
      AND (arrival_sec, call_sid) <= (:boundSec, :boundSid)
      AND (:outcome IS NULL OR outcome = :outcome) AND (:pool IS NULL OR pool = :pool)
      ORDER BY arrival_sec, call_sid LIMIT :limit`).raw();
    this.scanBound = db.prepare(`SELECT arrival_sec, call_sid FROM call_records INDEXED BY call_records_arrival WHERE ${WINDOW}
      ORDER BY arrival_sec, call_sid LIMIT 1 OFFSET :offset`);
    this.sliceBound = db.prepare(`SELECT arrival_sec, call_sid FROM call_records INDEXED BY call_records_arrival WHERE ${WINDOW}
      AND (arrival_sec, call_sid) <= (:boundSec, :boundSid)
      ORDER BY arrival_sec, call_sid LIMIT 1 OFFSET :offset`);
  }

  /**
   * The page `query` asks for, read a slice at a time: the same records and
   * `next` as list(query) when nothing is written meanwhile. The page's scan
   * bound is fixed when it opens; each slice is its own keyset query after
   * the last row the previous slice reached (no SQLite statement or read
   * transaction stays open between slices, so checkpoints and writers are not
   * held up by a slow client). `beforeRead` runs before each slice (the
   * store's pending writes).
   */
  open(query: RecordPageQuery, beforeRead: () => void): RecordPageReader {
    const filtered = query.outcome !== undefined || query.pool !== undefined;
    const first = this.window(query, query.after);
    const bound = filtered ? (this.scanBound.get({ ...first, offset: RECORD_SCAN_ROWS - 1 }) as BoundRow | undefined) : undefined;
    const pageBound = { boundSec: bound?.arrival_sec ?? Infinity, boundSid: bound?.call_sid ?? '\u{10FFFF}' };
    const filters = { outcome: query.outcome ?? null, pool: query.pool ?? null };
    let after = query.after;
    let remaining = query.limit;
    let next: RecordCursor | null = null;
    let done = false;
    const finish = (cursor: RecordCursor | null) => { done = true; next = cursor; };
    return {
      read: async (max) => {
        if (done) return [];
        beforeRead();
        const window = this.window(query, after);
        // A filtered slice examines at most RECORD_SLICE_SCAN_ROWS rows, never past the page's bound.
        const slice = filtered ? (this.sliceBound.get({ ...window, ...pageBound, offset: RECORD_SLICE_SCAN_ROWS - 1 }) as BoundRow | undefined) : undefined;
        const want = Math.min(max, remaining);
        const rows = this.page.all({
          ...window, ...filters, limit: want,
          ...(slice ? { boundSec: slice.arrival_sec, boundSid: slice.call_sid } : pageBound),
        }) as unknown[][];
        const records = rows.map(this.toRecord);
        remaining -= records.length;
        const last = records[records.length - 1];
        if (records.length === want && last) {
          after = { arrivalSec: last.arrivalSec, callSid: last.callSid };
          if (remaining === 0) finish(after);
        } else if (slice) {
          after = { arrivalSec: slice.arrival_sec, callSid: slice.call_sid };
        } else {
          // The scan reached the page's bound (a filtered page ends short there) or the last record.
          finish(bound ? { arrivalSec: bound.arrival_sec, callSid: bound.call_sid } : null);
        }
        return records;
      },
      get done() { return done; },
      get next() { return next; },
    };
  }

  private window(query: RecordPageQuery, after: RecordCursor | null) {
    return {
      afterSec: after?.arrivalSec ?? -Infinity,
      afterSid: after?.callSid ?? '',
      fromSec: query.fromSec ?? -Infinity,
      toSec: query.toSec ?? Infinity,
    };
  }

  /** The page `query` asks for (see CallStore.listRecordsPage). */
  list(query: RecordPageQuery): RecordPage {
    const window = {
      afterSec: query.after?.arrivalSec ?? -Infinity,
      afterSid: query.after?.callSid ?? '',
      fromSec: query.fromSec ?? -Infinity,
      toSec: query.toSec ?? Infinity,
    };
    const filtered = query.outcome !== undefined || query.pool !== undefined;
    const bound = filtered
      ? (this.scanBound.get({ ...window, offset: RECORD_SCAN_ROWS - 1 }) as { arrival_sec: number; call_sid: string } | undefined)
      : undefined;
    const rows = this.page.all({
      ...window,
      // Sorts after every CallSid at the last arrival time: no bound.
      boundSec: bound?.arrival_sec ?? Infinity,
      boundSid: bound?.call_sid ?? '\u{10FFFF}',
      outcome: query.outcome ?? null,
      pool: query.pool ?? null,
      limit: query.limit,
    }) as unknown[][];
    // Raw rows: better-sqlite3 builds no object per row, a third of a 1,000-record page's cost.
    const records = rows.map(this.toRecord);
    const last = records[records.length - 1];
    if (records.length === query.limit && last) return { records, next: { arrivalSec: last.arrivalSec, callSid: last.callSid } };
    return { records, next: bound ? { arrivalSec: bound.arrival_sec, callSid: bound.call_sid } : null };
  }
}
