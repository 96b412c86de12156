/**
 * Webhook throughput benchmark: requests/second of `POST /voice` against a bare
 * fastify POST route, measured in the same run on loopback (127.0.0.1 only).
 *
 * Configurations, each on a fresh server, a 2 s warm-up then a timed run:
 *   1. bare fastify + @fastify/formbody, `POST /bare` answering 'ok' (baseline)
 *   2. POST /voice, signature check ON, SQLite store (headline figure)
 *   3. POST /voice, signature check ON, memory store
 *   4. POST /voice, signature check OFF (insecureSkipSignature), SQLite store
 *
 * Every request is a new call: a unique CallSid, a Twilio-style form body and an
 * `X-Twilio-Signature` built per request in autocannon's `setupRequest`, so each
 * /voice hit creates a session, runs the flow's first step and writes session and
 * call record to the store. The baseline gets the same kind of body and header,
 * built the same way, so the client-side cost is equal in every configuration.
 * Client (autocannon) and server share this process and its event loop: figures
 * are comparative, not the server's capacity on a dedicated machine.
 *
 * Run: `npm run bench:webhook` (= `node --import tsx bench/webhook.ts`).
 * Env: BENCH_DURATION_SEC (default 10), BENCH_CONNECTIONS (default 10).
 * Exits 1 if any configuration saw errors, timeouts or non-2xx responses.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import direct from '../flows/hotline-12345-direct.js';
import { buildApp } from '../src/server/app.js';
import type { CallStore } from '../src/store/call-store.js';
import { MemoryCallStore } from '../src/store/memory-call-store.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AcRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }
interface AcOptions {
  url: string; connections: number; duration: number; pipelining?: number;
  requests: Array<{ method: string; path: string; setupRequest: (req: AcRequest) => AcRequest }>;
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number; timeouts: number; non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => Promise<AcResult>;

const HOST = '127.0.0.1';
const DURATION_SEC = positiveInt('BENCH_DURATION_SEC', 10);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 10);
const WARMUP_SEC = 2;
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const PUBLIC_URL = 'https://hotline.bench.invalid'; // only signed over, never contacted
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const runId = randomBytes(4).toString('hex');
let seq = 0;
/** A fresh Twilio-style inbound call: unique CallSid, urlencoded body and its signature over PUBLIC_URL + path. */
function newCall(urlPath: string): { body: string; signature: string } {
  const params: Record<string, string> = {
    AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01',
    CallSid: `CA${runId}${(seq++).toString(16).padStart(24, '0')}`, CallStatus: 'ringing',
    Called: '+8612345', Caller: '+8613800138000', Direction: 'inbound', From: '+8613800138000', To: '+8612345',
  };
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + urlPath, params) };
}

function requestFor(urlPath: string) {
  return {
    method: 'POST', path: urlPath,
    setupRequest(req: AcRequest): AcRequest {
      const call = newCall(urlPath);
      req.headers = { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': call.signature };
      req.body = call.body;
      return req;
    },
  };
}

interface Config {
  readonly name: string;
  readonly path: string;
  /** Builds the app (not listening) and returns it with its cleanup. */
  readonly start: () => Promise<{ app: FastifyInstance; cleanup: () => Promise<void> }>;
  /** Checks one response before the run. */
  readonly expect: (status: number, contentType: string, body: string) => boolean;
}

async function bareApp() {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.post('/bare', async () => 'ok');
  return { app, cleanup: async () => {} };
}

async function voiceApp(storeKind: 'sqlite' | 'memory', signature: boolean) {
  let store: CallStore;
  let dir: string | undefined;
  if (storeKind === 'sqlite') {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
    store = new SqliteCallStore(path.join(dir, 'calls.sqlite'));
  } else store = new MemoryCallStore();
  const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, insecureSkipSignature: !signature, logger: false });
  return { app, cleanup: async () => { await store.close(); if (dir) rmSync(dir, { recursive: true, force: true }); } };
}

const twimlGather = (status: number, type: string, body: string) => status === 200 && type.startsWith('text/xml') && body.includes('<Gather');
const CONFIGS: Config[] = [
  { name: 'bare fastify POST (baseline)', path: '/bare', start: bareApp, expect: (s, _t, b) => s === 200 && b === 'ok' },
  { name: 'POST /voice, signature + SQLite', path: '/voice', start: () => voiceApp('sqlite', true), expect: twimlGather },
  { name: 'POST /voice, signature + memory', path: '/voice', start: () => voiceApp('memory', true), expect: twimlGather },
  { name: 'POST /voice, no signature + SQLite', path: '/voice', start: () => voiceApp('sqlite', false), expect: twimlGather },
];

interface Row { name: string; rps: number; p50: number; p99: number; total: number; bad: number; detail: string }

async function measure(config: Config): Promise<Row> {
  const { app, cleanup } = await config.start();
  try {
    await app.listen({ host: HOST, port: 0 });
    const url = `http://${HOST}:${(app.server.address() as AddressInfo).port}`;
    const probe = newCall(config.path);
    const res = await fetch(url + config.path, {
      method: 'POST', body: probe.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': probe.signature },
    });
    const text = await res.text();
    if (!config.expect(res.status, res.headers.get('content-type') ?? '', text)) {
      throw new Error(`${config.name}: unexpected first response ${res.status} ${res.headers.get('content-type')}: ${text.slice(0, 300)}`);
    }
    const run = (duration: number) => autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1, requests: [requestFor(config.path)] });
    await run(WARMUP_SEC);
    const r = await run(DURATION_SEC);
    return {
      name: config.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total,
      bad: r.errors + r.timeouts + r.non2xx, detail: `${r.errors}/${r.timeouts}/${r.non2xx}`,
    };
  } finally {
    await app.close();
    await cleanup();
  }
}

async function main(): Promise<number> {
  const cpus = os.cpus();
  console.log(`node ${process.version}, ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}`);
  console.log(`duration ${DURATION_SEC} s per configuration (+${WARMUP_SEC} s warm-up), ${CONNECTIONS} connections, pipelining 1, host ${HOST}\n`);
  const rows: Row[] = [];
  for (const config of CONFIGS) {
    process.stderr.write(`running: ${config.name} ...\n`);
    rows.push(await measure(config));
  }
  const base = rows[0]!;
  const ratio = (row: Row) => `${(row.rps / base.rps).toFixed(2)}x`;
  const header = ['configuration', 'req/s (avg)', 'p50 ms', 'p99 ms', 'requests', 'err/timeout/non2xx', 'vs bare'];
  const ms = (value: number) => (value < 1 ? '<1' : value.toFixed(0)); // autocannon records whole milliseconds
  const table = rows.map((row) => [row.name, row.rps.toFixed(0), ms(row.p50), ms(row.p99), String(row.total), row.detail, ratio(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of table) console.log(line(cells));
  console.log('(latencies: 2xx responses only, at autocannon\'s 1 ms resolution)');
  const head = rows[1]!;
  console.log(`\nPOST /voice (signature + SQLite): ${head.rps.toFixed(0)} req/s = ${ratio(head)} bare fastify POST (${base.rps.toFixed(0)} req/s)`);
  const failed = rows.filter((row) => row.bad > 0);
  for (const row of failed) console.error(`FAILED: ${row.name}: errors/timeouts/non-2xx = ${row.detail}`);
  return failed.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => { console.error(error); process.exitCode = 1; });
