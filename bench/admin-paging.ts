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
 * ratio, and the server's event-loop delay (monitorEventLoopDelay) in both
 * phases: how long a webhook arriving at the worst moment waits behind a page,
 * apart from the CPU the pager process takes on a shared machine. Separate
 * processes keep the pager's JSON parsing off the prober's event loop. Each
 * page is streamed in slices of 100 records (src/server/record-page-stream.ts),
 * so the event-loop delay during paging should stay near the baseline's.
 * BENCH_PAGE sets the page size (default 1000, the maximum). Run:
 * `npm run bench:admin` (= `node --import tsx bench/admin-paging.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { CALL_RECORD_FIELDS } from '../src/record/call-record.js';
import { PAGE_SLICE_RECORDS } from '../src/server/routes/record-page-stream.js';
import type { RecordCursor, RecordPageQuery } from '../src/store/call-store.js';
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
  const insert = db.prepare(
    `INSERT INTO call_records (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const outcomes = [
    'answered',
    'answered',
    'answered',
    'abandoned',
    'self-service',
    'ivr-hangup',
    'callback',
    'transferred',
  ];
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const arrival = START_SEC + i * 3.1; // about a year of a city's calls at a million
      const outcome = outcomes[i % outcomes.length]!;
      const answered = outcome === 'answered';
      insert.run(
        `CA${i.toString(16).padStart(32, '0')}`,
        'hotline-12345-direct',
        'inbound',
        randomBytes(16).toString('hex'),
        arrival,
        arrival + 40,
        answered ? arrival + 40 : null,
        answered ? arrival + 75 : null,
        outcome === 'abandoned' ? arrival + 90 : null,
        arrival + 300,
        answered ? 225 : null,
        null,
        1,
        'general',
        i % 3 === 0 ? 'outsourced' : 'in-house',
        answered ? '8013' : null,
        outcome,
        answered ? 1 + (i % 5) : null,
        'cmn-CN',
        0,
        null,
        'end',
      );
    }
  })();
  const sec = (performance.now() - t0) / 1000;
  db.close();
  return sec;
}

/** A child process running this file in a role, and its stdout lines as they come. */
interface Child {
  readonly proc: ChildProcess;
  /** The next stdout line not yet taken. */
  next(): Promise<string>;
  send(command: string): void;
}

/** Starts this file in a role (`--server FILE`, `--pager URL`) as a child process. */
function child(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return {
    proc,
    next: () =>
      new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(line);
        waiting.push(resolve);
        proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code} before answering`)));
      }),
    send: (command) => proc.stdin!.write(`${command}\n`),
  };
}

/** The server role: the hotline app on the SQLite file, 127.0.0.1, an ephemeral port. */
async function serve(file: string): Promise<void> {
  const { buildApp } = await import('../src/server/app.js');
  const direct = (await import('../flows/hotline-12345-direct.js')).default;
  const store = new SqliteCallStore(file);
  const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // How long the event loop was blocked: what a webhook arriving at the worst moment waits, whatever else runs on the machine.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
  createInterface({ input: process.stdin }).on('line', (command) => {
    if (command === 'reset') loop.reset();
    if (command === 'stats')
      process.stdout.write(
        `${JSON.stringify({ p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, n: loop.count })}\n`,
      );
  });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

/** The pager role: every record through GET /admin/calls; prints one JSON line of results. */
async function page(base: string, limit: number): Promise<void> {
  const times: number[] = [];
  let cursor: string | null = null;
  let count = 0;
  let previous = '';
  let ordered = true;
  const t0 = performance.now();
  do {
    const t = performance.now();
    const res = await fetch(`${base}/admin/calls?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
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
  process.stdout.write(
    `${JSON.stringify({ count, ordered, pages: times.length, totalSec: (performance.now() - t0) / 1000, page: stats(times) })}\n`,
  );
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
    const params = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: '+8613800138000',
      To: '+8653112345',
      CallStatus: 'ringing',
      Direction: 'inbound',
    };
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/voice`, params),
    };
    const t = performance.now();
    const res = await fetch(`${base}/voice`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    await res.text();
    latencies.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`POST /voice answered ${res.status}`);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return latencies;
}

/** Wall and CPU time (ms) of `fn`; CPU time (this process, user + system) is what the event loop spends, whatever else the machine runs. */
async function timed(fn: () => Promise<void>): Promise<[number, number]> {
  const t = performance.now();
  const c = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(c);
  return [performance.now() - t, (used.user + used.system) / 1000];
}

/**
 * How long one run of the event loop is held by the admin API: a streamed
 * slice (read PAGE_SLICE_RECORDS records, serialise them) against a whole
 * 1,000-record page read and serialised at once (the route before streaming).
 * `pages` pages from the start of the file, in this process, on its own
 * connection: the same statements the server runs.
 */
async function blockCosts(
  file: string,
  pages: number,
): Promise<Record<string, { wall: ReturnType<typeof stats>; cpu: ReturnType<typeof stats> }>> {
  const store = new SqliteCallStore(file);
  const out: Record<string, { wall: ReturnType<typeof stats>; cpu: ReturnType<typeof stats> }> = {};
  const kinds: [string, Omit<RecordPageQuery, 'after' | 'limit'>][] = [
    ['slice', {}],
    ['slice, outcome=abandoned', { outcome: 'abandoned' }],
    ['slice, outcome=voicemail (none match)', { outcome: 'voicemail' }],
  ];
  try {
    for (const [label, filter] of kinds) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let after: RecordCursor | null = null;
      for (let p = 0; p < pages; p += 1) {
        const reader = await store.openRecordPage({ after, limit: 1000, ...filter });
        while (!reader.done) {
          const [w, c] = await timed(async () => {
            for (const r of await reader.read(PAGE_SLICE_RECORDS)) JSON.stringify(r);
          });
          wall.push(w);
          cpu.push(c);
        }
        after = reader.next;
      }
      out[label] = { wall: stats(wall), cpu: stats(cpu) };
    }
    const wall: number[] = [];
    const cpu: number[] = [];
    let after: RecordCursor | null = null;
    for (let p = 0; p < pages; p += 1) {
      const [w, c] = await timed(async () => {
        const page = await store.listRecordsPage({ after, limit: 1000 });
        JSON.stringify({ calls: page.records, nextCursor: page.next });
        after = page.next;
      });
      wall.push(w);
      cpu.push(c);
    }
    out['whole 1,000-record page (before streaming)'] = { wall: stats(wall), cpu: stats(cpu) };
  } finally {
    await store.close();
  }
  return out;
}

const fmt = (s: { p50: number; p99: number; max: number; n: number }) =>
  `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (${s.n} webhooks)`;

async function main(): Promise<void> {
  const records = positiveInt('BENCH_RECORDS', 1_000_000);
  const gapMs = positiveInt('BENCH_GAP_MS', 5);
  const baselineSec = positiveInt('BENCH_BASELINE_SEC', 10);
  const pageSize = positiveInt('BENCH_PAGE', 1000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-admin-'));
  const file = path.join(dir, 'calls.db');
  let server: ChildProcess | undefined;
  try {
    console.log(
      `admin paging bench: ${records.toLocaleString('en')} records, ${os.cpus().length} cores, Node ${process.version}`,
    );
    console.log(`  filled in ${(await fill(file, records)).toFixed(1)} s (one transaction)`);
    const started = child(['--server', file]);
    server = started.proc;
    const base = `http://127.0.0.1:${await started.next()}`;
    const loopStats = async () => {
      started.send('stats');
      const line = JSON.parse(await started.next()) as ReturnType<typeof stats>;
      started.send('reset');
      return line;
    };
    await probe(
      base,
      gapMs,
      (() => {
        let n = 0;
        return () => (n += 1) > 200;
      })(),
    ); // warm-up
    await loopStats();
    const t0 = performance.now();
    const baseline = stats(await probe(base, gapMs, () => performance.now() - t0 > baselineSec * 1000));
    const baselineLoop = await loopStats();
    const pager = child(['--pager', base, String(pageSize)]);
    let paged = false;
    const finished = pager.next().then((line) => {
      paged = true;
      return line;
    });
    const during = stats(await probe(base, gapMs, () => paged));
    const duringLoop = await loopStats();
    const result = JSON.parse(await finished) as {
      count: number;
      ordered: boolean;
      pages: number;
      totalSec: number;
      page: ReturnType<typeof stats>;
    };
    console.log(
      `  paging: ${result.count.toLocaleString('en')} records in ${result.pages} pages of ${pageSize.toLocaleString('en')}, ${result.totalSec.toFixed(1)} s; every filled record once and in order: ${result.count === records && result.ordered}`,
    );
    console.log(`  page time (client side): ${fmt(result.page).replace(/webhooks/, 'pages')}`);
    console.log(`  POST /voice without paging: ${fmt(baseline)}`);
    console.log(`  POST /voice during paging:  ${fmt(during)}`);
    console.log(
      `  ratio during / without: p50 ${(during.p50 / baseline.p50).toFixed(2)}x, p99 ${(during.p99 / baseline.p99).toFixed(2)}x, max ${(during.max / baseline.max).toFixed(2)}x`,
    );
    const loopLine = (s: ReturnType<typeof stats>) =>
      `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
    console.log(`  server event-loop delay without paging: ${loopLine(baselineLoop)}`);
    console.log(`  server event-loop delay during paging:  ${loopLine(duringLoop)}`);
    console.log(
      `  event-loop delay ratio during / without: p99 ${(duringLoop.p99 / baselineLoop.p99).toFixed(2)}x, max ${(duringLoop.max / baselineLoop.max).toFixed(2)}x`,
    );
    console.log(
      `  machine load average (1, 5, 15 min) at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    const blocks = await blockCosts(file, 100);
    console.log('  event-loop block per step, 100 pages of 1,000 from the start (wall | CPU time of this process):');
    for (const [label, b] of Object.entries(blocks)) {
      console.log(
        `    ${label}: p50 ${b.wall.p50.toFixed(2)} | ${b.cpu.p50.toFixed(2)} ms, p99 ${b.wall.p99.toFixed(2)} | ${b.cpu.p99.toFixed(2)} ms, max ${b.wall.max.toFixed(2)} | ${b.cpu.max.toFixed(2)} ms (${b.wall.n})`,
      );
    }
    if (result.count !== records || !result.ordered) process.exitCode = 1;
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv[2];
if (role === '--server') await serve(process.argv[3]!);
else if (role === '--pager') await page(process.argv[3]!, Number(process.argv[4]));
else await main();
