import type { CallRecord } from '../record/call-record.js';
import { RECORD_COLUMNS, recordValues } from './sqlite-rows.js';
import { openCallDatabase } from './sqlite-schema.js';

/** What an import did: records written, and records skipped because a record with their CallSid was there. */
export interface RecordImportCounts {
  readonly imported: number;
  readonly skipped: number;
}

/** An insert that leaves a record already stored under the same CallSid as it is (and says so: 0 changes). */
const INSERT_UNLESS_PRESENT = `INSERT INTO call_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT(call_sid) DO NOTHING`;

/**
 * Writes `records` into the SQLite call store at `path` (created if needed) in ONE transaction: all or nothing, so
 * a read that fails half-way (a bad CSV) leaves the file as it was. A record whose CallSid is already stored (an
 * earlier import of the same file, a live call) is skipped and counted, never overwritten. The write lock is held
 * for the whole import: run it on a file no server is writing (`hotline import` takes the server lock).
 */
export async function importRecordsToSqlite(
  path: string,
  records: AsyncIterable<CallRecord>,
): Promise<RecordImportCounts> {
  const db = openCallDatabase(path);
  let imported = 0;
  let skipped = 0;
  try {
    const insert = db.prepare(INSERT_UNLESS_PRESENT);
    db.exec('BEGIN IMMEDIATE');
    try {
      for await (const record of records) {
        if (insert.run(recordValues(record)).changes > 0) imported += 1;
        else skipped += 1;
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    db.close();
  }
  return { imported, skipped };
}
