/**
 * `npm run bench:twin`: the twin proven on our own line over a WEEK. bench/twin-week.yaml (the test fixture
 * twin-own-line.yaml over 7 days: 300 first calls a day, 08:00-20:00, chosen so that the live drive takes a few
 * minutes on a 2-core machine) is simulated for its arrivals, driven live through the real server (SQLite store,
 * virtual time), calibrated (`hotline calibrate`) and judged (`hotline twin`, 40 replications). Prints the twin table
 * (KPI, actual, predicted, low, high, inside), the fitted-vs-true parameter table, and each stage's real time beside
 * the baseline measured in the same run: one simulated replication of the same week.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { driveOwnLine, parameterRows } from '../test/helpers/own-line.js';
import { runCli } from '../test/helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-twin-'));
try {
  const run = await driveOwnLine('bench/twin-week.yaml', dir);
  let t0 = performance.now();
  const cal = await runCli(['calibrate', 'line.db', '--flow', 'hotline-12345-direct', '--out', 'cal.yaml', '--json'], {
    cwd: dir,
  });
  const calibrateMs = performance.now() - t0;
  if (cal.code !== 0) throw new Error(cal.err);
  t0 = performance.now();
  const tw = await runCli(
    ['twin', '--scenario', 'cal.yaml', '--records', 'line.db', '--replications', '40', '--json'],
    {
      cwd: dir,
    },
  );
  const twinMs = performance.now() - t0;
  const twin = JSON.parse(tw.out) as { kpis: Record<string, Record<string, number | boolean>> };
  const f = (x: number | boolean) =>
    typeof x === 'number' ? (Math.abs(x) < 1.5 ? x.toFixed(3) : x.toFixed(1)) : String(x);
  console.log(`records ${run.records.length} (${run.firstCalls} first calls), twin exit ${tw.code}`);
  console.log('| KPI | actual | predicted | low | high | inside |\n|---|---|---|---|---|---|');
  for (const [name, k] of Object.entries(twin.kpis))
    console.log(`| ${name} | ${f(k.actual!)} | ${f(k.predicted!)} | ${f(k.low!)} | ${f(k.high!)} | ${k.inside} |`);
  const { scenario: calibrated } = loadScenario(join(dir, 'cal.yaml'), dir, dir);
  const hours = Array.from({ length: 11 }, (_, i) => 8 + i);
  console.log('\n| parameter | true | fitted | tolerance | within |\n|---|---|---|---|---|');
  for (const r of parameterRows(run.scenario, JSON.parse(cal.out).fitted, calibrated, hours))
    console.log(
      `| ${r.name} | ${f(r.truth)} | ${f(r.fitted)} | ${r.tolerance.absolute !== undefined ? `±${r.tolerance.absolute}` : `±${(r.tolerance.relative ?? 0) * 100} %`} | ${r.within} |`,
    );
  const base = run.simulateMs;
  console.log('\n| stage | real s | × baseline (one simulated replication of the week) |\n|---|---|---|');
  for (const [stage, ms] of [
    ['simulate (baseline)', base],
    ['drive live', run.driveMs],
    ['calibrate', calibrateMs],
    ['twin (40 replications)', twinMs],
  ] as const)
    console.log(`| ${stage} | ${(ms / 1000).toFixed(2)} | ${(ms / base).toFixed(0)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
