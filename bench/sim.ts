/**
 * Simulator benchmark: calls/second of `hotline simulate` on
 * scenarios/mmc-benchmark.yaml (M/M/310+M, 100 calls/min, AHT 180 s, patience
 * 120 s) against a minimal hand-written event loop for the same model,
 * measured in the same run, single-threaded; plus the peak memory (max RSS) of
 * a 1,000,000-call run in a fresh process against that of an idle process.
 *
 * Run: `npm run bench:sim` (= `node --import tsx bench/sim.ts`).
 * Env: BENCH_CALLS (default 1,000,000), BENCH_ROUNDS (default 3; the best round is reported).
 */
import { execFileSync } from 'node:child_process';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { KpiAccumulator } from '../src/analysis/kpis.js';
import { buildSimModel } from '../src/planning/build-model.js';
import { runCallCentre } from '../src/sim/call-centre-sim.js';
import { Rng } from '../src/sim/rng.js';
import { prepareScenario } from '../src/planning/flow-registry.js';
import type { Scenario } from '../src/scenario/scenario-schema.js';
import { createActor } from 'xstate';
import menuFlow from '../flows/hotline-12345-menu.js';
import { CompiledFlow } from '../src/flow/runtime/compiled-flow.js';
import type { CallEvent } from '../src/flow/call-event.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The baseline: a minimal M/M/n+M event loop (object heap, array FIFO, lazy abandonment), counting what the KPIs need. */
function minimalLoop(calls: number, seed: number): { answered: number; abandoned: number; waitSum: number } {
  const rng = new Rng(seed);
  const exp = (mean: number) => -Math.log(rng.nextOpen()) * mean;
  type Ev = { t: number; kind: number; id: number };
  const heap: Ev[] = [];
  const push = (e: Ev) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.t <= e.t) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && heap[c + 1]!.t < heap[c]!.t) c += 1;
        if (last.t <= heap[c]!.t) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const arrival: number[] = [];
  const gone: boolean[] = [];
  const queue: number[] = [];
  let head = 0;
  let free = 310;
  let made = 0;
  let answered = 0;
  let abandoned = 0;
  let waitSum = 0;
  push({ t: exp(0.6), kind: 0, id: 0 });
  while (heap.length > 0) {
    const e = pop();
    if (e.kind === 0) {
      const id = made++;
      arrival[id] = e.t;
      if (free > 0) {
        free -= 1;
        answered += 1;
        push({ t: e.t + exp(180), kind: 1, id });
      } else {
        queue.push(id);
        gone[id] = false;
        push({ t: e.t + exp(120), kind: 2, id });
      }
      if (made < calls) push({ t: e.t + exp(0.6), kind: 0, id: 0 });
    } else if (e.kind === 1) {
      while (head < queue.length && gone[queue[head]!]) head += 1;
      if (head < queue.length) {
        const id = queue[head++]!;
        gone[id] = true;
        answered += 1;
        waitSum += e.t - arrival[id]!;
        push({ t: e.t + exp(180), kind: 1, id });
      } else free += 1;
    } else if (!gone[e.id]) {
      gone[e.id] = true;
      abandoned += 1;
    }
  }
  return { answered, abandoned, waitSum };
}

function best(run: () => number): number {
  let bestSec = Infinity;
  for (let i = 0; i < ROUNDS; i += 1) bestSec = Math.min(bestSec, run());
  return bestSec;
}

function timeIt(fn: () => void): number {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
}

const { scenario } = loadScenario('scenarios/mmc-benchmark.yaml', process.cwd(), 'scenarios');

/** A city scenario stretched to CALLS first calls (its weekly pattern repeats), callers running the full IVR flow. */
async function flowScenario(name: string): Promise<Scenario> {
  const loaded = loadScenario(`scenarios/${name}.yaml`, process.cwd(), 'scenarios').scenario;
  await prepareScenario(loaded);
  return { ...loaded, horizon: { calls: CALLS, start_day: loaded.horizon.start_day } };
}

if (process.argv[2] === '--memory-child') {
  // Child process: one 1M-call run, then report peak RSS.
  if (process.argv[3] === 'run') {
    const acc = new KpiAccumulator();
    runCallCentre(buildSimModel(scenario, { seed: 1, replication: 0, calls: CALLS }), 1, 0, (r) => acc.add(r));
    acc.result();
  }
  process.stdout.write(String(process.resourceUsage().maxRSS * 1024));
  process.exit(0);
}

console.log(
  `node ${process.version}, single thread, ${CALLS.toLocaleString('en-US')} calls per run, best of ${ROUNDS}`,
);
let engineStats = { events: 0, peak: 0 };
const engineSec = best(() =>
  timeIt(() => {
    const acc = new KpiAccumulator();
    const stats = runCallCentre(buildSimModel(scenario, { seed: 1, replication: 0, calls: CALLS }), 1, 0, (r) =>
      acc.add(r),
    );
    acc.result();
    engineStats = { events: stats.events, peak: stats.peakConcurrent };
  }),
);
const baselineSec = best(() => timeIt(() => minimalLoop(CALLS, 1)));
const engineRate = CALLS / engineSec;
const baselineRate = CALLS / baselineSec;

const flowRates: [string, number][] = [];
for (const name of ['midsize-city-direct', 'midsize-city-menu']) {
  const city = await flowScenario(name);
  const sec = best(() =>
    timeIt(() => {
      const acc = new KpiAccumulator();
      runCallCentre(buildSimModel(city, { seed: 1, replication: 0, calls: CALLS }), 1, 0, (r) => acc.add(r));
      acc.result();
    }),
  );
  flowRates.push([`${name} (full IVR flow)`, CALLS / sec]);
}

// The same menu-flow journey (menu → case status → agent → survey) through an XState actor per call and through the compiled flow.
const journey: CallEvent[] = [
  { type: 'PLAYED' },
  { type: 'DIGITS', digits: '5' },
  { type: 'DIGITS', digits: '202611240001' },
  { type: 'LOOKUP_RESULT', found: true, data: { status: 'x' } },
  { type: 'DIGITS', digits: '0' },
  { type: 'AGENT_ANSWERED', agentId: '8013' },
  { type: 'AGENT_FINISHED' },
  { type: 'DIGITS', digits: '1' },
];
const JOURNEYS = 100_000;
const compiledMenu = new CompiledFlow(menuFlow);
const actorSec = best(() =>
  timeIt(() => {
    for (let i = 0; i < JOURNEYS; i += 1) {
      const actor = createActor(menuFlow.machine, { input: undefined }).start();
      for (const e of journey) actor.send(e);
      if (actor.getSnapshot().value !== 'rated') throw new Error('journey did not end rated');
      actor.stop();
    }
  }),
);
const compiledSec = best(() =>
  timeIt(() => {
    for (let i = 0; i < JOURNEYS; i += 1) {
      const cursor = compiledMenu.start();
      for (const e of journey) compiledMenu.send(cursor, e);
      if (compiledMenu.states[cursor.state]!.id !== 'rated') throw new Error('journey did not end rated');
    }
  }),
);

const rss = (mode: string) =>
  Number(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/sim.ts', '--memory-child', mode], {
      env: { ...process.env, BENCH_CALLS: String(CALLS) },
    }).toString(),
  );
const idleRss = rss('idle');
const runRss = rss('run');

const rows = [
  ['hotline engine (records → KPI accumulator)', engineRate, engineSec],
  ['minimal event loop (baseline)', baselineRate, baselineSec],
] as const;
console.log('\nmodel                                        calls/s      wall s   vs baseline');
for (const [name, rate, sec] of rows)
  console.log(
    `${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(10)}  ${sec.toFixed(3).padStart(8)}   ${(rate / baselineRate).toFixed(2)}x`,
  );
for (const [name, rate] of flowRates)
  console.log(
    `${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(10)}  ${(CALLS / rate).toFixed(3).padStart(8)}   ${(rate / baselineRate).toFixed(2)}x`,
  );
console.log(
  `\nmenu-flow journey (8 events): XState actor per call ${Math.round(JOURNEYS / actorSec).toLocaleString('en-US')} journeys/s; compiled flow ${Math.round(JOURNEYS / compiledSec).toLocaleString('en-US')} journeys/s (${(actorSec / compiledSec).toFixed(1)}x)`,
);
console.log(
  `\nengine events: ${engineStats.events.toLocaleString('en-US')}; peak concurrent calls: ${engineStats.peak}`,
);
console.log(
  `peak RSS of a ${CALLS.toLocaleString('en-US')}-call run: ${(runRss / 2 ** 20).toFixed(1)} MB (idle process with the same modules: ${(idleRss / 2 ** 20).toFixed(1)} MB; difference ${((runRss - idleRss) / 2 ** 20).toFixed(1)} MB)`,
);
for (const [name, rate] of flowRates)
  console.log(`${name}: ${Math.round(rate).toLocaleString('en-US')} calls/s; target 250,000 calls/s`);
console.log(
  `\nmmc-benchmark: ${Math.round(engineRate).toLocaleString('en-US')} calls/s = ${(engineRate / baselineRate).toFixed(2)}x the minimal loop (${Math.round(baselineRate).toLocaleString('en-US')} calls/s); target 1,000,000 calls/s`,
);
