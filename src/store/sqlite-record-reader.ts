import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import type { RecordCursor } from './call-store.js';
import { SqliteRecordPages } from './sqlite-record-pages.js';
import { RECORD_COLUMNS, valuesToRecord } from './sqlite-rows.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';

/** Records per page a reader fetches: large enough that SQLite's per-query cost vanishes, small enough to stay flat. */
export const READER_PAGE_RECORDS = 5_000;

/** Which records a reader reads: arrival times, `fromSec` inclusive, `toSec` exclusive (epoch seconds). */
export interface RecordReadWindow {
  readonly fromSec?: number;
  readonly toSec?: number;
}

/**
 * Reads a call store's records READ-ONLY, in arrival order, a page at a time: a running server keeps writing
 * undisturbed (WAL readers do not block writers), and memory stays flat in the number of records. The file must
 * exist and have this hotline's schema version (open it once with `hotline serve` to upgrade an older one).
 * Each page is its own keyset query, so no read transaction stays open between pages.
 */
export class SqliteRecordReader {
  private readonly db: Database.Database;
  private readonly pages: SqliteRecordPages;

  constructor(readonly path: string) {
    const fail = (why: string, cause?: unknown): HotlineError =>
      new HotlineError('HOTLINE_STORE_FAILED', `Cannot read the call store at ${path}: ${why}.`, { cause });
    if (!existsSync(path)) throw fail('no such file; pass the --db file `hotline serve` writes');
    let db: Database.Database | undefined;
    let version: number;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      db?.close();
      throw fail(`${(error as Error).message}; check the file is a hotline SQLite store you may read`, error);
    }
    if (version !== SCHEMA_VERSION) {
      db.close();
      throw fail(
        `schema version ${version}, this hotline reads ${SCHEMA_VERSION}; ${version < SCHEMA_VERSION ? 'open it once with `hotline serve --db` to upgrade it' : 'upgrade hotline'}`,
      );
    }
    this.db = db;
    this.pages = new SqliteRecordPages(db, RECORD_COLUMNS, (row) => valuesToRecord(row, 0));
  }

  /** The window's records, a page (array) at a time, in (arrivalSec, callSid) order. */
  *pagesOf(window: RecordReadWindow = {}, pageRecords = READER_PAGE_RECORDS): Generator<CallRecord[]> {
    let after: RecordCursor | null = null;
    do {
      const page = this.pages.list({ after, limit: pageRecords, ...window });
      if (page.records.length > 0) yield page.records;
      after = page.next;
    } while (after !== null);
  }

  /** The window's records one by one (for consumers taking an AsyncIterable<CallRecord>). */
  async *records(window: RecordReadWindow = {}): AsyncGenerator<CallRecord> {
    for (const page of this.pagesOf(window)) yield* page;
  }

  close(): void {
    this.db.close();
  }
}
