import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import { buildApp } from '../../src/server/app.js';
import { MAX_CALL_SEC, STALE_GRACE_SEC } from '../../src/server/services/call-records.js';
import { housekeeping } from '../../src/server/housekeeping.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { TestClock } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-housekeeping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(file: string, clock: TestClock, extra: Partial<Parameters<typeof buildApp>[0]> = {}) {
  const store = new SqliteCallStore(file);
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    lookups: {},
    ...extra,
  });
  return { app, store };
}

describe('calls whose status callback never comes', () => {
  it("are closed as timed-out once past Twilio's 4-hour limit, ending at that limit, and KPIs count them apart", async () => {
    const clock = new TestClock();
    const file = join(dir, 'stale.db');
    const a = await start(file, clock);
    const queued = `CA${'b1'.repeat(16)}`;
    const inIvr = `CA${'b2'.repeat(16)}`;
    const finished = `CA${'b3'.repeat(16)}`;
    const arrivalSec = clock.now() / 1000;
    await post(a.app, '/voice', callParams(queued));
    await post(a.app, '/voice/no-input?turn=1', callParams(queued));
    await post(a.app, '/voice', callParams(inIvr));
    await post(a.app, '/voice', callParams(finished));
    await post(a.app, '/voice/status', callParams(finished, { CallStatus: 'completed' }));
    const finishedRecord = await a.store.getRecord(finished);
    clock.advance(3600);
    const late = `CA${'b4'.repeat(16)}`;
    await post(a.app, '/voice', callParams(late));

    // Before the limit and its grace, nothing is closed.
    clock.advance(MAX_CALL_SEC + STALE_GRACE_SEC - 3600 - 1);
    expect(await housekeeping(a.app.hotline, a.app.hotline.nowSec())).toEqual({
      timedOut: [],
      numbersErased: 0,
      agentsLoggedOut: [],
    });
    clock.advance(2);
    const round = await housekeeping(a.app.hotline, a.app.hotline.nowSec());
    expect([...round.timedOut].sort()).toEqual([queued, inIvr].sort());
    expect(await housekeeping(a.app.hotline, a.app.hotline.nowSec()), 'idempotent').toEqual({
      timedOut: [],
      numbersErased: 0,
      agentsLoggedOut: [],
    });
    await a.app.close();
    await a.store.close();

    // The closing survives a restart, and a late webhook of a closed call changes nothing.
    const b = await start(file, clock);
    for (const sid of [queued, inIvr]) {
      expect(await b.store.getSession(sid)).toBeUndefined();
      expect(await b.store.getRecord(sid)).toMatchObject({
        outcome: 'timed-out',
        endSec: arrivalSec + MAX_CALL_SEC,
        abandonSec: null,
      });
    }
    expect((await b.store.getRecord(queued))?.queueEntrySec).toBe(arrivalSec);
    const lateAction = await post(b.app, '/voice/queue-result?turn=2', callParams(queued, { QueueResult: 'hangup' }));
    expect(lateAction.verbs).toEqual([]);
    expect((await b.store.getRecord(queued))?.outcome).toBe('timed-out');
    expect(await b.store.getRecord(finished)).toEqual(finishedRecord);
    expect(await b.store.getSession(late)).toBeDefined();

    const kpis = new KpiAccumulator();
    for (const r of await b.store.listRecords()) kpis.add(r);
    const k = kpis.result();
    expect(k.timedOut).toBe(2);
    expect(k.outcomes['timed-out']).toBe(2);
    expect(k.arrivals).toBe(4);
    // The queued call's end is unknown: it is in no queue figure.
    expect(k.offered).toBe(0);
    expect(k.abandoned).toBe(0);
    await b.app.close();
    await b.store.close();
  });
});

describe('callback numbers', () => {
  it('are erased after the retention, with Twilio not configured, and leave no trace in the file', async () => {
    const clock = new TestClock();
    const file = join(dir, 'retention.db');
    const a = await start(file, clock, { callbackRetentionSec: 3600 });
    expect(a.app.hotline.callbacks.enabled).toBe(false);
    const sid = `CA${'c1'.repeat(16)}`;
    await a.store.putCallback({
      id: 'cb1',
      callSid: sid,
      skill: 'general',
      number: '+8613912345678',
      status: 'pending',
      createdSec: clock.now() / 1000,
      dueSec: clock.now() / 1000 + 300,
      attempts: 0,
      placedCallSid: null,
      lastError: null,
    });
    clock.advance(300 + 3600 - 1);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).numbersErased).toBe(0);
    expect((await a.store.listCallbacks())[0]?.number).toBe('+8613912345678');
    clock.advance(1);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).numbersErased).toBe(1);
    expect((await a.store.listCallbacks())[0]).toMatchObject({ number: null, status: 'failed' });
    expect((await a.store.listCallbacks())[0]?.lastError).toContain('retention');
    await a.app.close();
    await a.store.close();
    const bytes = Buffer.concat(
      [file, `${file}-wal`].map((f) => {
        try {
          return readFileSync(f);
        } catch {
          return Buffer.alloc(0);
        }
      }),
    );
    expect(bytes.includes(Buffer.from('13912345678'))).toBe(false);
  });
});
