/**
 * The wallboard feed's delay at 1,000 concurrent calls: `hotline serve` (SQLite, the scenario's flow) in its own
 * worker thread on loopback, the emulator driving 1,000 calls at once in accelerated real time (its webhooks sent and
 * timed on another worker), one GET /admin/live client on a third worker. For every `kpis` change (a call's final
 * record counted in today's figures) it measures the time from the status callback's arrival at the server to the
 * SSE event's arrival at the client (p50, p95, max), beside the baseline measured in the same run: the status
 * callbacks' own response time as the emulator saw it. Settings: BENCH_SPEED (default 10), BENCH_CONCURRENCY (default
 * 1000), BENCH_CALLS (default 2 × concurrency).
 */
import { agentWork } from '../src/qa/scenario-caller.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSimModel } from '../src/planning/build-model.js';
import { prepareScenario } from '../src/planning/flow-registry.js';
import { latencyFigures, runLoad, type LatencyFigures } from '../src/qa/load-test.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { RealClock, VirtualClock } from '../src/twilio/emulator/emulator-clock.js';
import { positiveInt } from './bench-settings.js';
import { ask, openSseClient, sseArrivals, startServer } from './live-feed-driver.js';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIO = 'midsize-city-menu';
const SPEED = positiveInt('BENCH_SPEED', 10);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 1000);
const CALLS = positiveInt('BENCH_CALLS', 2 * CONCURRENCY);
const TOKEN = 'bench-live-feed-token';

const f = (x: number, digits = 1) => x.toFixed(digits);
const row = (label: string, l: LatencyFigures) =>
  `| ${label} | ${l.count} | ${f(l.p50, 2)} | ${f(l.p95, 2)} | ${f(l.max, 1)} |`;

const { scenario } = loadScenario(SCENARIO, ROOT, join(ROOT, 'scenarios'));
await prepareScenario(scenario, ROOT);
const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
const types = model.callTypes;
const behaviour = {
  flow: model.flow!,
  patience: model.patience,
  work: agentWork(types),
};
const skills = model.flow!.compiled.flow.skills;
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-live-'));
const { worker, port } = await startServer({ flow: scenario.flow, root: ROOT, dir, authToken: TOKEN, liveClients: 4 });
const base = `http://127.0.0.1:${port}`;
try {
  // Warm the server's code up (JIT, first queries) in virtual time before measuring.
  await runLoad({
    ...{ baseUrl: base, authToken: TOKEN, adminToken: null, behaviour, skills },
    clock: new VirtualClock(Date.now(), 1000),
    calls: 200,
    concurrency: 50,
    agents: 25,
    rampSec: 10,
    seed: 2,
  });
  const client = await openSseClient(`${base}/admin/live`);
  const report = await runLoad({
    ...{ baseUrl: base, authToken: TOKEN, adminToken: null, behaviour, skills },
    clock: new RealClock(Date.now(), SPEED, () => performance.now()),
    calls: CALLS,
    concurrency: CONCURRENCY,
    agents: Math.ceil(CONCURRENCY / 2),
    rampSec: 60,
    seed: 1,
    timing: 'worker',
  });
  await new Promise((done) => setTimeout(done, 500));
  const { kpis } = await ask<{ kpis: [number, number][] }>(worker, { type: 'stamps' }, 'stamps');
  const arrivals = await sseArrivals(client);
  const received = new Map(arrivals.map(([id, at]) => [id, at]));
  const delays = kpis.flatMap(([seq, sentMs]) => {
    const at = received.get(seq);
    return at === undefined ? [] : [at - sentMs];
  });
  const lineEvents = arrivals.filter((a) => a[3] === 'line').length;
  console.log(`hotline live feed benchmark: scenario ${SCENARIO}, node ${process.version}`);
  console.log(
    `${CALLS} calls, ${CONCURRENCY} at once, ${SPEED}x real time, SQLite; ${report.webhooks} webhooks, ${arrivals.length} SSE events (${delays.length} kpis changes timed, ${lineEvents} line changes), ${report.httpErrors + report.timeouts + report.connectionErrors} webhook errors\n`,
  );
  console.log('| delay (ms) | count | p50 | p95 | max |\n|---|---|---|---|---|');
  const feed = latencyFigures(delays);
  const status = report.latencyByPath['/voice/status'] ?? latencyFigures([]);
  console.log(row('status callback arrives → its kpis event reaches the SSE client', feed));
  console.log(row("baseline: status callback's own response time (emulator)", status));
  console.log(row('baseline: every webhook (emulator)', report.latencyMs.all));
  console.log(
    `\nfeed delay / status response time: p50 ${f(feed.p50 / status.p50, 2)}x, p95 ${f(feed.p95 / status.p95, 2)}x`,
  );
} finally {
  await ask(worker, { type: 'close' }, 'closed');
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
}
