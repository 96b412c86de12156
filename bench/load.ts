/**
 * `hotline load` against the server, beside a bare fastify route, in one run.
 *
 * 1. Saturated rate: virtual time (callers never wait on the clock, only on
 *    the server), the same emulator and concurrency against `hotline serve`
 *    (memory store, SQLite) and against a bare fastify app answering fixed
 *    TwiML: webhooks per second, and their ratio (target: at least 0.6).
 * 2. Latency under load: accelerated real time at 100 and 1,000 concurrent
 *    calls, memory and SQLite: calls/s and webhook p50/p95/p99/max (target:
 *    p99 under 10 ms at 1,000 calls with the memory store).
 *
 * Every server runs in its own process; the emulator runs here, and sends
 * and times its webhooks on a worker thread (one run also times them on the
 * emulator's own thread, as before, to show what that adds). Everything
 * is on 127.0.0.1. Settings: BENCH_SPEED (default 10), BENCH_CALLS_PER_SLOT
 * (calls per concurrent slot in the latency runs, default 2), BENCH_SATURATION_CALLS
 * (default 2000), BENCH_SATURATION_CONCURRENCY (default 200), BENCH_WARMUP_CALLS (calls
 * each new server process takes, in virtual time, before it is measured; default 200),
 * BENCH_SATURATION_ROUNDS (default 3), BENCH_PARTS (saturation,latency: which parts to run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnListening, spawnServer, type TargetServer } from '../src/cli/target-server.js';
import { runLoad, type LoadReport } from '../src/qa/load-test.js';
import { agentWork, type LoadBehaviour } from '../src/qa/scenario-caller.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { buildSimModel } from '../src/planning/build-model.js';
import { prepareScenario } from '../src/planning/flow-registry.js';
import { RealClock, VirtualClock } from '../src/twilio/emulator/emulator-clock.js';
import { positiveInt } from './bench-settings.js';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIO = 'midsize-city-menu';
const SPEED = positiveInt('BENCH_SPEED', 10);
const CALLS_PER_SLOT = positiveInt('BENCH_CALLS_PER_SLOT', 2);
const SATURATION_CALLS = positiveInt('BENCH_SATURATION_CALLS', 2000);
const SATURATION_CONCURRENCY = positiveInt('BENCH_SATURATION_CONCURRENCY', 200);
const WARMUP_CALLS = positiveInt('BENCH_WARMUP_CALLS', 200);
const SATURATION_ROUNDS = positiveInt('BENCH_SATURATION_ROUNDS', 3);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'saturation,latency').split(','));

async function behaviour(): Promise<{ behaviour: LoadBehaviour; skills: readonly string[]; flow: string }> {
  const { scenario } = loadScenario(SCENARIO, ROOT, join(ROOT, 'scenarios'));
  await prepareScenario(scenario, ROOT);
  const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
  return {
    behaviour: { flow: model.flow!, patience: model.patience, work: agentWork(model.callTypes) },
    skills: model.flow!.compiled.flow.skills,
    flow: scenario.flow,
  };
}

type Store = 'memory' | 'sqlite' | 'bare';

async function server(store: Store, flow: string, dir: string): Promise<TargetServer> {
  if (store === 'bare') {
    const { baseUrl, pid, close } = await spawnListening(
      ['--import', 'tsx', join(ROOT, 'bench', 'bare-twiml-server.ts')],
      process.env,
      ROOT,
      'the bare fastify server',
    );
    return {
      baseUrl,
      pid,
      authToken: 'unchecked',
      adminToken: null,
      transferNumbers: {},
      description: 'bare fastify',
      close,
    };
  }
  return spawnServer(
    flow,
    store === 'sqlite' ? join(dir, `load-${performance.now().toFixed(0)}.db`) : undefined,
    process.env,
    ROOT,
  );
}

/** CPU seconds a process has used (all its threads), from /proc/PID/stat (Linux; clock ticks of 10 ms). */
function cpuSec(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Measured = LoadReport & { serverCpuUsPerWebhook: number };

async function run(
  store: Store,
  options: { virtual: boolean; concurrency: number; calls: number; timing?: 'worker' | 'inline' },
  b: Awaited<ReturnType<typeof behaviour>>,
  dir: string,
): Promise<Measured> {
  const target = await server(store, b.flow, dir);
  try {
    // Each server process is new: warm its code up (JIT, first queries) in virtual time before measuring.
    await runLoad({
      baseUrl: target.baseUrl,
      authToken: target.authToken,
      adminToken: null,
      clock: new VirtualClock(Date.now(), 1000),
      behaviour: b.behaviour,
      skills: b.skills,
      calls: WARMUP_CALLS,
      concurrency: 50,
      agents: store === 'bare' ? 0 : 25,
      rampSec: 10,
      seed: 2,
    });
    const clock = options.virtual
      ? new VirtualClock(Date.now(), 1000)
      : new RealClock(Date.now(), SPEED, () => performance.now());
    const cpuBefore = cpuSec(target.pid!);
    const report = await runLoad({
      baseUrl: target.baseUrl,
      authToken: target.authToken,
      adminToken: null,
      clock,
      behaviour: b.behaviour,
      skills: b.skills,
      calls: options.calls,
      concurrency: options.concurrency,
      agents: store === 'bare' ? 0 : Math.ceil(options.concurrency / 2),
      rampSec: options.virtual ? 10 : 60,
      seed: 1,
      timing: options.timing ?? 'worker',
    });
    return { ...report, serverCpuUsPerWebhook: ((cpuSec(target.pid!) - cpuBefore) * 1e6) / report.webhooks };
  } finally {
    await target.close();
  }
}

const f = (x: number, digits = 1) => x.toFixed(digits);

function line(label: string, r: Measured): string {
  const l = r.latencyMs.all;
  const errors = r.httpErrors + r.timeouts + r.connectionErrors + r.invalidTwiml;
  return `| ${label} | ${r.calls} | ${f(r.callsPerSec)} | ${f(r.webhooksPerSec, 0)} | ${f(r.serverCpuUsPerWebhook, 0)} | ${f(1e6 / r.serverCpuUsPerWebhook, 0)} | ${f(l.p50, 2)} | ${f(l.p95, 2)} | ${f(l.p99, 2)} | ${f(l.max, 1)} | ${errors} |`;
}

const HEADER =
  '| run | calls | calls/s | webhooks/s | server CPU µs/webhook | server capacity webhooks/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|---|---|---|';

const b = await behaviour();
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-load-'));
try {
  console.log(`hotline load benchmark: scenario ${SCENARIO}, node ${process.version}`);
  if (PARTS.has('saturation')) {
    console.log(
      `\n## Saturated rate (virtual time, same emulator and concurrency; ${SATURATION_ROUNDS} interleaved rounds, the median round of each)\n`,
    );
    console.log(HEADER);
    const saturation = { virtual: true, concurrency: SATURATION_CONCURRENCY, calls: SATURATION_CALLS };
    const rounds: Record<Store, Measured[]> = { bare: [], memory: [], sqlite: [] };
    // Interleaved, so a slow spell of the machine falls on every server alike.
    for (let round = 0; round < SATURATION_ROUNDS; round += 1) {
      for (const store of ['bare', 'memory', 'sqlite'] as const)
        rounds[store].push(await run(store, saturation, b, dir));
    }
    const median = (list: Measured[]) =>
      [...list].sort((x, y) => x.serverCpuUsPerWebhook - y.serverCpuUsPerWebhook)[Math.floor(list.length / 2)]!;
    const bare = median(rounds.bare);
    const satMemory = median(rounds.memory);
    const satSqlite = median(rounds.sqlite);
    console.log(line(`bare fastify route (baseline), ${SATURATION_CONCURRENCY} calls at once`, bare));
    console.log(line(`hotline serve, memory store, ${SATURATION_CONCURRENCY} at once`, satMemory));
    console.log(line(`hotline serve, SQLite, ${SATURATION_CONCURRENCY} at once`, satSqlite));
    const spread = (list: Measured[]) => list.map((r) => f(r.serverCpuUsPerWebhook, 0)).join(', ');
    console.log(
      `\nserver CPU µs/webhook in each round: bare ${spread(rounds.bare)}; memory ${spread(rounds.memory)}; SQLite ${spread(rounds.sqlite)}`,
    );
    const ratio = (r: Measured) => f(bare.serverCpuUsPerWebhook / r.serverCpuUsPerWebhook, 2);
    console.log(
      `server capacity (1 / server CPU per webhook) vs the bare route: memory ${ratio(satMemory)}x, SQLite ${ratio(satSqlite)}x (target >= 0.60x)`,
    );
    console.log(
      `achieved webhooks/s vs the bare route (all three share 2 cores with the emulator): memory ${f(satMemory.webhooksPerSec / bare.webhooksPerSec, 2)}x, SQLite ${f(satSqlite.webhooksPerSec / bare.webhooksPerSec, 2)}x`,
    );
  }
  if (PARTS.has('latency')) {
    console.log(`\n## Latency under load (${SPEED}x real time)\n`);
    console.log(HEADER);
    const results: Record<string, Measured> = {};
    for (const concurrency of [100, 1000]) {
      for (const store of ['memory', 'sqlite'] as const) {
        const r = await run(store, { virtual: false, concurrency, calls: concurrency * CALLS_PER_SLOT }, b, dir);
        results[`${store}-${concurrency}`] = r;
        console.log(line(`${concurrency} concurrent calls, ${store === 'memory' ? 'memory store' : 'SQLite'}`, r));
      }
    }
    const inline = await run(
      'memory',
      { virtual: false, concurrency: 1000, calls: 1000 * CALLS_PER_SLOT, timing: 'inline' },
      b,
      dir,
    );
    console.log(line('1000 concurrent calls, memory store, timed on the emulator thread (--timing inline)', inline));
    const bareLatency = await run('bare', { virtual: false, concurrency: 1000, calls: 1000 * CALLS_PER_SLOT }, b, dir);
    console.log(line('1000 concurrent calls, bare fastify route (baseline)', bareLatency));
    const target = results['memory-1000']!;
    console.log(
      `\np99 at 1,000 concurrent calls, memory store: ${f(target.latencyMs.all.p99, 2)} ms (target < 10 ms); bare route ${f(bareLatency.latencyMs.all.p99, 2)} ms; timed on the emulator thread ${f(inline.latencyMs.all.p99, 2)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
