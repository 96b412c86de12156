import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WallboardEvent } from '../../../src/console/wallboard/wallboard-wire.js';
import type { CallRecord } from '../../../src/record/call-record.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { queued, record } from '../../helpers/call-records.js';
import { type ConsoleServer, startConsoleServer } from '../../helpers/console-browser.js';
import { at } from '../../helpers/contract-records.js';
import { ROOT, runCli } from '../../helpers/run-cli.js';
import { openSse } from '../../helpers/sse-client.js';

const TOKEN = 'w'.repeat(40);
/** Thursday 3 December 2026, 10:20 in Shanghai. */
const NOW_MS = Date.parse('2026-12-03T10:20:00+08:00');
const VENDOR = { agentGroup: 'vendor-a', pool: 'outsourced' as const };
/** midsize-city-direct.yaml's hourly profile (percent), calls per day 4,500, Thursday factor 1. */
const PROFILE = [
  1.09, 0.65, 0.43, 0.33, 0.33, 0.54, 1.3, 3.04, 6.3, 8.7, 9.02, 7.61, 5.22, 5.98, 7.83, 8.04, 7.61, 6.09, 4.57, 4.24,
  3.91, 3.26, 2.39, 1.52,
];

/**
 * Today: at 08:00 the city answered 2 within 15 s and 1 call ended in the IVR; at 09:00 Vendor A answered 2 within
 * 15 s; from 10:00 Vendor A answered 3 (after 5, 30 and 40 s) and lost 1 after 20 s: this hour breaks its 90 %
 * 15-second rate and 5 % abandonment. Yesterday at 12:00 (within 24 h) the city answered 1 and lost 1; at 09:00
 * (25 h ago, outside the 24 hours) it lost 1.
 */
function records(): CallRecord[] {
  const t = (hhmm: string, day = '03') => at(`2026-12-${day}T${hhmm}:00+08:00`);
  return [
    queued(t('08:00'), { ivrSec: 10, waitSec: 3, answered: true }),
    queued(t('08:05'), { ivrSec: 10, waitSec: 4, answered: true }, { rating: 1 }),
    record(t('08:10')),
    queued(t('09:00'), { ivrSec: 10, waitSec: 5, answered: true }, VENDOR),
    queued(t('09:10'), { ivrSec: 10, waitSec: 5, answered: true }, { ...VENDOR, rating: 4 }),
    queued(t('10:00'), { ivrSec: 10, waitSec: 5, answered: true }, VENDOR),
    queued(t('10:05'), { ivrSec: 10, waitSec: 30, answered: true }, VENDOR),
    queued(t('10:10'), { ivrSec: 10, waitSec: 40, answered: true }, VENDOR),
    queued(t('10:15'), { ivrSec: 10, waitSec: 20, answered: false }, VENDOR),
    queued(t('12:00', '02'), { ivrSec: 10, waitSec: 5, answered: true }),
    queued(t('12:30', '02'), { ivrSec: 10, waitSec: 50, answered: false }),
    queued(t('09:00', '02'), { ivrSec: 10, waitSec: 50, answered: false }),
  ];
}

let server: ConsoleServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A console server on a SQLite file holding `records()`, its clock at NOW_MS, with Vendor A's contract and the expectation. */
async function start(clock = { ms: NOW_MS }) {
  dir = mkdtempSync(join(tmpdir(), 'hotline-wallboard-'));
  const db = join(dir, 'calls.db');
  const store = new SqliteCallStore(db);
  for (const r of records()) await store.putRecord(r);
  server = await startConsoleServer({
    store,
    app: { adminToken: TOKEN, clock: () => clock.ms },
    console: {
      contracts: [join(ROOT, 'contracts', 'vendor-a.yaml')],
      expectScenario: 'midsize-city-direct',
    },
  });
  const signIn = await fetch(`${server.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ kind: 'supervisor', token: TOKEN }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { db, cookie, clock, s: server };
}

describe('GET /console/api/wallboard/live', () => {
  it('needs a supervisor session, then starts with a snapshot of the live feed and the board', async () => {
    const { cookie, s } = await start();
    expect((await fetch(`${s.url}/console/api/wallboard/live`)).status).toBe(401);
    const stream = await openSse(`${s.url}/console/api/wallboard/live`, { cookie });
    expect(stream.status).toBe(200);
    const first = await stream.next(() => true);
    const data = first.data as WallboardEvent;
    expect(first).toMatchObject({ event: 'snapshot', id: s.app.hotline.feed.seq });
    expect(data.seq).toBe(first.id);
    // The feed part is GET /admin/live's state.
    expect(data.feed.today.window.day).toBe('2026-12-03');
    expect(data.feed.today.kpis.arrivals).toBe(9);
    expect(data.board.overflow).toEqual({ queued: 6, answered: 5 });
    expect(data.feed.today.kpis.answeredByPool.outsourced).toBe(5);
    stream.close();
  });

  it("judges each contract on today and on the current hour, and alerts on the hour's broken targets", async () => {
    const { cookie, s } = await start();
    const stream = await openSse(`${s.url}/console/api/wallboard/live`, { cookie });
    const { board } = (await stream.next(() => true)).data as WallboardEvent;
    stream.close();
    expect(board.contracts).toHaveLength(1);
    const vendor = board.contracts[0]!;
    expect(vendor).toMatchObject({ contract: 'Vendor A, outsourced answering', group: 'vendor-a' });
    const target = (a: typeof vendor.today, name: string) => a.targets.find((x) => x.target === name)!;
    // Today: 6 offered, 3 within 15 s, 1 abandoned.
    expect(vendor!.today).toMatchObject({ period: '2026-12-03', offered: 6, answered: 5 });
    expect(target(vendor!.today, 'service_level').actual).toBeCloseTo(3 / 6, 12);
    expect(target(vendor!.today, 'abandon_rate').actual).toBeCloseTo(1 / 6, 12);
    // This hour: 4 offered, 1 within 15 s, 1 abandoned.
    expect(vendor!.hour).toMatchObject({ period: '2026-12-03T10:00+08:00', offered: 4, answered: 3 });
    expect(target(vendor!.hour, 'service_level')).toMatchObject({ actual: 0.25, met: false, min: 0.9 });
    expect(target(vendor!.hour, 'abandon_rate')).toMatchObject({ actual: 0.25, met: false, max: 0.05 });
    expect(vendor!.breaking).toEqual(expect.arrayContaining(['service_level', 'abandon_rate']));
    expect(vendor!.breaking).not.toContain('satisfaction');
  });

  it("sets today's calls per hour beside the scenario's expectation (calls per day × weekday factor × profile)", async () => {
    const { cookie, s } = await start();
    const stream = await openSse(`${s.url}/console/api/wallboard/live`, { cookie });
    const { calls } = ((await stream.next(() => true)).data as WallboardEvent).board;
    stream.close();
    expect(calls.hours).toEqual(Array.from({ length: 24 }, (_, h) => h));
    expect(calls.scenario).toBe('midsize-city-direct.yaml');
    expect(calls.actual.slice(7, 12)).toEqual([0, 3, 2, 4, 0]);
    const total = PROFILE.reduce((a, b) => a + b, 0);
    calls.expected!.forEach((x, h) => {
      expect(x).toBeCloseTo((4500 * PROFILE[h]!) / total, 9);
    });
  });

  it('gives the rolling 24-hour connection rate of GB/T 33358, equal to `hotline kpis` over the same 24 hours', async () => {
    const { cookie, s, db } = await start();
    const stream = await openSse(`${s.url}/console/api/wallboard/live`, { cookie });
    const { feed } = (await stream.next(() => true)).data as WallboardEvent;
    stream.close();
    expect(feed.connection24h).toMatchObject({ offered: 10, answered: 8, rate: 0.8 });
    await s.close();
    server = undefined;
    const from = new Date(NOW_MS - 86_400_000).toISOString();
    const to = new Date(NOW_MS + 1000).toISOString();
    const cli = await runCli(['kpis', '--db', db, '--from', from, '--to', to, '--json']);
    expect(cli.err).toBe('');
    const { kpis } = JSON.parse(cli.out) as { kpis: { answerRate: number; offered: number; answered: number } };
    expect(feed.connection24h).toMatchObject({ offered: kpis.offered, answered: kpis.answered, rate: kpis.answerRate });
  });

  it('sends a change, with the new board, when a call ends', async () => {
    const { cookie, s } = await start();
    const stream = await openSse(`${s.url}/console/api/wallboard/live`, { cookie });
    const snapshot = await stream.next(() => true);
    const late = queued(at('2026-12-03T10:18:00+08:00'), { ivrSec: 10, waitSec: 60, answered: false }, VENDOR);
    await s.store.putRecord(late);
    s.app.hotline.feed.recordFinal(late);
    const change = await stream.next((e) => e.event === 'change' && (e.data as WallboardEvent).what === 'kpis');
    expect(change.id).toBeGreaterThan(snapshot.id);
    const data = change.data as WallboardEvent;
    expect(data.seq).toBe(change.id);
    expect(data.board.contracts[0]!.hour.offered).toBe(5);
    expect(data.board.calls.actual[10]).toBe(5);
    expect(data.feed.connection24h.offered).toBe(11);
    stream.close();
  });
});
