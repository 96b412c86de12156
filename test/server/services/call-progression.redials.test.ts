import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { TestClock } from '../../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, sign } from '../../helpers/signed-client.js';

const CALLER = '+8613800138000';
const OTHER = '+8613900139000';

/** A server on a real SQLite file, listening on loopback, with a one-hour redial window. */
async function start(): Promise<{ app: FastifyInstance; store: SqliteCallStore; clock: TestClock; base: string }> {
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  const clock = new TestClock();
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    redialWindowSec: 3600,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, store, clock, base };
}

let dir = '';
let server: Awaited<ReturnType<typeof start>>;
let next = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-redials-'));
  server = await start();
});

afterEach(async () => {
  await server.app.close();
  await server.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs a signed webhook over HTTP (signed over PUBLIC_URL + path, as Twilio signs it). */
async function webhook(path: string, params: Record<string, string>): Promise<number> {
  const res = await fetch(server.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(path, params) },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

/**
 * One short inbound call from `from`: it falls through the direct flow's greeting into the queue and hangs up
 * there (abandoned), or hangs up in the IVR. Returns its record's attempt.
 */
async function call(from: string, ends: 'abandoned' | 'ivr-hangup' = 'abandoned'): Promise<number> {
  next += 1;
  const sid = `CA${next.toString(16).padStart(32, '0')}`;
  const params = callParams(sid, { From: from, Caller: from });
  expect(await webhook('/voice', params)).toBe(200);
  if (ends === 'abandoned') {
    expect(await webhook('/voice/no-input?turn=1', params)).toBe(200);
    server.clock.advance(30);
  }
  expect(await webhook('/voice/status', { ...params, CallStatus: 'completed' })).toBe(200);
  const record = (await server.store.getRecord(sid))!;
  expect(record.outcome).toBe(ends);
  return record.attempt;
}

describe('live redials: attempt from the caller hash within the redial window', () => {
  it('counts a chain of abandoned calls within the window as attempts 1, 2, 3, and starts again after a gap', async () => {
    expect(await call(CALLER)).toBe(1);
    server.clock.advance(600);
    expect(await call(OTHER), 'another caller is not a redial').toBe(1);
    expect(await call(CALLER)).toBe(2);
    server.clock.advance(3000);
    expect(await call(CALLER), 'each call within the window of the one before').toBe(3);
    server.clock.advance(3601);
    expect(await call(CALLER), 'outside the window: a first call again').toBe(1);
  });

  it('starts again after a call that was not abandoned in the queue', async () => {
    expect(await call(CALLER)).toBe(1);
    server.clock.advance(60);
    expect(await call(CALLER, 'ivr-hangup')).toBe(2);
    server.clock.advance(60);
    expect(await call(CALLER), 'the previous call ended in the IVR: not a redial').toBe(1);
  });

  it('gives every withheld caller attempt 1 and no caller hash', async () => {
    for (const from of ['anonymous', '+266696687', 'anonymous', '+266696687']) {
      server.clock.advance(60);
      expect(await call(from), from).toBe(1);
    }
    const records = await server.store.listRecords();
    expect(records.map((r) => r.callerHash)).toEqual([null, null, null, null]);
  });

  it('does not count callback legs as redials, nor a callback leg as one', async () => {
    expect(await call(CALLER)).toBe(1);
    await server.store.putCallback({
      id: 'cb1',
      callSid: `CA${'1'.padStart(32, '0')}`,
      skill: 'general',
      number: CALLER,
      status: 'pending',
      createdSec: 1,
      dueSec: 2,
      attempts: 1,
      placedCallSid: null,
      lastError: null,
    });
    server.clock.advance(60);
    const leg = `CA${'cb'.repeat(16)}`;
    expect(await webhook('/callback/answer?id=cb1', callParams(leg, { Direction: 'outbound-api', To: CALLER }))).toBe(
      200,
    );
    await webhook('/voice/status', callParams(leg, { CallStatus: 'completed' }));
    const legRecord = (await server.store.getRecord(leg))!;
    expect(legRecord.direction).toBe('callback');
    expect(legRecord.attempt).toBe(1);
    server.clock.advance(60);
    expect(await call(CALLER), "the callback leg is not the caller's previous call").toBe(2);
  });

  it('finds the previous call through the (caller_hash, arrival_sec) index', async () => {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'calls.db'), { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT attempt FROM call_records WHERE caller_hash = ? AND direction = 'inbound'
           AND arrival_sec >= ? AND arrival_sec < ? ORDER BY arrival_sec DESC LIMIT 1`,
      )
      .all('x', 0, 1)
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    db.close();
    expect(plan).toContain('call_records_caller');
  });
});
