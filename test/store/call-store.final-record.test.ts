import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import type { CallbackRequest, CallSession, CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-final-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(callSid: string, arrivalSec = 1): CallSession {
  const record = {
    ...newCallRecord({
      callSid,
      flowId: 'f',
      direction: 'inbound',
      callerHash: 'h',
      arrivalSec,
      language: 'cmn-CN',
      lastState: 'queue',
    }),
    queueEntrySec: arrivalSec + 5,
  };
  return {
    callSid,
    flowId: 'f',
    snapshot: { value: 'queue' },
    turn: 2,
    queueName: 'general.in-house',
    queueSinceSec: arrivalSec + 5,
    pendingLeave: null,
    heardHold: false,
    marks: [],
    lastTwiml: '<Response/>',
    journey: [],
    record,
  };
}

function final(s: CallSession, outcome: CallRecord['outcome'] = 'abandoned'): CallRecord {
  return { ...s.record, endSec: 99, abandonSec: 99, outcome };
}

const CALLBACK: CallbackRequest = {
  id: 'cb1',
  callSid: 'CA1',
  skill: 'general',
  number: '+8613800138000',
  status: 'pending',
  createdSec: 10,
  dueSec: 310,
  attempts: 0,
  placedCallSid: null,
  lastError: null,
};

describe.each([
  ['memory', () => new MemoryCallStore()],
  ['sqlite', () => new SqliteCallStore(join(dir, `final-${Math.random().toString(36).slice(2)}.db`))],
] as const)('%s store: a final record never changes again', (_name, make: () => CallStore) => {
  it('refuses to save a session of a call whose record is final, and keeps the record', async () => {
    const store = make();
    const s = session('CA1');
    expect(await store.saveSession(s)).toBe(true);
    expect(await store.endSession('CA1', final(s))).toBe(true);
    expect(await store.saveSession({ ...s, turn: 3, record: { ...s.record, lastState: 'agent' } })).toBe(false);
    expect(await store.getSession('CA1')).toBeUndefined();
    expect(await store.getRecord('CA1')).toEqual(final(s));
    expect(await store.listWaiting(['general.in-house'])).toEqual([]);
    await store.close();
  });

  it('keeps the first final record when the call is ended again (first end wins)', async () => {
    const store = make();
    const s = session('CA1');
    await store.saveSession(s);
    await store.endSession('CA1', final(s, 'abandoned'));
    expect(await store.endSession('CA1', { ...final(s, 'answered'), endSec: 120 })).toBe(false);
    await store.putRecord({ ...s.record, lastState: 'welcome' });
    expect(await store.getRecord('CA1')).toEqual(final(s, 'abandoned'));
    expect(await store.listRecords()).toEqual([final(s, 'abandoned')]);
    await store.close();
  });

  it('lets a record without an end change (an open call), and ends it once', async () => {
    const store = make();
    const s = session('CA1');
    await store.putRecord(s.record);
    await store.putRecord({ ...s.record, lastState: 'agent' });
    expect((await store.getRecord('CA1'))?.lastState).toBe('agent');
    expect(await store.saveSession(s)).toBe(true);
    await store.close();
  });

  it('lists the sessions of calls that arrived before a time', async () => {
    const store = make();
    await store.saveSession(session('CA1', 100));
    await store.saveSession(session('CA2', 200));
    await store.saveSession(session('CA3', 50));
    expect((await store.listSessionsArrivedBefore(150)).map((s) => s.callSid).sort()).toEqual(['CA1', 'CA3']);
    expect(await store.listSessionsArrivedBefore(50)).toEqual([]);
    await store.close();
  });

  it('erases callback numbers due at or before a time; a pending one fails', async () => {
    const store = make();
    await store.putCallback(CALLBACK);
    await store.putCallback({ ...CALLBACK, id: 'cb2', dueSec: 1000 });
    await store.putCallback({ ...CALLBACK, id: 'cb3', status: 'placed', number: null, placedCallSid: 'CA9' });
    expect(await store.eraseCallbackNumbers(310, 'retention')).toBe(1);
    const byId = Object.fromEntries((await store.listCallbacks()).map((c) => [c.id, c]));
    expect(byId.cb1).toMatchObject({ number: null, status: 'failed', lastError: 'retention' });
    expect(byId.cb2).toMatchObject({ number: CALLBACK.number, status: 'pending' });
    expect(byId.cb3).toMatchObject({ number: null, status: 'placed', placedCallSid: 'CA9' });
    expect(await store.eraseCallbackNumbers(310, 'retention')).toBe(0);
    await store.close();
  });

  it('deletes a setting', async () => {
    const store = make();
    await store.setSetting('k', 'v');
    await store.deleteSetting('k');
    expect(await store.getSetting('k')).toBeUndefined();
    await store.close();
  });
});

describe('SQLite: two connections on one file', () => {
  it('a connection that read the session before another ended the call cannot reopen it', async () => {
    const file = join(dir, 'race.db');
    const a = new SqliteCallStore(file);
    const b = new SqliteCallStore(file);
    const s = session('CA1');
    await a.saveSession(s);
    const seenByB = (await b.getSession('CA1'))!;
    await a.endSession('CA1', final(s));
    // B acts on what it read: a late webhook of the call.
    expect(await b.saveSession({ ...seenByB, turn: 3, record: { ...seenByB.record, lastState: 'agent' } })).toBe(false);
    expect(await b.endSession('CA1', { ...final(s, 'answered'), endSec: 150 })).toBe(false);
    for (const store of [a, b]) {
      expect(await store.getSession('CA1')).toBeUndefined();
      expect(await store.getRecord('CA1')).toEqual(final(s));
    }
    await a.close();
    await b.close();
  });

  it('drops, at open, sessions left beside a final record by older versions', async () => {
    const file = join(dir, 'legacy-reopened.db');
    const store = new SqliteCallStore(file);
    const s = session('CA1');
    await store.saveSession(s);
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file);
    raw.prepare('UPDATE call_records SET end_sec = 99, outcome = ? WHERE call_sid = ?').run('abandoned', 'CA1');
    raw.close();
    const reopened = new SqliteCallStore(file);
    expect(await reopened.getSession('CA1')).toBeUndefined();
    expect((await reopened.getRecord('CA1'))?.outcome).toBe('abandoned');
    await reopened.close();
  });

  it('leaves no trace of an erased callback number in the file or its WAL', async () => {
    const file = join(dir, 'erase.db');
    const store = new SqliteCallStore(file);
    await store.putCallback(CALLBACK);
    // Rewritten a few times (INSERT OR REPLACE leaves the old row's bytes behind unless they are zeroed).
    await store.putCallback({ ...CALLBACK, attempts: 1, lastError: 'busy' });
    await store.putCallback({ ...CALLBACK, attempts: 2, lastError: 'no-answer' });
    const bytes = () =>
      Buffer.concat([
        readFileSync(file),
        ...[`${file}-wal`].map((f) => {
          try {
            return readFileSync(f);
          } catch {
            return Buffer.alloc(0);
          }
        }),
      ]);
    expect(bytes().includes(Buffer.from('8613800138000'))).toBe(true);
    await store.eraseCallbackNumbers(1000, 'retention');
    expect(bytes().includes(Buffer.from('8613800138000'))).toBe(false);
    await store.close();
  });
});
