import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { rowToRecordFast, SqliteRecordReader } from '../../src/store/sqlite-record-reader.js';
import { recordValues, valuesToRecord } from '../../src/store/sqlite-rows.js';
import { queued, record } from '../helpers/call-records.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-reader-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteRecordReader', () => {
  it('reads every record in arrival order, chunk by chunk, while the server’s store stays open and writing', async () => {
    const path = join(dir, 'calls.db');
    const store = new SqliteCallStore(path);
    const written = [
      queued(300, { ivrSec: 5, waitSec: 5, answered: true }, { surveyInvited: true, rating: 2, callerHash: 'h1' }),
      record(100),
      record(200, { callbackRequested: true, resolved: false }),
    ];
    for (const r of written) await store.putRecord(r);
    const reader = new SqliteRecordReader(path);
    expect([...reader.recordsOf({}, 2)]).toEqual([written[1], written[2], written[0]]);
    const visited: unknown[] = [];
    expect(reader.visitRecords((r) => visited.push(r), {}, 1)).toBe(3);
    expect(visited).toEqual([written[1], written[2], written[0]]);
    await store.putRecord(record(400));
    const all: unknown[] = [];
    for await (const r of reader.records({ fromSec: 200, toSec: 400 })) all.push(r);
    expect(all).toEqual([written[2], written[0]]);
    reader.close();
    expect(await store.listRecords()).toHaveLength(4);
    await store.close();
  });

  it('splits chunks between calls of the same second without losing or repeating one, inside the window', async () => {
    const path = join(dir, 'calls.db');
    const store = new SqliteCallStore(path);
    const written = ['CAc', 'CAa', 'CAb'].map((callSid) => record(100, { callSid }));
    for (const r of [...written, record(99), record(101)]) await store.putRecord(r);
    await store.close();
    const reader = new SqliteRecordReader(path);
    const sids: string[] = [];
    expect(reader.visitRecords((r) => sids.push(r.callSid), { fromSec: 100, toSec: 101 }, 1)).toBe(3);
    expect(sids).toEqual(['CAa', 'CAb', 'CAc']);
    expect([...reader.recordsOf({ fromSec: 100, toSec: 101 }, 2)].map((r) => r.callSid)).toEqual(sids);
    reader.close();
  });

  it('refuses a missing file with HOTLINE_STORE_FAILED naming it, and creates nothing', () => {
    const path = join(dir, 'none.db');
    expect(() => new SqliteRecordReader(path)).toThrow(/HOTLINE_STORE_FAILED|none\.db: no such file/);
    expect(() => new SqliteRecordReader(path)).toThrowError(expect.objectContaining({ code: 'HOTLINE_STORE_FAILED' }));
  });

  it('refuses a file of another schema version, saying how to upgrade it', () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.pragma('user_version = 3');
    db.close();
    expect(() => new SqliteRecordReader(path)).toThrow(/schema version 3.*hotline serve --db/);
  });

  it('refuses a file that is not SQLite', () => {
    const path = join(dir, 'text.db');
    writeFileSync(path, 'not a database, just text that is long enough to have a header of sorts...........');
    expect(() => new SqliteRecordReader(path)).toThrowError(expect.objectContaining({ code: 'HOTLINE_STORE_FAILED' }));
  });

  it('builds the same record from a row as the store’s own row helper, field for field', () => {
    const full = queued(
      500,
      { ivrSec: 5, waitSec: 7, answered: true },
      {
        callerHash: 'abc',
        callType: 'complaint',
        attempt: 2,
        rating: 3,
        surveyInvited: true,
        callbackRequested: true,
        transferTo: '119',
        resolved: true,
      },
    );
    const row = recordValues(full);
    expect(rowToRecordFast(row)).toStrictEqual(valuesToRecord(row, 0));
    expect(rowToRecordFast(row)).toStrictEqual(full);
  });

  it('keeps resolved as true, false or null (not recorded) through the store', async () => {
    const path = join(dir, 'calls.db');
    const store = new SqliteCallStore(path);
    const written = [record(1, { resolved: true }), record(2, { resolved: false }), record(3)];
    for (const r of written) await store.putRecord(r);
    await store.close();
    const reader = new SqliteRecordReader(path);
    expect([...reader.recordsOf({})].map((r) => r.resolved)).toEqual([true, false, null]);
    reader.close();
  });

  it('visits the window’s arrival times alone, as many as its records', async () => {
    const path = join(dir, 'calls.db');
    const store = new SqliteCallStore(path);
    for (const sec of [100, 200, 300, 400]) await store.putRecord(record(sec));
    await store.close();
    const reader = new SqliteRecordReader(path);
    const seen: number[] = [];
    expect(reader.visitArrivals((sec) => seen.push(sec), { fromSec: 200, toSec: 400 })).toBe(2);
    expect(seen.sort((a, b) => a - b)).toEqual([200, 300]);
    expect(reader.visitArrivals(() => undefined)).toBe(4);
    reader.close();
  });
});
