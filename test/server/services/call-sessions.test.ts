import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import type { CallStore } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { AGENT, TestClock } from '../../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../../helpers/signed-client.js';
import { enqueued, testApp } from '../../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-final-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbFile = () => join(dir, `calls-${Math.random().toString(36).slice(2)}.db`);

async function start(store: CallStore, clock = new TestClock()) {
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    lookups: {},
  });
  await store.putAgent({
    id: AGENT.id,
    name: 'A',
    phone: AGENT.phone,
    skills: [...direct.skills],
    pool: 'in-house',
    active: true,
    pinHash: null,
  });
  return { app, store, clock };
}

/** Every webhook a call can receive, as Twilio could replay it after the call ended. */
function replays(sid: string): [string, Record<string, string>][] {
  return [
    ['/voice', callParams(sid)],
    ['/voice/gather?turn=1', callParams(sid, { Digits: '9' })],
    ['/voice/gather?turn=3', callParams(sid, { Digits: '1' })],
    ['/voice/no-input?turn=1', callParams(sid)],
    ['/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'bridged' })],
    ['/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'hangup' })],
    ['/voice/transfer-result?turn=1', callParams(sid, { DialCallStatus: 'completed' })],
    [
      '/voice/record-result?turn=1',
      callParams(sid, { RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '5' }),
    ],
    ['/queue/wait', callParams(sid, { QueuePosition: '1' })],
    ['/queue/offer', callParams(sid, { Digits: '1' })],
    [`/agent/connect?agent=${AGENT.id}`, callParams(sid)],
    ['/voice/status', callParams(sid, { CallStatus: 'completed' })],
    ['/voice/status', callParams(sid, { CallStatus: 'no-answer' })],
  ];
}

describe.each([
  ['memory', () => new MemoryCallStore()],
  ['sqlite', () => new SqliteCallStore(dbFile())],
] as const)('%s store: a completed call is final', (_name, make: () => CallStore) => {
  it('answers every replayed webhook with an empty document, and neither the record nor a session comes back', async () => {
    const a = await start(make());
    const sid = `CA${'f1'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    await post(a.app, '/voice/no-input?turn=1', callParams(sid));
    a.clock.advance(12);
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    a.clock.advance(60);
    await post(a.app, '/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'bridged' }));
    await post(a.app, '/voice/gather?turn=3', callParams(sid, { Digits: '1' }));
    await post(a.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
    const record = (await a.store.getRecord(sid))!;
    expect(record).toMatchObject({ outcome: 'answered', rating: 1 });
    a.clock.advance(300);
    for (const [path, params] of [...replays(sid), ...replays(sid).reverse()]) {
      const res = await post(a.app, path, params);
      expect(res.status, path).toBe(200);
      expect(res.verbs, path).toEqual([]);
    }
    // The one field written after the end (issue 13): the agent's wrap-up, started when the talk ended, ran to
    // its 120-s limit by the time the agent's webhooks came: handle time = 60 s talk + 120 s.
    const withHandle = { ...record, handleSec: 180 };
    expect(record.handleSec).toBeNull();
    expect(await a.store.getRecord(sid)).toEqual(withHandle);
    expect(await a.store.getSession(sid)).toBeUndefined();
    expect(await a.store.listRecords()).toEqual([withHandle]);
    await a.app.close();
    await a.store.close();
  });

  it('does not restart a finished callback leg when its answer webhook is replayed', async () => {
    const a = await start(make());
    const cb = {
      id: 'cb1',
      callSid: `CA${'f2'.repeat(16)}`,
      skill: 'general',
      number: '+8613800138000',
      status: 'pending' as const,
      createdSec: 1,
      dueSec: 2,
      attempts: 1,
      placedCallSid: `CA${'f3'.repeat(16)}`,
      lastError: null,
    };
    await a.store.putCallback(cb);
    const leg = cb.placedCallSid;
    const first = await post(a.app, '/callback/answer?id=cb1', callParams(leg, { To: '+8613800138000' }));
    expect(first.verbs.length).toBeGreaterThan(0);
    await post(a.app, '/voice/status', callParams(leg, { CallStatus: 'completed' }));
    const record = (await a.store.getRecord(leg))!;
    expect(record.endSec).not.toBeNull();
    const callbacks = await a.store.listCallbacks();
    const replay = await post(a.app, '/callback/answer?id=cb1', callParams(leg, { To: '+8613800138000' }));
    expect(replay.verbs).toEqual([]);
    expect(await a.store.getRecord(leg)).toEqual(record);
    expect(await a.store.getSession(leg)).toBeUndefined();
    expect(await a.store.listCallbacks()).toEqual(callbacks);
    await a.app.close();
    await a.store.close();
  });
});

describe("two servers on one SQLite file, a status callback racing the call's other webhooks", () => {
  it('never reopens a finished call', async () => {
    const file = dbFile();
    const clock = new TestClock();
    const a = await start(new SqliteCallStore(file), clock);
    const b = await start(new SqliteCallStore(file), clock);
    const calls = Array.from({ length: 60 }, (_, i) => `CA${String(i).padStart(32, '0')}`);
    for (const sid of calls) {
      await post(a.app, '/voice', callParams(sid));
      await post(a.app, '/voice/no-input?turn=1', callParams(sid));
    }
    clock.advance(40);
    // Each call: the status callback on one server while the other runs a wait round, the agent pick-up and a queue result.
    await Promise.all(
      calls.map(async (sid, i) => {
        const [closer, other] = i % 2 === 0 ? [a, b] : [b, a];
        await Promise.all([
          post(other.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
          post(closer.app, '/voice/status', callParams(sid, { CallStatus: 'completed' })),
          post(other.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid)),
          post(other.app, '/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'bridged' })),
          post(other.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
        ]);
      }),
    );
    const settled = await a.store.listRecords();
    const reopened = settled.filter((r) => r.endSec === null);
    expect(reopened.map((r) => r.callSid)).toEqual([]);
    for (const sid of calls) expect(await a.store.getSession(sid), sid).toBeUndefined();
    // And later webhooks of any kind, on either server, change none of them.
    await Promise.all(
      calls.flatMap((sid, i) => replays(sid).map(([path, params]) => post((i % 2 === 0 ? b : a).app, path, params))),
    );
    expect(await b.store.listRecords()).toEqual(settled);
    for (const s of [a, b]) {
      await s.app.close();
      await s.store.close();
    }
  }, 60_000);
});

describe('webhooks of one call arriving together', () => {
  it('serialises a wait round and the agent pick-up, so the answer is not undone', async () => {
    const a = await testApp({ slow: true });
    const sid = `CA${'a1'.repeat(16)}`;
    await enqueued(a, sid);
    await Promise.all([
      post(a.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
      post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid)),
      post(a.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
    ]);
    expect(await a.store.listWaiting(['general.in-house'])).toEqual([]);
    expect((await a.store.getSession(sid))?.record.agentId).toBe(AGENT.id);
    await a.app.close();
  });

  it('answers an action that arrives after the status callback with an empty document', async () => {
    const a = await testApp({ slow: true });
    const sid = `CA${'a2'.repeat(16)}`;
    const action = await enqueued(a, sid);
    await post(a.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
    const late = await post(a.app, action, callParams(sid, { QueueResult: 'hangup' }));
    expect(late.status).toBe(200);
    expect(late.verbs).toEqual([]);
    expect((await a.store.getRecord(sid))?.outcome).toBe('abandoned');
    await a.app.close();
  });
});
