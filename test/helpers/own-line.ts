import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { adminClient, listAllCalls } from '../../src/qa/admin-client.js';
import { type LoadArrival, type LoadReport, runLoad } from '../../src/qa/load-test.js';
import { agentWork } from '../../src/qa/scenario-caller.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { loadFlow } from '../../src/scenario/load-flow.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Monday 2026-03-02 00:00 in Asia/Shanghai: the live line's day 0 (the scenarios start on a Monday). */
export const OWN_LINE_START_MS = Date.parse('2026-03-02T00:00:00+08:00');
/** Live calls start this many emulated seconds after the simulated ones: the load's agents log on over 10 s. */
export const LOGON_SEC = 15;
const LINE_AUTH_TOKEN = 'own-line-auth-token';
const LINE_ADMIN_TOKEN = 'own-line-admin-token-0123456789abcdef';

/** One scenario driven through our own line: the store it filled and what each stage took. */
export interface OwnLineRun {
  readonly scenario: Scenario;
  /** The server's SQLite store (closed: ready for `hotline calibrate` and `hotline twin`). */
  readonly db: string;
  /** First calls replayed (the simulated first attempts); redials follow live abandonments. */
  readonly firstCalls: number;
  /** Records on the server (first calls and redials). */
  readonly records: readonly CallRecord[];
  readonly report: LoadReport;
  /** Real milliseconds: simulating the arrivals, and driving them live. */
  readonly simulateMs: number;
  readonly driveMs: number;
}

/** The first attempts of one replication of `scenario`, in order of arrival (redials are left to the live callers). */
function firstAttempts(scenario: Scenario): CallRecord[] {
  const records: CallRecord[] = [];
  runReplication(scenario, scenario.seed, 0, undefined, (r) => {
    if (r.attempt === 1 && r.direction === 'inbound') records.push({ ...r });
  });
  return records.sort((a, b) => a.arrivalSec - b.arrivalSec);
}

/**
 * Simulates `scenarioFile`'s arrivals and drives them live: a real server (SQLite store `dir`/line.db, loopback
 * HTTP, the emulator's virtual clock) with the scenario's routing (the in-house pool first, the outsourced one after
 * its min_wait_sec), `hotline load`'s runner placing each first call at its simulated time (from a number of its
 * own), scenario callers (IVR choices, patience, the survey, redials after abandoning) and bot agents of each pool
 * entry (its fixed headcount, logged on for the whole run).
 */
export async function driveOwnLine(scenarioFile: string, dir: string): Promise<OwnLineRun> {
  const { scenario } = loadScenario(scenarioFile, ROOT, join(ROOT, 'scenarios'));
  await prepareScenario(scenario, ROOT);
  const t0 = performance.now();
  const first = firstAttempts(scenario);
  const simulateMs = performance.now() - t0;
  const db = join(dir, 'line.db');
  const arrivals: LoadArrival[] = first.map((r, n) => ({
    atSec: LOGON_SEC + r.arrivalSec,
    from: `+86138${String(n).padStart(8, '0')}`,
  }));
  const live = await driveScenarioLive(scenario, db, OWN_LINE_START_MS, arrivals, { liveRedials: true });
  return { scenario, db, firstCalls: first.length, ...live, simulateMs };
}

/** What driving a scenario's arrivals through our own line gave: the load's report, the server's records. */
export interface LiveDrive {
  readonly report: LoadReport;
  readonly records: readonly CallRecord[];
  /** Real milliseconds the drive took. */
  readonly driveMs: number;
}

/**
 * Drives `arrivals` (emulated seconds from `startMs`) through a real server over a SQLite store at `db` (loopback
 * HTTP, the emulator's virtual clock from `startMs`), routed as the scenario's pools are (the in-house pool first,
 * the outsourced one after its min_wait_sec; agent groups by pool entry name), with `hotline load`'s runner:
 * scenario callers (IVR choices, patience, the survey; with `liveRedials`, redials after their own abandonments by
 * `callers.redial`) and bot agents of each pool entry (its fixed headcount, logged on for the whole run). The store
 * is closed when it returns: ready for `hotline calibrate` and `hotline twin`.
 */
export async function driveScenarioLive(
  scenario: Scenario,
  db: string,
  startMs: number,
  arrivals: readonly LoadArrival[],
  options: { readonly liveRedials: boolean },
): Promise<LiveDrive> {
  const overflow = scenario.pools.find((p) => p.pool === 'outsourced');
  const time = new EmulatorTime(() => startMs);
  const store = new SqliteCallStore(db);
  const model = buildSimModel(scenario, { seed: scenario.seed, replication: 0, calls: 1 });
  const handle = scenario.call_types[0]!.handle_sec;
  const app = await buildApp({
    flow: await loadFlow(scenario.flow, ROOT),
    store,
    publicUrl: null,
    authToken: LINE_AUTH_TOKEN,
    adminToken: LINE_ADMIN_TOKEN,
    salt: 'own-line-salt-0123456789abcdef0123456789',
    clock: time.now,
    routing: {
      defaults: {
        primaryPool: 'in-house',
        overflowPool: overflow ? 'outsourced' : null,
        overflowAfterSec: overflow ? overflow.min_wait_sec : null,
      },
      handleSecForEstimate: 'mean' in handle ? handle.mean : 'value' in handle ? handle.value : 270,
      callbackDelaySec: 300,
      poolGroups: Object.fromEntries(scenario.pools.map((p) => [p.pool, p.name])),
    },
  });
  time.install(app);
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const t0 = performance.now();
    const report = await runLoad({
      baseUrl,
      authToken: LINE_AUTH_TOKEN,
      adminToken: LINE_ADMIN_TOKEN,
      clock: new VirtualClock(startMs, 1000),
      behaviour: {
        flow: model.flow!,
        patience: model.patience,
        work: agentWork(model.callTypes),
        ...(options.liveRedials ? { redial: model.redial } : {}),
      },
      skills: model.flow!.compiled.flow.skills,
      calls: arrivals.length,
      concurrency: arrivals.length,
      agents: 0,
      agentGroups: scenario.pools.map((p) => ({ pool: p.pool, group: p.name, agents: p.agents as number })),
      arrivals: [...arrivals],
      rampSec: 0,
      seed: scenario.seed,
      timing: 'inline',
    });
    const driveMs = performance.now() - t0;
    const records = await listAllCalls(adminClient(baseUrl, LINE_ADMIN_TOKEN));
    return { report, records, driveMs };
  } finally {
    await app.close();
    await store.close();
  }
}

/** One fitted parameter beside the generating scenario's value, with its tolerance and the reason for it. */
export interface ParameterRow {
  readonly name: string;
  readonly truth: number;
  readonly fitted: number;
  /** Largest |fitted − truth| accepted: `relative` of the truth, or `absolute`. */
  readonly tolerance: { readonly relative?: number; readonly absolute?: number };
  readonly reason: string;
  readonly within: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the calibrate --json summary, read by path as the README documents it
type Fitted = Record<string, any>;

/** The mean and cv of a lognormal or gamma spec (NaN for other kinds). */
const moments = (spec: unknown): { mean: number; cv: number } => {
  const s = spec as { mean?: number; cv?: number } | undefined;
  return { mean: s?.mean ?? Number.NaN, cv: s?.cv ?? Number.NaN };
};

/**
 * The fitted-vs-true table of twin-own-line.yaml's parameters: `fitted` is `hotline calibrate --json`'s `fitted`,
 * `calibrated` the scenario it wrote, `hours` the hours where agents on duty are compared. The tolerances are for the
 * two-day test (its sample sizes in the reasons); the week bench has 3.5 times the data.
 */
export function parameterRows(truth: Scenario, fitted: Fitted, calibrated: Scenario, hours: readonly number[]) {
  const type = truth.call_types[0]!;
  const inHouse = truth.pools.find((p) => p.pool === 'in-house')!;
  const contractor = truth.pools.find((p) => p.pool === 'outsourced')!;
  const byPool = type.handle_sec_by_pool ?? {};
  const survey = truth.callers.ivr!.choices.survey as Record<string, number>;
  const none = (survey.none ?? 0) / Object.values(survey).reduce((a, b) => a + b, 0);
  const rows: Omit<ParameterRow, 'within'>[] = [];
  const add = (row: Omit<ParameterRow, 'within'>) => rows.push(row);
  add({
    name: 'calls per day (first attempts)',
    truth: truth.demand.calls_per_day as number,
    fitted: fitted.callsPerDay,
    tolerance: { relative: 0.12 },
    reason: 'Poisson arrivals: 600 calls in two days have a 4 % standard error; 3 of them',
  });
  for (const [pool, entry, rel, cvAbs, why] of [
    [
      'in-house',
      inHouse,
      0.15,
      0.2,
      "~430 answered calls, cv 0.7: 3.4 % SE of the mean; 4 SE (a few calls are cut short by Twilio's 4 h limit on the agent's line call)",
    ],
    ['outsourced', contractor, 0.25, 0.35, '~150 overflow calls, cv 0.9: 7.5 % SE of the mean; 3 SE'],
  ] as const) {
    const true_ = moments(byPool[pool] ?? type.handle_sec);
    const fit = fitted.handleSec[entry.name];
    add({
      name: `handle mean, ${entry.name}`,
      truth: true_.mean,
      fitted: fit.mean,
      tolerance: { relative: rel },
      reason: why,
    });
    add({
      name: `handle cv, ${entry.name}`,
      truth: true_.cv,
      fitted: fit.cv,
      tolerance: { absolute: cvAbs },
      reason: 'the sample cv of a lognormal has a long right tail: about 3 of its standard errors at this N',
    });
  }
  add({
    name: 'after-call work mean',
    truth: moments(type.acw_sec).mean,
    fitted: moments(calibrated.call_types[0]!.acw_sec).mean,
    tolerance: { relative: 0.15 },
    reason: '~550 calls, cv 0.5: 2 % SE; the live wrap-up ends on the emulated second of key 1 (±1 s of 30 s)',
  });
  add({
    name: 'patience mean',
    truth: moments(truth.callers.patience_sec).mean,
    fitted: fitted.patienceSec.mean,
    tolerance: { relative: 0.35 },
    reason: 'censored fit on ~35 abandons among ~600 callers: the answered hide the tail the mean rests on',
  });
  add({
    name: 'redial probability',
    truth: truth.callers.redial!.probability,
    fitted: fitted.redial.afterAbandon.probability,
    tolerance: { absolute: 0.2 },
    reason: '~35 abandons with a whole (2 h) linking window: binomial SE 0.08; 2.5 of them',
  });
  for (const entry of [inHouse, contractor]) {
    const byHour: number[] = fitted.agentsOnDuty[entry.name].agentsByHour;
    const worst = hours.reduce(
      (w, h) =>
        Math.abs(byHour[h]! - (entry.agents as number)) > Math.abs(w - (entry.agents as number)) ? byHour[h]! : w,
      entry.agents as number,
    );
    add({
      name: `agents on duty, ${entry.name} (worst hour ${hours[0]}-${hours[hours.length - 1]})`,
      truth: entry.agents as number,
      fitted: worst,
      tolerance: { absolute: 0 },
      reason: "observed in the store's agent-state log, not estimated: exact",
    });
  }
  add({
    name: `overflow min_wait_sec, ${contractor.name}`,
    truth: contractor.min_wait_sec,
    fitted: fitted.routing.pools[contractor.name].minWaitSec,
    tolerance: { absolute: 5 },
    reason: "inferred from the 1st percentile of the contractor's answered waits: never below, a few s above",
  });
  add({
    name: 'survey participation',
    truth: 1 - none * none,
    fitted: fitted.survey.participation,
    tolerance: { absolute: 0.06 },
    reason: '1 − none² (one retry after no input); ~550 invited: SE 0.016; 4 of them',
  });
  return rows.map((r) => {
    const limit = r.tolerance.absolute ?? (r.tolerance.relative ?? 0) * Math.abs(r.truth);
    return { ...r, within: Math.abs(r.fitted - r.truth) <= limit + 1e-9 };
  });
}
