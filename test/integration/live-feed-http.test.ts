import { agentWork } from '../../src/qa/scenario-caller.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpisOptions } from '../../src/cli/kpis-command.js';
import { kpisOfStore } from '../../src/cli/kpis-source.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runLoad } from '../../src/qa/load-test.js';
import { loadFlow } from '../../src/scenario/load-flow.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { kpisOfCallStore } from '../../src/server/routes/admin-kpis.js';
import type { WallboardState } from '../../src/server/services/live-feed.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';
import { openSse, type SseEvent, type SseStream } from '../helpers/sse-client.js';
import { testCaseLookup } from '../helpers/path-driver.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'live-feed-http-token';
/** 10:00 in Shanghai: the calls stay within one hotline day. */
const START = Date.UTC(2026, 10, 25, 2, 0, 0);

/** The wallboard state an event carries (a snapshot is the state, a change holds it). */
const stateOf = (e: SseEvent): WallboardState =>
  (e.event === 'snapshot' ? e.data : (e.data as { state: unknown }).state) as WallboardState;

describe('GET /admin/live and GET /admin/kpis over loopback HTTP, SQLite file, emulated calls', () => {
  let dir: string;
  let file: string;
  let store: SqliteCallStore;
  let app: FastifyInstance;
  let base: string;
  let feed: SseStream;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-live-'));
    file = join(dir, 'calls.db');
    store = new SqliteCallStore(file);
    const { scenario } = loadScenario('midsize-city-menu', ROOT, join(ROOT, 'scenarios'));
    await prepareScenario(scenario, ROOT);
    const time = new EmulatorTime(() => START);
    app = await buildApp({
      flow: await loadFlow(scenario.flow, ROOT),
      store,
      publicUrl: null,
      authToken: TOKEN,
      clock: time.now,
      lookups: { caseStatus: testCaseLookup },
      timeZone: 'Asia/Shanghai',
      dayStartHour: 0,
      liveClients: 2,
    });
    time.install(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    feed = await openSse(`${base}/admin/live`);
    await feed.next((e) => e.event === 'snapshot');
    const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
    const types = model.callTypes;
    await runLoad({
      baseUrl: base,
      authToken: TOKEN,
      adminToken: null,
      clock: new VirtualClock(START),
      behaviour: {
        flow: model.flow!,
        patience: model.patience,
        work: agentWork(types),
      },
      skills: model.flow!.compiled.flow.skills,
      calls: 40,
      concurrency: 12,
      agents: 2,
      rampSec: 5,
      seed: 7,
      timing: 'inline',
    });
    await app.hotline.feed.settled();
  }, 120_000);

  afterAll(async () => {
    feed?.close();
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ends with today's KPIs equal to `hotline kpis` recomputed from the records of today's window, exactly", async () => {
    const last = feed.events.at(-1)!;
    const state = stateOf(last);
    const { fromSec, toSec } = state.today.window;
    const expected = await kpisOfCallStore(store, { fromSec, toSec });
    expect(expected.kpis.offered).toBeGreaterThan(5);
    expect(expected.kpis.answered).toBeGreaterThan(0);
    expect(expected.kpis.abandoned).toBeGreaterThan(0);
    expect(JSON.stringify(state.today.kpis)).toBe(JSON.stringify(expected.kpis));
    expect(state.today.window.records).toBe(expected.window.records);
    // The same figures from the file, as the command reads it.
    const cli = kpisOfStore(file, { fromSec, toSec });
    expect(JSON.stringify(cli.kpis)).toBe(JSON.stringify(state.today.kpis));
  });

  it('numbers events with increasing sequence ids, starting from the snapshot', () => {
    const ids = feed.events.map((e) => e.id);
    expect(feed.events[0]!.event).toBe('snapshot');
    expect(feed.events.length).toBeGreaterThan(10);
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
    const kinds = new Set(feed.events.slice(1).map((e) => (e.data as { what: string }).what));
    expect(kinds).toContain('kpis');
    expect(kinds).toContain('line');
  });

  it('showed callers waiting and agents on a call while the calls ran, and none waiting at the end', () => {
    const states = feed.events.map(stateOf);
    expect(states.some((s) => Object.values(s.queues).some((q) => q.waiting > 0))).toBe(true);
    expect(states.some((s) => Object.values(s.agents).some((a) => a['on-call'] > 0))).toBe(true);
    expect(states.at(-1)!.queues).toEqual({});
  });

  it('gives a reconnecting client (Last-Event-ID) a fresh snapshot at the current sequence', async () => {
    const lastId = feed.events.at(-1)!.id;
    const again = await openSse(`${base}/admin/live`, { 'last-event-id': String(lastId - 3) });
    try {
      const first = await again.next(() => true);
      expect(first.event).toBe('snapshot');
      expect(first.id).toBe(lastId);
      expect(JSON.stringify(stateOf(first).today)).toBe(JSON.stringify(stateOf(feed.events.at(-1)!).today));
    } finally {
      again.close();
    }
  });

  it('refuses a wallboard beyond the limit with 503 HOTLINE_LIVE_FEED_FULL, and takes one again after a client leaves', async () => {
    const second = await openSse(`${base}/admin/live`);
    const third = await fetch(`${base}/admin/live`);
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('HOTLINE_LIVE_FEED_FULL');
    second.close();
    await new Promise((r) => setTimeout(r, 100));
    const fourth = await openSse(`${base}/admin/live`);
    expect(fourth.status).toBe(200);
    fourth.close();
  });

  it("answers GET /admin/kpis with the command's JSON for the same file and query", async () => {
    const query = { from: '2026-11-25', to: '2026-11-26', tz: 'Asia/Shanghai', slFrom: 'arrival' };
    const answer = await fetch(`${base}/admin/kpis?${new URLSearchParams(query)}&by=hour&by=pool,group`);
    expect(answer.status).toBe(200);
    const cli = kpisOfStore(
      file,
      kpisOptions({
        ...query,
        by: ['hour', 'pool', 'group'],
        dayStartHour: '0',
        repeatWindowHours: '168',
        contract: [],
        agentHours: [],
      }),
    );
    expect(await answer.text()).toBe(JSON.stringify(cli));
  });

  it.each([
    ['by=year', /by must be one of/],
    ['tz=Mars%2FOlympus', /tz must be an IANA time zone/],
    ['from=2026-11-26&to=2026-11-25', /to .* must be later than from/],
    ['dayStartHour=24', /dayStartHour must be a whole number from 0 to 23/],
    ['limit=3', /limit: unknown/],
  ])('answers a bad query (%s) with 400 HOTLINE_ADMIN_QUERY_INVALID', async (query, message) => {
    const answer = await fetch(`${base}/admin/kpis?${query}`);
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HOTLINE_ADMIN_QUERY_INVALID');
    expect(body.error.message).toMatch(message);
    expect(body.error.message).not.toContain('\n');
  });
});
