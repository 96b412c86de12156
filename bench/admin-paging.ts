/**
 * Admin paging benchmark: does reading every call record through
 * `GET /admin/calls` delay Twilio's webhooks?
 *
 * 1. Fills a SQLite file with BENCH_RECORDS call records (default 1,000,000;
 *    one transaction, one prepared statement).
 * 2. Starts the server on it in a child process (`--server`), on 127.0.0.1.
 * 3. Baseline: a prober in this process sends signed `POST /voice` webhooks
 *    (each a new call: a session and a record written) one after another,
 *    BENCH_GAP_MS apart, for BENCH_BASELINE_SEC, and times each over real HTTP.
 * 4. Paging: a pager in another child process (`--pager`) reads every record
 *    with `GET /admin/calls?limit=1000`, following nextCursor, while the prober
 *    goes on; it reports its pages' times and checks it saw every record once.
 *
 * Prints webhook latency p50/p99/max without and during paging, and their
 * ratio. Separate processes keep the pager's JSON parsing off the prober's
 * event loop, so what is measured is the server's delay. Run:
 * `npm run bench:admin` (= `node --import tsx bench/admin-paging.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { CALL_RECORD_FIELDS } from '../src/record/call-record.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL, positiveInt } from './bench-settings.js';

const SELF = fileURLToPath(import.meta.url);
const START_SEC = 1_795_000_000;

/** Fills `file` with `count` records in one transaction; returns seconds taken. */
async function fill(file: string, count: number): Promise<number> {
  await new SqliteCallStore(file).close(); // creates the schema (and the paging index)
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const columns = CALL_RECORD_FIELDS.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const insert = db.prepare(`INSERT INTO call_records (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const outcomes = ['answered', 'answered', 'answered', 'abandoned', 'self-service', 'ivr-hangup', 'callback', 'transferred'];
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const arrival = START_SEC + i * 3.1; // about a year of a city's calls at a million
      const outcome = outcomes[i % outcomes.length]!;
      const answered = outcome === 'answered';
      insert.run(`CA${i.toString(16).padStart(32, '0')}`, 'hotline-12345-direct', 'inbound', randomBytes(16).toString('hex'), arrival, arrival + 40,
        answered ? arrival + 40 : null, answered ? arrival + 75 : null, outcome === 'abandoned' ? arrival + 90 : null, arrival + 300, answered ? 225 : null,
        null, 1, 'general', i % 3 === 0 ? 'outsourced' : 'in-house', answered ? '8013' : null, outcome, answered ? 1 + (i % 5) : null, 'cmn-CN', 0, null, 'end');
    }
  })();
  const sec = (performance.now() - t0) / 1000;
  db.close();
  return sec;
}

/** Starts this file in `role` as a child process; resolves with its first stdout line and the child. */
function child(args: string[]): Promise<{ first: string; proc: ChildProcess; lines: string[] }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    proc.on('exit', (code) => { if (lines.length === 0) reject(new Error(`${args[0]} exited with ${code}`)); });
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        lines.push(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        if (lines.length === 1) resolve({ first: lines[0]!, proc, lines });
      }
    });
  });
}

/** The server role: the hotline app on the SQLite file, 127.0.0.1, an ephemeral port. */
async function serve(file: string): Promise<void> {
  const { buildApp } = await import('../src/server/app.js');
  const direct = (await import('../flows/hotline-12345-direct.js')).default;
  const store = new SqliteCallStore(file);
  const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
  process.on('SIGTERM', () => { void app.close().then(() => store.close()).then(() => process.exit(0)); });
}

/** The pager role: every record through GET /admin/calls; prints one JSON line of results. */
async function page(base: string): Promise<void> {
  process.stdout.write('ready\n');
  const times: number[] = [];
  let cursor: string | null = null;
  let count = 0;
  let previous = '';
  let ordered = true;
  const t0 = performance.now();
  do {
    const t = performance.now();
    const res = await fetch(`${base}/admin/calls?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await res.json()) as { calls: { callSid: string }[]; nextCursor: string | null };
    times.push(performance.now() - t);
    for (const call of body.calls) {
      // The filler's CallSids (zero-padded) grow with arrival time; the prober's new calls (random CallSids) arrive later, now.
      if (!call.callSid.startsWith('CA0000000000000000')) continue;
      if (call.callSid <= previous) ordered = false;
      previous = call.callSid;
      count += 1;
    }
    cursor = body.nextCursor;
  } while (cursor !== null);
  process.stdout.write(`${JSON.stringify({ count, ordered, pages: times.length, totalSec: (performance.now() - t0) / 1000, page: stats(times) })}\n`);
}

function stats(values: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

/** Sends signed POST /voice webhooks, `gapMs` apart, until `done()`; returns their latencies (ms). */
async function probe(base: string, gapMs: number, done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!done()) {
    const params = { CallSid: `CA${randomBytes(16).toString('hex')}`, AccountSid: `AC${'0'.repeat(32)}`, From: '+8613800138000', To: '+8653112345', CallStatus: 'ringing', Direction: 'inbound' };
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/voice`, params) };
    const t = performance.now();
    const res = await fetch(`${base}/voice`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    await res.text();
    latencies.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`POST /voice answered ${res.status}`);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return latencies;
}

const fmt = (s: { p50: number; p99: number; max: number; n: number }) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (${s.n} webhooks)`;

async function main(): Promise<void> {
  const records = positiveInt('BENCH_RECORDS', 1_000_000);
  const gapMs = positiveInt('BENCH_GAP_MS', 5);
  const baselineSec = positiveInt('BENCH_BASELINE_SEC', 10);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-admin-'));
  const file = path.join(dir, 'calls.db');
  let server: ChildProcess | undefined;
  try {
    console.log(`admin paging bench: ${records.toLocaleString('en')} records, ${os.cpus().length} cores, Node ${process.version}`);
    console.log(`  filled in ${(await fill(file, records)).toFixed(1)} s (one transaction)`);
    const started = await child(['--server', file]);
    server = started.proc;
    const base = `http://127.0.0.1:${started.first}`;
    await probe(base, gapMs, (() => { let n = 0; return () => (n += 1) > 200; })()); // warm-up
    const t0 = performance.now();
    const baseline = stats(await probe(base, gapMs, () => performance.now() - t0 > baselineSec * 1000));
    const pager = await child(['--pager', base]);
    let paged = false;
    const finished = new Promise<string>((resolve) => pager.proc.on('exit', () => { paged = true; resolve(pager.lines[1] ?? '{}'); }));
    const during = stats(await probe(base, gapMs, () => paged));
    const result = JSON.parse(await finished) as { count: number; ordered: boolean; pages: number; totalSec: number; page: ReturnType<typeof stats> };
    console.log(`  paging: ${result.count.toLocaleString('en')} records in ${result.pages} pages of 1,000, ${result.totalSec.toFixed(1)} s; every filled record once and in order: ${result.count === records && result.ordered}`);
    console.log(`  page time (client side): ${fmt(result.page).replace(/webhooks/, 'pages')}`);
    console.log(`  POST /voice without paging: ${fmt(baseline)}`);
    console.log(`  POST /voice during paging:  ${fmt(during)}`);
    console.log(`  ratio during / without: p50 ${(during.p50 / baseline.p50).toFixed(2)}x, p99 ${(during.p99 / baseline.p99).toFixed(2)}x, max ${(during.max / baseline.max).toFixed(2)}x`);
    if (result.count !== records || !result.ordered) process.exitCode = 1;
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv[2];
if (role === '--server') await serve(process.argv[3]!);
else if (role === '--pager') await page(process.argv[3]!);
else await main();
