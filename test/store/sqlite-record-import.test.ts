import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { importRecordsToSqlite } from '../../src/store/sqlite-record-import.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (callSid: string, arrivalSec: number, lastState = 'done'): CallRecord => ({
  ...newCallRecord({
    callSid,
    flowId: 'f',
    direction: 'inbound',
    callerHash: null,
    arrivalSec,
    language: 'cmn-CN',
    lastState,
  }),
  endSec: arrivalSec + 60,
  outcome: 'ivr-hangup',
});

async function* from(records: CallRecord[], failAfter?: number) {
  for (const [i, r] of records.entries()) {
    if (i === failAfter) throw new Error('read failed');
    yield r;
  }
}

describe('importRecordsToSqlite', () => {
  it('writes records, and skips (never overwrites) those whose CallSid is stored', async () => {
    const db = join(dir, 'a.db');
    expect(await importRecordsToSqlite(db, from([record('A', 1), record('B', 2)]))).toEqual({
      imported: 2,
      skipped: 0,
    });
    expect(await importRecordsToSqlite(db, from([record('B', 2, 'other'), record('C', 3)]))).toEqual({
      imported: 1,
      skipped: 1,
    });
    const store = new SqliteCallStore(db);
    const stored = await store.listRecords();
    await store.close();
    expect(stored.map((r) => [r.callSid, r.lastState])).toEqual([
      ['A', 'done'],
      ['B', 'done'],
      ['C', 'done'],
    ]);
  });

  it('writes nothing when the read fails half-way (one transaction)', async () => {
    const db = join(dir, 'b.db');
    await expect(importRecordsToSqlite(db, from([record('A', 1), record('B', 2)], 1))).rejects.toThrow('read failed');
    const store = new SqliteCallStore(db);
    expect(await store.listRecords()).toEqual([]);
    await store.close();
  });
});
