import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';
import { CALL_RECORD_FIELDS, type CallRecord } from '../record/call-record.js';
import { recordPageSql } from './sqlite-record-pages.js';
import { RECORD_COLUMNS } from './sqlite-rows.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';

/** Rows per query a reader runs: large enough that SQLite's per-query cost vanishes, small enough to stay flat. */
export const READER_CHUNK_ROWS = 5_000;

const at = (field: (typeof CALL_RECORD_FIELDS)[number]): number => CALL_RECORD_FIELDS.indexOf(field);
const [SID, FLOW, DIR, HASH, ARR, IVR, QUEUE, ANS, ABN, END, HANDLE, TALK, TYPE, ATT, SKILL, POOL, GROUP, AGENT] = [
  at('callSid'),
  at('flowId'),
  at('direction'),
  at('callerHash'),
  at('arrivalSec'),
  at('ivrExitSec'),
  at('queueEntrySec'),
  at('answerSec'),
  at('abandonSec'),
  at('endSec'),
  at('handleSec'),
  at('talkSec'),
  at('callType'),
  at('attempt'),
  at('skill'),
  at('pool'),
  at('agentGroup'),
  at('agentId'),
] as const;
const [OUT, RATING, INVITED, LANG, CALLBACK, TRANSFER, LAST, RESOLVED] = [
  at('outcome'),
  at('rating'),
  at('surveyInvited'),
  at('language'),
  at('callbackRequested'),
  at('transferTo'),
  at('lastState'),
  at('resolved'),
] as const;

/**
 * A record from a raw row in RECORD_COLUMNS order, as one object literal: every record gets the same shape at
 * once, twice as fast as valuesToRecord's field-by-field loop (half of a plain read's time on a million rows).
 * A test holds it strictly equal to valuesToRecord on every field, so a new record field fails until added here.
 */
export function rowToRecordFast(row: readonly unknown[]): CallRecord {
  return {
    callSid: row[SID],
    flowId: row[FLOW],
    direction: row[DIR],
    callerHash: row[HASH],
    arrivalSec: row[ARR],
    ivrExitSec: row[IVR],
    queueEntrySec: row[QUEUE],
    answerSec: row[ANS],
    abandonSec: row[ABN],
    endSec: row[END],
    handleSec: row[HANDLE],
    talkSec: row[TALK],
    callType: row[TYPE],
    attempt: row[ATT],
    skill: row[SKILL],
    pool: row[POOL],
    agentGroup: row[GROUP],
    agentId: row[AGENT],
    outcome: row[OUT],
    rating: row[RATING],
    surveyInvited: Boolean(row[INVITED]),
    language: row[LANG],
    callbackRequested: Boolean(row[CALLBACK]),
    transferTo: row[TRANSFER],
    lastState: row[LAST],
    resolved: row[RESOLVED] === null ? null : Boolean(row[RESOLVED]),
  } as CallRecord;
}

/** Which records a reader reads: arrival times, `fromSec` inclusive, `toSec` exclusive (epoch seconds). */
export interface RecordReadWindow {
  readonly fromSec?: number;
  readonly toSec?: number;
}

/** A keyset position in (arrivalSec, callSid) order; (t, '') sorts before every record at t. */
interface Position {
  sec: number;
  sid: string;
}

/**
 * Reads a call store's records READ-ONLY, in arrival order, a chunk at a time: a running server keeps writing
 * undisturbed (WAL readers do not block writers), and memory stays flat in the number of records. The file must
 * exist and have this hotline's schema version (open it once with `hotline serve` to upgrade an older one).
 * Each chunk is its own keyset query, so no read transaction stays open between chunks. Rows are iterated raw
 * (arrays, no per-row object from better-sqlite3) and each becomes a record as it is visited: no page array
 * keeps thousands of records alive through a garbage collection, which made reading a million records a third
 * slower than the rows themselves (bench/kpis.ts).
 */
export class SqliteRecordReader {
  private readonly db: Database.Database;
  private readonly chunk: Database.Statement;

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
    // The store's own page query (one index range, both ends bound), without its filters.
    this.chunk = db.prepare(recordPageSql('page', RECORD_COLUMNS, false)).raw();
  }

  /**
   * Calls `visit` with each of the window's records, in (arrivalSec, callSid) order, reading `chunkRecords` rows
   * per query; returns how many were visited. The fastest way through a store (no generator step per record).
   * `visit` must not use this reader.
   */
  visitRecords(
    visit: (r: CallRecord) => void,
    window: RecordReadWindow = {},
    chunkRecords = READER_CHUNK_ROWS,
  ): number {
    const at: Position = { sec: window.fromSec ?? -Infinity, sid: '' };
    let visited = 0;
    for (;;) {
      const rows = this.chunkRows(at, window, chunkRecords);
      let got = 0;
      for (const row of rows) {
        const r = rowToRecordFast(row as unknown[]);
        got += 1;
        at.sec = r.arrivalSec;
        at.sid = r.callSid;
        visit(r);
      }
      visited += got;
      if (got < chunkRecords) return visited;
    }
  }

  /**
   * Calls `visit` with the arrival time of each of the window's records, in no particular order; returns how many.
   * One column of the arrival index, no record built: what a command needs to find the records' days before it
   * reads them (a tenth of the time of visitRecords).
   */
  visitArrivals(visit: (arrivalSec: number) => void, window: RecordReadWindow = {}): number {
    const rows = this.db
      .prepare('SELECT arrival_sec FROM call_records WHERE arrival_sec >= ? AND arrival_sec < ?')
      .pluck()
      .iterate(window.fromSec ?? -Number.MAX_VALUE, window.toSec ?? Number.MAX_VALUE);
    let visited = 0;
    for (const sec of rows) {
      visit(sec as number);
      visited += 1;
    }
    return visited;
  }

  /** The window's records one by one, in (arrivalSec, callSid) order, `chunkRecords` rows per query. */
  *recordsOf(window: RecordReadWindow = {}, chunkRecords = READER_CHUNK_ROWS): Generator<CallRecord> {
    const at: Position = { sec: window.fromSec ?? -Infinity, sid: '' };
    for (;;) {
      let got = 0;
      for (const row of this.chunkRows(at, window, chunkRecords)) {
        const r = rowToRecordFast(row as unknown[]);
        got += 1;
        at.sec = r.arrivalSec;
        at.sid = r.callSid;
        yield r;
      }
      if (got < chunkRecords) return;
    }
  }

  /** The window's records one by one (for consumers taking an AsyncIterable<CallRecord>). */
  async *records(window: RecordReadWindow = {}): AsyncGenerator<CallRecord> {
    yield* this.recordsOf(window);
  }

  /** Raw rows of the next chunk after `at` (exclusive) in the window. */
  private chunkRows(at: Position, window: RecordReadWindow, limit: number): IterableIterator<unknown> {
    return this.chunk.iterate({
      lowSec: at.sec,
      lowSid: at.sid,
      endSec: window.toSec ?? Infinity,
      endSid: '',
      outcome: null,
      pool: null,
      limit,
    });
  }

  close(): void {
    this.db.close();
  }
}
