import type Database from 'better-sqlite3';
import type { RecordCursor, RecordPage, RecordPageQuery, RecordPageReader } from './call-store.js';

/**
 * The index every page walks: (arrival_sec, call_sid) is the cursor order, and
 * the index covers both, so finding where a page starts and where a filtered
 * scan stops reads the index alone.
 */
export const RECORD_PAGE_INDEX =
  'CREATE INDEX IF NOT EXISTS call_records_arrival ON call_records (arrival_sec, call_sid);';

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

/**
 * Every statement has exactly one lower and one upper row-value bound on
 * (arrival_sec, call_sid): SQLite turns those into the ends of the index
 * range. With a second bound on the same column (`arrival_sec < :toSec`
 * beside the scan bound) it keeps only one as the range end and merely checks
 * the other, and a rare filter then walks the index to the end of the table.
 * So `from`, `to`, the cursor and the scan bound are folded in code into one
 * start (exclusive) and one end, exclusive (`to`) or inclusive (a scan bound,
 * which always lies inside the time window).
 */
const FROM = '(arrival_sec, call_sid) > (:lowSec, :lowSid)';
const BEFORE_END = '(arrival_sec, call_sid) < (:endSec, :endSid)';
const UP_TO_END = '(arrival_sec, call_sid) <= (:endSec, :endSid)';
const FILTERS = '(:outcome IS NULL OR outcome = :outcome) AND (:pool IS NULL OR pool = :pool)';
const ORDER = 'ORDER BY arrival_sec, call_sid';

interface BoundRow {
  arrival_sec: number;
  call_sid: string;
}

/** A range of the index: after `low` (exclusive), up to `end`, inclusive when `endIncluded`. */
interface Range {
  lowSec: number;
  lowSid: string;
  endSec: number;
  endSid: string;
  endIncluded: boolean;
}

/** The range a page after `after` covers in its time window (CallSids are never empty: (t, '') sorts before every record at t). */
function windowRange(query: RecordPageQuery, after: RecordCursor | null): Range {
  const fromSec = query.fromSec ?? -Infinity;
  const afterIsLater = after !== null && after.arrivalSec >= fromSec;
  return {
    lowSec: afterIsLater ? after.arrivalSec : fromSec,
    lowSid: afterIsLater ? after.callSid : '',
    endSec: query.toSec ?? Infinity,
    endSid: '',
    endIncluded: false,
  };
}

function upTo(range: Range, row: BoundRow): Range {
  return { ...range, endSec: row.arrival_sec, endSid: row.call_sid, endIncluded: true };
}

/**
 * The SQL of a page query (`columns` of at most :limit matching records) or a
 * bound query (the key :offset rows into the range), its range ending before
 * or at (:endSec, :endSid). Exported so a test can hold SQLite's plan to one
 * index range with both ends.
 */
export function recordPageSql(kind: 'page' | 'bound', columns: readonly string[], endIncluded: boolean): string {
  const end = endIncluded ? UP_TO_END : BEFORE_END;
  return kind === 'page'
    ? `SELECT ${columns.join(', ')} FROM call_records INDEXED BY call_records_arrival WHERE ${FROM} AND ${end} AND ${FILTERS} ${ORDER} LIMIT :limit`
    : `SELECT arrival_sec, call_sid FROM call_records INDEXED BY call_records_arrival WHERE ${FROM} AND ${end} ${ORDER} LIMIT 1 OFFSET :offset`;
}

const cursorOf = (row: BoundRow): RecordCursor => ({ arrivalSec: row.arrival_sec, callSid: row.call_sid });

/**
 * Keyset pages of call records on SQLite: every page is one range query on the
 * (arrival_sec, call_sid) index (two when filtered: the scan bound, then the
 * page), so its cost depends on the page size, not on how many records the
 * file holds or how far into them the page is.
 */
export class SqliteRecordPages {
  /** [end exclusive, end inclusive] variants of each statement. */
  private readonly page: [Database.Statement, Database.Statement];
  private readonly bound: [Database.Statement, Database.Statement];

  /**
   * `toRecord` turns a raw row (an array of `columns`, in that order) into a
   * record. Named columns, not `*`: in a file migrated from an older schema,
   * added columns come last.
   */
  constructor(
    db: Database.Database,
    columns: readonly string[],
    private readonly toRecord: (row: readonly unknown[]) => RecordPage['records'][number],
  ) {
    this.page = [
      db.prepare(recordPageSql('page', columns, false)).raw(),
      db.prepare(recordPageSql('page', columns, true)).raw(),
    ];
    this.bound = [
      db.prepare(recordPageSql('bound', columns, false)),
      db.prepare(recordPageSql('bound', columns, true)),
    ];
  }

  /** The row `rows` rows into `range` (where a scan of that many rows stops), or undefined when the range holds fewer. */
  private boundAfter(range: Range, rows: number): BoundRow | undefined {
    const { endIncluded, ...params } = range;
    return this.bound[Number(endIncluded)]!.get({ ...params, offset: rows - 1 }) as BoundRow | undefined;
  }

  /** At most `limit` records of `range` matching the query's filters. */
  private rows(range: Range, query: RecordPageQuery, limit: number): RecordPage['records'] {
    const { endIncluded, ...params } = range;
    // Raw rows: better-sqlite3 builds no object per row, a third of a 1,000-record page's cost.
    const rows = this.page[Number(endIncluded)]!.all({
      ...params,
      outcome: query.outcome ?? null,
      pool: query.pool ?? null,
      limit,
    }) as unknown[][];
    return rows.map(this.toRecord);
  }

  /** The page `query` asks for (see CallStore.listRecordsPage). */
  list(query: RecordPageQuery): RecordPage {
    const window = windowRange(query, query.after);
    const filtered = query.outcome !== undefined || query.pool !== undefined;
    const bound = filtered ? this.boundAfter(window, RECORD_SCAN_ROWS) : undefined;
    const records = this.rows(bound ? upTo(window, bound) : window, query, query.limit);
    const last = records[records.length - 1];
    if (records.length === query.limit && last)
      return { records, next: { arrivalSec: last.arrivalSec, callSid: last.callSid } };
    return { records, next: bound ? cursorOf(bound) : null };
  }

  /**
   * The page `query` asks for, read a slice at a time: the same records and
   * `next` as list(query) when nothing is written meanwhile. The page's scan
   * bound is fixed when it opens; each slice is its own keyset query after
   * the last row the previous slice reached, and a filtered slice examines at
   * most RECORD_SLICE_SCAN_ROWS rows. No SQLite statement or read transaction
   * stays open between slices, so a slow client holds up neither checkpoints
   * nor writers. `beforeRead` runs before each slice (the store's pending
   * writes).
   */
  open(query: RecordPageQuery, beforeRead: () => void): RecordPageReader {
    const filtered = query.outcome !== undefined || query.pool !== undefined;
    const bound = filtered ? this.boundAfter(windowRange(query, query.after), RECORD_SCAN_ROWS) : undefined;
    let after = query.after;
    let remaining = query.limit;
    let next: RecordCursor | null = null;
    let done = false;
    const finish = (cursor: RecordCursor | null) => {
      done = true;
      next = cursor;
    };
    return {
      read: async (max) => {
        if (done) return [];
        beforeRead();
        const window = windowRange(query, after);
        const page = bound ? upTo(window, bound) : window;
        const slice = filtered ? this.boundAfter(page, RECORD_SLICE_SCAN_ROWS) : undefined;
        const want = Math.min(max, remaining);
        const records = this.rows(slice ? upTo(page, slice) : page, query, want);
        remaining -= records.length;
        const last = records[records.length - 1];
        if (records.length === want && last) {
          after = { arrivalSec: last.arrivalSec, callSid: last.callSid };
          if (remaining === 0) finish(after);
        } else if (slice) {
          after = cursorOf(slice);
        } else {
          // The scan reached the page's bound (a filtered page ends short there) or the last record.
          finish(bound ? cursorOf(bound) : null);
        }
        return records;
      },
      get done() {
        return done;
      },
      get next() {
        return next;
      },
    };
  }
}
