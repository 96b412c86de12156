/**
 * The console wallboard's delay from webhook to screen at 1,000 concurrent calls: `hotline serve` with the console
 * (SQLite, the scenario's flow, Vendor A's contract, the scenario as the expectation) in its own worker thread, the
 * emulator driving 1,000 calls at once in accelerated real time (bench/live-feed.ts's load driver), the wallboard
 * open in Debian's Chromium, and a plain Node client on GET /admin/live as the baseline, in the same run. For every
 * `kpis` change (a call's final record counted) it measures from the status callback's arrival at the server to
 * (a) the page showing that change (its root's `data-seq` reaches the change's sequence number: the view draws in an
 * animation frame, painted right after) and (b) the SSE event's arrival at the Node client. Prints p50, p95 and max
 * of both and their ratio. Settings: BENCH_SPEED (default 10), BENCH_CONCURRENCY (default 1000), BENCH_CALLS (default
 * 2 × concurrency).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { buildSimModel } from '../src/planning/build-model.js';
import { prepareScenario } from '../src/planning/flow-registry.js';
import { type LatencyFigures, latencyFigures, runLoad } from '../src/qa/load-test.js';
import { agentWork } from '../src/qa/scenario-caller.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { RealClock, VirtualClock } from '../src/twilio/emulator/emulator-clock.js';
import { buildConsole } from '../scripts/build-console.js';
import { positiveInt } from './bench-settings.js';
import { ask, openSseClient, sseArrivals, startServer } from './live-feed-driver.js';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIO = 'midsize-city-menu';
const SPEED = positiveInt('BENCH_SPEED', 10);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 1000);
const CALLS = positiveInt('BENCH_CALLS', 2 * CONCURRENCY);
const TOKEN = 'bench-console-wallboard-token';
const ADMIN_TOKEN = 'bench-console-wallboard-admin-token-0123456789';

/**
 * Runs in the page before its scripts: stamps (wall-clock ms) each change of the wallboard's `data-seq` in the DOM
 * (the view draws in an animation frame's callback, so the frame painted next shows it), and each wallboard event's
 * arrival at the page's EventSource.
 */
const STAMP_FRAMES = `
window.__wallboardStamps = [];
window.__eventStamps = [];
const listen = EventSource.prototype.addEventListener;
EventSource.prototype.addEventListener = function (type, handler, options) {
  const stamped = (e) => {
    window.__eventStamps.push([Number(e.lastEventId), performance.timeOrigin + performance.now()]);
    return handler(e);
  };
  return listen.call(this, type, type === 'change' || type === 'snapshot' ? stamped : handler, options);
};
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const seq = Number(m.target.getAttribute('data-seq'));
      if (seq > 0) window.__wallboardStamps.push([seq, performance.timeOrigin + performance.now()]);
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-seq'] });
});
`;

const f = (x: number, digits = 1) => x.toFixed(digits);
const row = (label: string, l: LatencyFigures) =>
  `| ${label} | ${l.count} | ${f(l.p50, 2)} | ${f(l.p95, 2)} | ${f(l.max, 1)} |`;

await buildConsole(undefined, true);
const { scenario, file } = loadScenario(SCENARIO, ROOT, join(ROOT, 'scenarios'));
await prepareScenario(scenario, ROOT);
const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
const behaviour = { flow: model.flow!, patience: model.patience, work: agentWork(model.callTypes) };
const skills = model.flow!.compiled.flow.skills;
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-wallboard-'));
const { worker, port } = await startServer({
  flow: scenario.flow,
  root: ROOT,
  dir,
  authToken: TOKEN,
  liveClients: 4,
  console: { adminToken: ADMIN_TOKEN, contracts: [join(ROOT, 'contracts', 'vendor-a.yaml')], expectScenario: file },
});
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const load = { baseUrl: base, authToken: TOKEN, adminToken: ADMIN_TOKEN, behaviour, skills };
  // Warm the server's code up (JIT, first queries) in virtual time before measuring.
  await runLoad({
    ...load,
    clock: new VirtualClock(Date.now(), 1000),
    calls: 200,
    concurrency: 50,
    agents: 25,
    rampSec: 10,
    seed: 2,
  });
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.addInitScript(STAMP_FRAMES);
  await page.goto(`${base}/console`);
  await page.fill('input[name=token]', ADMIN_TOKEN);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('header.top');
  await page.goto(`${base}/console#/wallboard`);
  await page.waitForSelector('section.wallboard[data-seq]:not([data-seq=""])');
  const client = await openSseClient(`${base}/admin/live`, { authorization: `Bearer ${ADMIN_TOKEN}` });
  const report = await runLoad({
    ...load,
    clock: new RealClock(Date.now(), SPEED, () => performance.now()),
    calls: CALLS,
    concurrency: CONCURRENCY,
    agents: Math.ceil(CONCURRENCY / 2),
    rampSec: 60,
    seed: 1,
    timing: 'worker',
  });
  await new Promise((done) => setTimeout(done, 1500));
  const { kpis } = await ask<{ kpis: [number, number][] }>(worker, { type: 'stamps' }, 'stamps');
  const arrivals = await sseArrivals(client);
  const frames = (await page.evaluate('window.__wallboardStamps')) as [number, number][];
  const pageArrivals = new Map((await page.evaluate('window.__eventStamps')) as [number, number][]);
  const received = new Map(arrivals.map(([id, at]) => [id, at]));
  const node: number[] = [];
  const inPage: number[] = [];
  const screen: number[] = [];
  let i = 0;
  // Only the changes after both clients opened (the Node client's first event is its snapshot): not the warm-up's.
  const fromSeq = arrivals[0]?.[0] ?? Infinity;
  const measured = kpis.filter(([seq]) => seq > fromSeq).sort((a, b) => a[0] - b[0]);
  for (const [seq, sentMs] of measured) {
    const at = received.get(seq);
    if (at !== undefined) node.push(at - sentMs);
    const atPage = pageArrivals.get(seq);
    if (atPage !== undefined) inPage.push(atPage - sentMs);
    // The first frame showing this change or a later one (changes arriving together are painted together).
    while (i < frames.length && (frames[i] as [number, number])[0] < seq) i += 1;
    const frame = frames.slice(i).find(([s]) => s >= seq);
    if (frame) screen.push(frame[1] - sentMs);
  }
  const toScreen = latencyFigures(screen);
  const toNode = latencyFigures(node);
  console.log(
    `hotline console wallboard benchmark: scenario ${SCENARIO}, node ${process.version}, Chromium ${browser.version()}`,
  );
  console.log(
    `${CALLS} calls, ${CONCURRENCY} at once, ${SPEED}x real time, SQLite; ${report.webhooks} webhooks, ${measured.length} kpis changes, ${frames.length} wallboard redraws, ${report.httpErrors + report.timeouts + report.connectionErrors} webhook errors (${report.httpErrors} HTTP, ${report.timeouts} timeouts, ${report.connectionErrors} connection)\n`,
  );
  for (const [code, messages] of Object.entries(report.errorSamples))
    console.log(`  Twilio error ${code}, e.g.: ${messages[0]}`);
  console.log('| delay (ms) | count | p50 | p95 | max |\n|---|---|---|---|---|');
  console.log(row('status callback arrives → the wallboard in Chromium shows its change', toScreen));
  console.log(row('  of which: its wallboard event reaches the page (EventSource)', latencyFigures(inPage)));
  console.log(row('baseline: status callback arrives → its GET /admin/live event reaches a Node client', toNode));
  console.log(
    `\nscreen / Node client: p50 ${f(toScreen.p50 / toNode.p50, 2)}x, p95 ${f(toScreen.p95 / toNode.p95, 2)}x`,
  );
} finally {
  await browser.close();
  await ask(worker, { type: 'close' }, 'closed');
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
}
