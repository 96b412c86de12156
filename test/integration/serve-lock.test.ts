import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import type { CallRecord } from '../../src/record/call-record.js';
import {
  killed,
  killServeProcesses,
  signedWebhook,
  spawnServe,
  startServe,
  type ServeProcess,
} from '../helpers/serve-process.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';
import { AGENT } from '../helpers/path-driver.js';

const TOKEN = 'serve-lock-test-token-0123456789';

const dirs: string[] = [];
afterEach(() => {
  killServeProcesses();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ARGS = (db: string) => ['--db', db, '--host', '127.0.0.1', '--port', '0'];
/** `hotline serve --db FILE` listening on a free loopback port. */
const listening = (cwd: string, db: string): Promise<ServeProcess> =>
  startServe(ARGS(db), cwd, { TWILIO_AUTH_TOKEN: TOKEN });
/** Exit code and stderr of a `hotline serve --db FILE` expected to stop by itself. */
async function exited(cwd: string, db: string): Promise<{ code: number | null; err: string }> {
  const started = spawnServe(ARGS(db), cwd, { TWILIO_AUTH_TOKEN: TOKEN });
  return { code: await started.exit, err: started.err() };
}
const webhook = async (base: string, path: string, params: Record<string, string>): Promise<number> =>
  (await signedWebhook(base, path, params, TOKEN)).status;

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hotline-serve-lock-'));
  dirs.push(d);
  return d;
}

describe('one `hotline serve` per SQLite file', () => {
  it('refuses a second server on the same file (exit 2, naming the file and the pid), and takes over after kill -9', async () => {
    const cwd = tempDir();
    const db = join(cwd, 'data', 'calls.db');
    const first = await listening(cwd, db);
    const second = await exited(cwd, db);
    expect(second.code).toBe(2);
    expect(second.err).toMatch(/^hotline: HOTLINE_STORE_LOCKED: /);
    expect(second.err).toContain(db);
    expect(second.err).toContain(`pid ${first.child.pid}`);
    expect(second.err.trim().split('\n')).toHaveLength(1);

    await killed(first.child);
    const third = await listening(cwd, db);
    expect(third.err()).toContain(`pid ${first.child.pid}`);
    expect(third.err()).toContain('taking over');
    await killed(third.child);
  }, 120_000);

  it('refuses a second server given the same file through a symbolic link, or through a linked folder', async () => {
    const cwd = tempDir();
    const db = join(cwd, 'data', 'calls.db');
    const first = await listening(cwd, db);
    symlinkSync(db, join(cwd, 'alias.db'));
    symlinkSync(join(cwd, 'data'), join(cwd, 'linked-data'));
    for (const alias of [join(cwd, 'alias.db'), join(cwd, 'linked-data', 'calls.db')]) {
      const second = await exited(cwd, alias);
      expect(second.code, alias).toBe(2);
      expect(second.err).toMatch(/^hotline: HOTLINE_STORE_LOCKED: /);
    }
    await killed(first.child);
  }, 120_000);

  it('loses no record and changes no completed one when killed with -9 mid-way and restarted', async () => {
    const cwd = tempDir();
    const db = join(cwd, 'data', 'calls.db');
    const CALLS = 40;
    const sids = Array.from({ length: CALLS }, (_, i) => `CA${String(i + 1).padStart(32, '0')}`);
    // Each call: arrives, falls through the greeting into the queue, one wait round, then the status callback.
    const steps = (sid: string): [string, Record<string, string>][] => [
      ['/voice', callParams(sid)],
      ['/voice/no-input?turn=1', callParams(sid)],
      ['/queue/wait', callParams(sid, { QueuePosition: '1' })],
      ['/voice/status', callParams(sid, { CallStatus: 'completed' })],
    ];
    const acked = new Map<string, number>(sids.map((sid) => [sid, 0]));
    const total = CALLS * 4;
    let answered = 0;
    const first = await listening(cwd, db);
    let killing: Promise<void> | undefined;
    // Eight calls at a time; the server is killed once half of all webhooks were answered, with others in flight.
    const queue = [...sids];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let sid = queue.shift(); sid !== undefined; sid = queue.shift()) {
          for (const [path, params] of steps(sid)) {
            const status = await webhook(first.base, path, params).catch(() => 0);
            if (status !== 200) return;
            acked.set(sid, acked.get(sid)! + 1);
            answered += 1;
            if (answered >= total / 2 && !killing) killing = killed(first.child);
          }
        }
      }),
    );
    await killing;

    const afterKill = new Map<string, CallRecord>();
    const reader = new SqliteCallStore(db);
    for (const r of await reader.listRecords()) afterKill.set(r.callSid, r);
    await reader.close();
    const started = sids.filter((sid) => acked.get(sid)! >= 1);
    const completed = sids.filter((sid) => acked.get(sid) === 4);
    const lostAtKill = started.filter((sid) => !afterKill.has(sid));
    expect(lostAtKill, 'every answered /voice left a record').toEqual([]);
    for (const sid of completed) expect(afterKill.get(sid)?.endSec, sid).not.toBeNull();

    // Restart on the same file and finish every call: what was not answered is sent again (Twilio retries), completed calls get their webhooks replayed.
    const second = await listening(cwd, db);
    expect(second.err()).toContain('taking over');
    for (const sid of sids) {
      const from = acked.get(sid) === 4 ? 0 : acked.get(sid)!;
      for (const [path, params] of steps(sid).slice(from))
        expect(await webhook(second.base, path, params), `${sid} ${path}`).toBe(200);
    }
    await killed(second.child);

    const store = new SqliteCallStore(db);
    const records = new Map((await store.listRecords()).map((r) => [r.callSid, r]));
    await store.close();
    const lost = sids.filter((sid) => !records.has(sid));
    const changed = completed.filter((sid) => JSON.stringify(records.get(sid)) !== JSON.stringify(afterKill.get(sid)));
    const open = [...records.values()].filter((r) => r.endSec === null);
    console.info(
      `kill -9 test: ${CALLS} calls, ${total} webhooks, ${answered} answered before the kill (${completed.length} calls completed, ${started.length} started); after restart: ${lost.length} lost records, ${changed.length} completed records changed, ${open.length} left open`,
    );
    expect(lost).toEqual([]);
    expect(changed).toEqual([]);
    expect(open).toEqual([]);
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length).toBeLessThan(CALLS);
  }, 180_000);

  it('keeps finished calls finished when another process writes to the same file (compare-and-set, the second line of defence)', async () => {
    const cwd = tempDir();
    const db = join(cwd, 'data', 'calls.db');
    const served = await listening(cwd, db);
    // A second writer in this process, on the same file without the lock, as any other tool could be.
    const store = new SqliteCallStore(db);
    const other = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, lookups: {} });
    await store.putAgent({
      id: AGENT.id,
      name: 'A',
      phone: AGENT.phone,
      skills: [...direct.skills],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    const sids = Array.from({ length: 40 }, (_, i) => `CA${String(i + 1).padStart(30, '0')}ff`);
    for (const sid of sids) {
      expect(await webhook(served.base, '/voice', callParams(sid))).toBe(200);
      expect(await webhook(served.base, '/voice/no-input?turn=1', callParams(sid))).toBe(200);
    }
    // Each call: its status callback reaches the server process while this process runs the call's other webhooks.
    await Promise.all(
      sids.map((sid) =>
        Promise.all([
          webhook(served.base, '/voice/status', callParams(sid, { CallStatus: 'completed' })),
          post(other, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
          post(other, `/agent/connect?agent=${AGENT.id}`, callParams(sid)),
          post(other, '/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'bridged' })),
        ]),
      ),
    );
    const settled = await store.listRecords();
    expect(settled).toHaveLength(sids.length);
    expect(
      settled.filter((r) => r.endSec === null).map((r) => r.callSid),
      'reopened',
    ).toEqual([]);
    for (const sid of sids) expect(await store.getSession(sid)).toBeUndefined();
    // Later webhooks on either side change nothing.
    await Promise.all(
      sids.map((sid) =>
        Promise.all([
          webhook(served.base, '/voice', callParams(sid)),
          post(other, '/voice/gather?turn=3', callParams(sid, { Digits: '1' })),
        ]),
      ),
    );
    expect(await store.listRecords()).toEqual(settled);
    await other.close();
    await store.close();
    await killed(served.child);
  }, 120_000);
});
