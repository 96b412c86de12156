/**
 * CPU profile of `POST /voice`: where the server's time per new call goes.
 *
 * The app (hotline-12345-direct flow, memory store, signature check ON) runs in
 * this process's main thread and listens on 127.0.0.1; a client worker thread
 * (plain JS, no tsx) sends signed first-webhook requests for new calls over
 * keep-alive HTTP, with a few requests in flight. After a warm-up, the V8
 * profiler of the main thread only (node:inspector) records PROFILE_REQUESTS
 * requests, so start-up, compilation and the client are not in the profile.
 *
 * PROFILE_TRANSPORT=inject instead drives the app with `app.inject()` in this
 * thread (no sockets, so no kernel or scheduling time in the profile), with
 * bodies and signatures made before the profiler starts; light-my-request's own
 * cost is then in the profile (its frames are in node_modules/light-my-request).
 *
 * Run: `node --import tsx bench/profile-voice.ts [out.cpuprofile]`
 * (default output: a file in the OS temp dir; the path is printed). Then
 * `node --import tsx bench/analyze-cpuprofile.ts FILE --requests N` summarises it.
 * Env: PROFILE_REQUESTS (default 20000), PROFILE_WARMUP (default 3000),
 * PROFILE_CONCURRENCY (default 4), PROFILE_INTERVAL_US (sampling, default 100),
 * PROFILE_STORE (memory | sqlite, default memory), PROFILE_SIGNATURE (1 | 0, default 1),
 * PROFILE_TRANSPORT (http | inject, default http), PROFILE_CPU (0: measure only, no profiler).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import direct from '../flows/hotline-12345-direct.js';
import { buildApp } from '../src/server/app.js';
import type { CallStore } from '../src/store/call-store.js';
import { MemoryCallStore } from '../src/store/memory-call-store.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL, positiveInt } from './bench-settings.js';

const REQUESTS = positiveInt('PROFILE_REQUESTS', 20_000);
const WARMUP = positiveInt('PROFILE_WARMUP', 3_000);
const CONCURRENCY = positiveInt('PROFILE_CONCURRENCY', 4);
const INTERVAL_US = positiveInt('PROFILE_INTERVAL_US', 100);
const STORE = process.env.PROFILE_STORE === 'sqlite' ? 'sqlite' : 'memory';
const SIGNATURE = process.env.PROFILE_SIGNATURE !== '0';
/** PROFILE_CPU=0: measure only (no profiler), for figures without sampling overhead. */
const PROFILE = process.env.PROFILE_CPU !== '0';
const TRANSPORT = process.env.PROFILE_TRANSPORT === 'inject' ? 'inject' : 'http';

/**
 * CPU time of this process's main thread (the server), user and system, in µs,
 * from /proc (Linux; clock-tick resolution, fine over seconds). Undefined elsewhere.
 * Unlike event-loop utilisation, this excludes time the thread was runnable but not running.
 */
function mainThreadCpuUs(): { user: number; system: number; runqueue: number } | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1e6 / 100; // USER_HZ is 100 on Linux
    // schedstat: ns on CPU, ns waiting on a run queue (runnable, not running), timeslices.
    const sched = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { user: Number(fields[11]) * tick, system: Number(fields[12]) * tick, runqueue: Number(sched[1]) / 1000 };
  } catch {
    return undefined;
  }
}

/**
 * The client, as plain JS run in a worker: sends `count` signed new-call webhooks
 * to `url` with `concurrency` in flight, then posts { done, ms, bad }.
 * Signs like twilio.getExpectedTwilioSignature: HMAC-SHA1(token, url + sorted key+value pairs), base64.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const { url, publicUrl, token, concurrency, runId } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
let seq = 0;
function one() {
  const params = {
    AccountSid: 'AC' + '0'.repeat(32), ApiVersion: '2010-04-01',
    CallSid: 'CA' + runId + (seq++).toString(16).padStart(24, '0'), CallStatus: 'ringing',
    Called: '+8612345', Caller: '+8613800138000', Direction: 'inbound', From: '+8613800138000', To: '+8612345',
  };
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], publicUrl + '/voice');
  const signature = crypto.createHmac('sha1', token).update(Buffer.from(data, 'utf-8')).digest('base64');
  const body = new URLSearchParams(params).toString();
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path: '/voice', method: 'POST', headers: {
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature,
    } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve(res.statusCode === 200 && text.includes('<Gather') ? 0 : (first = first || res.statusCode + ' ' + text.slice(0, 200), 1)));
    });
    req.on('error', reject);
    req.end(body);
  });
}
let first = '';
async function run(count) {
  let next = 0, bad = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < count) { next += 1; bad += await one(); } }));
  return { ms: performance.now() - t0, bad, first };
}
parentPort.on('message', (m) => { run(m.count).then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e) })); });
`;

interface ClientResult {
  ms: number;
  bad: number;
  first: string;
  error?: string;
}

/** The inject client: requests made up front (so signing is not profiled), then `concurrency` in flight. */
function injectClient(app: FastifyInstance, total: number) {
  const runId = Math.random().toString(16).slice(2, 10);
  const made = Array.from({ length: total }, (_, i) => {
    const params: Record<string, string> = {
      AccountSid: `AC${'0'.repeat(32)}`,
      ApiVersion: '2010-04-01',
      CallSid: `CA${runId}${i.toString(16).padStart(24, '0')}`,
      CallStatus: 'ringing',
      Called: '+8612345',
      Caller: '+8613800138000',
      Direction: 'inbound',
      From: '+8613800138000',
      To: '+8612345',
    };
    return {
      body: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/voice`, params),
    };
  });
  let next = 0;
  return async (count: number): Promise<ClientResult> => {
    const end = next + count;
    let bad = 0;
    let first = '';
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < end) {
          const { body, signature } = made[next++]!;
          const res = await app.inject({
            method: 'POST',
            url: '/voice',
            payload: body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          });
          if (res.statusCode !== 200 || !res.body.includes('<Gather')) {
            bad += 1;
            first ||= `${res.statusCode} ${res.body.slice(0, 200)}`;
          }
        }
      }),
    );
    return { ms: performance.now() - t0, bad, first };
  };
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(os.tmpdir(), `hotline-voice-${Date.now()}.cpuprofile`);
  let store: CallStore;
  let dir: string | undefined;
  if (STORE === 'sqlite') {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-profile-'));
    store = new SqliteCallStore(path.join(dir, 'calls.sqlite'));
  } else store = new MemoryCallStore();
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    insecureSkipSignature: !SIGNATURE,
    logger: false,
  });
  let client: Worker | undefined;
  let send: (count: number) => Promise<ClientResult>;
  if (TRANSPORT === 'inject') {
    send = injectClient(app, WARMUP + REQUESTS);
  } else {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const worker = new Worker(CLIENT, {
      eval: true,
      execArgv: [],
      workerData: {
        url,
        publicUrl: PUBLIC_URL,
        token: AUTH_TOKEN,
        concurrency: CONCURRENCY,
        runId: Math.random().toString(16).slice(2, 10),
      },
    });
    client = worker;
    send = (count: number) =>
      new Promise<ClientResult>((resolve, reject) => {
        worker.once('message', (r: ClientResult) => (r.error ? reject(new Error(r.error)) : resolve(r)));
        worker.once('error', reject);
        worker.postMessage({ count });
      });
  }
  const session = new Session();
  try {
    const warm = await send(WARMUP);
    if (warm.bad > 0) throw new Error(`warm-up: ${warm.bad} bad responses, first: ${warm.first}`);
    if (PROFILE) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    }
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const thread0 = mainThreadCpuUs();
    if (PROFILE) await session.post('Profiler.start');
    const r = await send(REQUESTS);
    const profile = PROFILE ? (await session.post('Profiler.stop')).profile : undefined;
    const thread1 = mainThreadCpuUs();
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    if (r.bad > 0) throw new Error(`${r.bad} bad responses, first: ${r.first}`);
    const per = (us: number) => `${(us / REQUESTS).toFixed(1)} µs/request`;
    console.log(
      `POST /voice over ${TRANSPORT}, ${STORE} store, signature ${SIGNATURE ? 'ON' : 'OFF'}: ${REQUESTS} requests (after ${WARMUP} warm-up), ${CONCURRENCY} in flight`,
    );
    console.log(
      `  ${(REQUESTS / (r.ms / 1000)).toFixed(0)} req/s${PROFILE ? ` while profiled (sampling every ${INTERVAL_US} µs adds overhead)` : ' (not profiled)'}`,
    );
    console.log(
      `  server main thread: event loop busy ${(elu.utilization * 100).toFixed(0)}% = ${per(elu.active * 1000)} (wall time, incl. time descheduled)`,
    );
    if (thread0 && thread1) {
      const user = thread1.user - thread0.user;
      const system = thread1.system - thread0.system;
      console.log(
        `  server main thread CPU: ${per(user + system)} (user ${per(user)}, kernel ${per(system)}); waited for a CPU (runnable, not running): ${per(thread1.runqueue - thread0.runqueue)}`,
      );
    }
    console.log(
      `  whole process CPU (server + ${TRANSPORT === 'http' ? 'client worker + ' : ''}GC/profiler threads): ${per(cpu.user + cpu.system)}`,
    );
    if (profile) {
      writeFileSync(out, JSON.stringify(profile));
      console.log(`profile: ${out}`);
    }
  } finally {
    session.disconnect();
    await client?.terminate();
    await app.close();
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
