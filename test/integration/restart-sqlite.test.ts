import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { FlowCall } from '../../src/flow/runtime/flow-call.js';
import { buildApp } from '../../src/server/app.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { KNOWN_CASE, TestClock, testCaseLookup } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, spoken } from '../helpers/signed-client.js';

const SID = `CA${'5'.repeat(32)}`;

describe('a server restarted mid-call continues the call from the SQLite file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A SQLite file path in a fresh temp folder, removed after the test. */
  function dbFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-restart-'));
    dirs.push(dir);
    return join(dir, 'calls.db');
  }

  async function start(file: string, clock: TestClock) {
    const store = new SqliteCallStore(file);
    const app = await buildApp({
      flow: menu,
      store,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      clock: clock.now,
      lookups: { caseStatus: testCaseLookup },
    });
    return { store, app };
  }

  it('keeps the flow state, retry counters, the record and the caller-hash salt across a restart', async () => {
    const file = dbFile();
    const clock = new TestClock();

    const first = await start(file, clock);
    await post(first.app, '/voice', callParams(SID));
    const invalid = await post(first.app, '/voice/gather?turn=1', callParams(SID, { Digits: '7' }));
    expect(spoken(invalid.verbs)[0]).toContain('输入有误');
    const arrival = (await first.store.getRecord(SID))!;
    await first.app.close();
    await first.store.close();

    const second = await start(file, clock);
    // Two more failed tries finish the three allowed: the caller must be sent to an agent, so the counter survived.
    await post(second.app, '/voice/gather?turn=2', callParams(SID, { Digits: '7' }));
    const toAgent = await post(second.app, '/voice/gather?turn=3', callParams(SID, { Digits: '7' }));
    expect(toAgent.status).toBe(200);
    expect(toAgent.verbs.find((v) => v.name === 'Enqueue')?.text).toBe('general.in-house');
    expect(spoken(toAgent.verbs)[0]).toContain('正在为您转接人工服务');
    await post(second.app, '/voice/status', callParams(SID, { CallStatus: 'completed' }));
    const record = (await second.store.getRecord(SID))!;
    expect(record.callerHash).toBe(arrival.callerHash);
    expect(record.arrivalSec).toBe(arrival.arrivalSec);
    expect(record.outcome).toBe('abandoned');
    await second.app.close();
    await second.store.close();
  });

  it('continues a case lookup typed before the restart', async () => {
    const file = dbFile();
    const clock = new TestClock();
    const first = await start(file, clock);
    await post(first.app, '/voice', callParams(SID));
    await post(first.app, '/voice/gather?turn=1', callParams(SID, { Digits: '5' }));
    await first.app.close();
    await first.store.close();

    const second = await start(file, clock);
    const report = await post(
      second.app,
      '/voice/gather?turn=2',
      callParams(SID, { Digits: KNOWN_CASE, FinishedOnKey: '#' }),
    );
    expect(spoken(report.verbs)[0]).toContain(`工单${KNOWN_CASE}的办理进度`);
    await second.app.close();
    await second.store.close();
  });

  it('continues a call a version-3 file holds, with the snapshot XState persisted, after upgrading the file', async () => {
    const file = dbFile();
    const clock = new TestClock();
    const first = await start(file, clock);
    await post(first.app, '/voice', callParams(SID));
    await post(first.app, '/voice/gather?turn=1', callParams(SID, { Digits: '7' }));
    await first.app.close();
    await first.store.close();
    // What a version-3 hotline left: an XState actor's persisted snapshot and the full queue index.
    const reference = FlowCall.start(menu);
    await reference.advance(testCaseLookup);
    reference.send({ type: 'DIGITS', digits: '7' });
    await reference.advance(testCaseLookup);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    const stored = db.prepare('SELECT snapshot FROM call_sessions WHERE call_sid = ?').pluck().get(SID);
    expect(stored, 'the compiled engine persists what XState persists').toBe(JSON.stringify(reference.persist()));
    db.prepare('UPDATE call_sessions SET snapshot = ? WHERE call_sid = ?').run(
      JSON.stringify(reference.persist()),
      SID,
    );
    db.exec('DROP INDEX call_sessions_queue; CREATE INDEX call_sessions_queue ON call_sessions (queue_name);');
    // A version-3 file has neither the record columns of version 6 nor the caller index, agent groups and state tables of version 7.
    db.exec(`ALTER TABLE call_records DROP COLUMN talk_sec; ALTER TABLE call_records DROP COLUMN agent_group;
      ALTER TABLE call_records DROP COLUMN survey_invited; DROP INDEX call_records_caller; ALTER TABLE agents DROP COLUMN agent_group;
      DROP INDEX call_records_recent_handle; DROP TABLE agent_states; DROP TABLE agent_state_log;
      ALTER TABLE call_records DROP COLUMN resolved;`);
    db.pragma('user_version = 3');
    db.close();

    const second = await start(file, clock);
    await post(second.app, '/voice/gather?turn=2', callParams(SID, { Digits: '7' }));
    const toAgent = await post(second.app, '/voice/gather?turn=3', callParams(SID, { Digits: '7' }));
    expect(toAgent.verbs.find((v) => v.name === 'Enqueue')?.text).toBe('general.in-house');
    expect((await second.store.listWaiting(['general.in-house'])).map((w) => w.callSid)).toEqual([SID]);
    await second.app.close();
    await second.store.close();
    const upgraded = new Database(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.prepare("SELECT 1 FROM sqlite_master WHERE name = 'call_records_caller'").pluck().get()).toBe(1);
    expect(
      upgraded
        .prepare(
          'EXPLAIN QUERY PLAN SELECT call_sid FROM call_records WHERE arrival_sec > ? ORDER BY arrival_sec, call_sid',
        )
        .all(0)
        .map((r) => (r as { detail: string }).detail)
        .join(' '),
    ).toContain('call_records_arrival');
    expect(upgraded.prepare("SELECT sql FROM sqlite_master WHERE name = 'call_sessions_queue'").pluck().get()).toMatch(
      /WHERE queue_name IS NOT NULL/,
    );
    expect(
      upgraded
        .prepare('EXPLAIN QUERY PLAN SELECT call_sid FROM call_sessions WHERE queue_name IN (?, ?)')
        .all('a', 'b')
        .map((r) => (r as { detail: string }).detail)
        .join(' '),
    ).toContain('call_sessions_queue');
    upgraded.close();
  });

  it('refuses a database written by a newer schema with a clear error', async () => {
    const file = dbFile();
    const store = new SqliteCallStore(file);
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteCallStore(file)).toThrow(/schema version 99/);
  });
});

describe('schema migration', () => {
  it('upgrades a version-1 file in place and keeps its records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-migrate-'));
    const file = join(dir, 'old.db');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.exec(`CREATE TABLE call_records (call_sid TEXT PRIMARY KEY, flow_id TEXT NOT NULL, direction TEXT NOT NULL, caller_hash TEXT,
      arrival_sec REAL NOT NULL, ivr_exit_sec REAL, queue_entry_sec REAL, answer_sec REAL, abandon_sec REAL, end_sec REAL,
      skill TEXT, pool TEXT, agent_id TEXT, outcome TEXT, rating INTEGER, language TEXT NOT NULL,
      callback_requested INTEGER NOT NULL, transfer_to TEXT, last_state TEXT NOT NULL);
      CREATE TABLE call_sessions (call_sid TEXT PRIMARY KEY, flow_id TEXT NOT NULL, snapshot TEXT NOT NULL, turn INTEGER NOT NULL,
        queue_name TEXT, queue_since_sec REAL, pending_leave TEXT, heard_hold INTEGER NOT NULL, marks TEXT NOT NULL);
      CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE, skills TEXT NOT NULL, pool TEXT NOT NULL, active INTEGER NOT NULL);
      INSERT INTO agents VALUES ('8013', 'A', NULL, '["general"]', 'in-house', 1);
      INSERT INTO call_records VALUES ('CAold', 'f', 'inbound', 'h', 1, 2, 2, 3, NULL, 9, 'general', 'in-house', '8013', 'answered', 2, 'cmn-CN', 0, NULL, 'rated');`);
    db.pragma('user_version = 1');
    db.close();
    const store = new SqliteCallStore(file);
    expect(await store.getRecord('CAold')).toMatchObject({
      outcome: 'answered',
      rating: 2,
      attempt: 1,
      handleSec: null,
      callType: null,
    });
    expect(await store.getAgent('8013')).toMatchObject({ skills: ['general'], pinHash: null });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
