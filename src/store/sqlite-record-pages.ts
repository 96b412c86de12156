import type Database from 'better-sqlite3';
import type { RecordPage, RecordPageQuery } from './call-store.js';

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

const WINDOW = '(arrival_sec, call_sid) > (:afterSec, :afterSid) AND arrival_sec >= :fromSec AND arrival_sec < :toSec';

/**
 * Keyset pages of call records on SQLite: every page is one range query on the
 * (arrival_sec, call_sid) index (two when filtered: the scan bound, then the
 * page), so its cost depends on the page size, not on how many records the
 * file holds or how far into them the page is.
 */
export class SqliteRecordPages {
  private readonly page: Database.Statement;
  private readonly scanBound: Database.Statement;

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
