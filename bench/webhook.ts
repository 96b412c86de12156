/**
 * Webhook throughput benchmark: requests/second of `POST /voice` against a bare
 * fastify POST route, measured in the same run on loopback (127.0.0.1 only).
 *
 * Configurations, each on a fresh server, a 2 s warm-up then a timed run:
 *   1. bare fastify + @fastify/formbody, `POST /bare` answering 'ok' (baseline)
 *   2. POST /voice, signature check ON, SQLite store (headline figure)
 *   3. POST /voice, signature check ON, memory store
 *   4. POST /voice, signature check OFF (insecureSkipSignature), SQLite store
 *   5-6. whole calls, signature ON, SQLite / memory store: each connection plays
 *      calls of the direct flow one after another, as Twilio would send them:
 *      POST /voice, /voice/gather (key 1: to the queue), /queue/wait twice,
 *      /voice/status (completed). So four in five webhooks restore a stored
 *      call, and the status callback closes it (session deleted, record final).
 *
 * Every request is a new call: a unique CallSid, a Twilio-style form body and an
 * `X-Twilio-Signature` built per request in autocannon's `setupRequest`, so each
 * /voice hit creates a session, runs the flow's first step and writes session and
 * call record to the store. The baseline gets the same kind of body and header,
 * built the same way, so the client-side cost is equal in every configuration.
 *
 * Each server runs in its own worker thread (bench/webhook-server.ts: own V8
 * isolate and event loop), built fresh per configuration, listening on an
 * ephemeral 127.0.0.1 port; autocannon and the per-request signing run in the
 * main thread. After its run the worker closes app and store and is terminated;
 * the SQLite temp directory (created and removed here) goes with it. Client and
 * server still share one machine (on 2 cores: roughly one core each), so the
 * figures are comparative, not the server's capacity on a dedicated machine;
 * the 'server busy' / 'client busy' columns (event-loop utilisation of each
 * thread) tell which side limits a row: a server near 100% is the bottleneck,
 * a client near 100% with an idle server means the client could not keep up.
 *
 * Run: `npm run bench:webhook` (= `node --import tsx bench/webhook.ts`).
 * Env: BENCH_DURATION_SEC (default 10), BENCH_CONNECTIONS (default 10), BENCH_ONLY (a
 * text: run only the configurations whose name contains it, and the baseline).
 * Each connection sends its next request as soon as it has an answer (a closed
 * loop), so with many connections the latencies are queueing at saturation,
 * not what a call waits at a given load: that needs an open-loop load.
 * Exits 1 if any configuration saw errors, timeouts or non-2xx responses.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import twilio from 'twilio';
import type { ControlMessage, ServerKind, ServerMessage, ServerSpec } from './webhook-server.js';
import { AUTH_TOKEN, PUBLIC_URL, positiveInt } from './bench-settings.js';

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
interface AcRequestSpec {
  method: string;
  path: string;
  setupRequest: (req: AcRequest, context: CallContext) => AcRequest;
  onResponse?: (status: number, body: string, context: CallContext) => void;
}
interface AcOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests: AcRequestSpec[];
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => Promise<AcResult>;

const HOST = '127.0.0.1';
const DURATION_SEC = positiveInt('BENCH_DURATION_SEC', 10);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 10);
const WARMUP_SEC = 2;
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

const runId = randomBytes(4).toString('hex');
let seq = 0;
/** A fresh Twilio-style inbound call: unique CallSid, urlencoded body and its signature over PUBLIC_URL + path. */
function newCall(urlPath: string): { body: string; signature: string } {
  const params: Record<string, string> = {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: `CA${runId}${(seq++).toString(16).padStart(24, '0')}`,
    CallStatus: 'ringing',
    Called: '+8612345',
    Caller: '+8613800138000',
    Direction: 'inbound',
    From: '+8613800138000',
    To: '+8612345',
  };
  return {
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + urlPath, params),
  };
}

function requestFor(urlPath: string): AcRequestSpec {
  return {
    method: 'POST',
    path: urlPath,
    setupRequest(req: AcRequest): AcRequest {
      const call = newCall(urlPath);
      req.headers = {
        ...req.headers,
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': call.signature,
      };
      req.body = call.body;
      return req;
    },
  };
}

/** Per-connection state of a whole-call run: the call in progress and the turn its last document carries. */
interface CallContext {
  callSid?: string;
  turn?: string;
}

/** A signed webhook of the connection's current call; `extra` adds form parameters. */
function callStep(
  urlPath: (ctx: CallContext) => string,
  extra: Record<string, string>,
  options: { newCall?: boolean } = {},
): AcRequestSpec {
  return {
    method: 'POST',
    path: '/',
    setupRequest(req: AcRequest, ctx: CallContext): AcRequest {
      if (options.newCall) ctx.callSid = `CA${runId}${(seq++).toString(16).padStart(24, '0')}`;
      const pathNow = urlPath(ctx);
      const params: Record<string, string> = {
        AccountSid: ACCOUNT_SID,
        ApiVersion: '2010-04-01',
        CallSid: ctx.callSid!,
        CallStatus: 'in-progress',
        Called: '+8612345',
        Caller: '+8613800138000',
        Direction: 'inbound',
        From: '+8613800138000',
        To: '+8612345',
        ...extra,
      };
      req.path = pathNow;
      req.headers = {
        ...req.headers,
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + pathNow, params),
      };
      req.body = new URLSearchParams(params).toString();
      return req;
    },
    onResponse(status: number, body: string, ctx: CallContext) {
      const turn = /turn=(\d+)/.exec(body)?.[1];
      if (status === 200 && turn !== undefined) ctx.turn = turn;
    },
  };
}

/** The webhooks of one call of the direct flow: answered, key 1 (to the queue), two wait rounds, hung up. */
const CALL_REQUESTS: AcRequestSpec[] = [
  callStep(() => '/voice', { CallStatus: 'ringing' }, { newCall: true }),
  callStep((ctx) => `/voice/gather?turn=${ctx.turn}`, { Digits: '1' }),
  callStep(() => '/queue/wait', { QueuePosition: '1', QueueTime: '10' }),
  callStep(() => '/queue/wait', { QueuePosition: '1', QueueTime: '40' }),
  callStep(() => '/voice/status', { CallStatus: 'completed', CallDuration: '60' }),
];

interface Config {
  readonly name: string;
  readonly path: string;
  /** What each connection sends, in a loop (default: new calls to `path`). */
  readonly requests?: AcRequestSpec[];
  /** What the server worker builds (host, URL and token are added by `measure`). */
  readonly server: { kind: ServerKind; store?: 'sqlite' | 'memory'; signature?: boolean };
  /** Checks one response before the run. */
  readonly expect: (status: number, contentType: string, body: string) => boolean;
}

const twimlGather = (status: number, type: string, body: string) =>
  status === 200 && type.startsWith('text/xml') && body.includes('<Gather');
const CONFIGS: Config[] = [
  {
    name: 'bare fastify POST (baseline)',
    path: '/bare',
    server: { kind: 'bare' },
    expect: (s, _t, b) => s === 200 && b === 'ok',
  },
  {
    name: 'POST /voice, signature + SQLite',
    path: '/voice',
    server: { kind: 'voice', store: 'sqlite', signature: true },
    expect: twimlGather,
  },
  {
    name: 'POST /voice, signature + memory',
    path: '/voice',
    server: { kind: 'voice', store: 'memory', signature: true },
    expect: twimlGather,
  },
  {
    name: 'POST /voice, no signature + SQLite',
    path: '/voice',
    server: { kind: 'voice', store: 'sqlite', signature: false },
    expect: twimlGather,
  },
  {
    name: 'whole calls (5 webhooks), signature + SQLite',
    path: '/voice',
    requests: CALL_REQUESTS,
    server: { kind: 'voice', store: 'sqlite', signature: true },
    expect: twimlGather,
  },
  {
    name: 'whole calls (5 webhooks), signature + memory',
    path: '/voice',
    requests: CALL_REQUESTS,
    server: { kind: 'voice', store: 'memory', signature: true },
    expect: twimlGather,
  },
];

/** CPU time the server worker's thread has used so far, ns (null where /proc is missing). */
function serverCpuNs(worker: Worker): Promise<number | null> {
  return new Promise((resolve) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== 'cpu') return;
      worker.off('message', onMessage);
      resolve(message.ns);
    };
    worker.on('message', onMessage);
    worker.postMessage({ type: 'cpu' } satisfies ControlMessage);
  });
}

/** A server worker that listens: its URL, and `stop` (close app and store inside, then terminate). */
interface ServerWorker {
  readonly worker: Worker;
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/**
 * Starts bench/webhook-server.ts in a worker thread and resolves once it listens.
 * The worker registers tsx itself: on Node 20 an inherited `--import tsx` does not
 * apply to a worker's `.ts` entry module.
 */
function startServerWorker(spec: ServerSpec, timeoutMs = 30_000): Promise<ServerWorker> {
  const entry = new URL('./webhook-server.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: { benchWebhookServer: spec } });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.terminate().then(
          () => resolve(),
          () => resolve(),
        );
      };
      const onMessage = (message: ServerMessage) => {
        if (message.type === 'failed') process.stderr.write(`server worker: closing failed: ${message.message}\n`);
        if (message.type === 'closed' || message.type === 'failed') done();
      };
      timer = setTimeout(done, 10_000);
      worker.on('message', onMessage);
      worker.once('exit', done);
      worker.postMessage({ type: 'close' } satisfies ControlMessage);
    }));
  return new Promise<ServerWorker>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      worker.terminate().catch(() => {});
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`server worker ${JSON.stringify(spec)} did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onError = (error: Error) => fail(error);
    const onExit = (code: number) => fail(new Error(`server worker exited with code ${code} before listening`));
    const onMessage = (message: ServerMessage) => {
      if (message.type === 'failed') fail(new Error(`server worker failed: ${message.message}`));
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      worker.on('error', (error) => process.stderr.write(`server worker error: ${error.stack ?? String(error)}\n`));
      resolve({ worker, url: `http://${HOST}:${message.port}`, stop });
    };
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
  });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  bad: number;
  detail: string;
  /** Event-loop utilisation (0..1) of the server worker and of the client (main) thread over the timed run. */
  serverElu: number;
  clientElu: number;
  /** Server event-loop busy time per completed request, µs. */
  serverUsPerReq: number;
  /** CPU time of the server thread per completed request, µs (NaN where not measurable). */
  serverCpuUsPerReq: number;
}

async function measure(config: Config): Promise<Row> {
  const dir = config.server.store === 'sqlite' ? mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-')) : undefined;
  let server: ServerWorker | undefined;
  try {
    server = await startServerWorker({
      ...config.server,
      ...(dir ? { dir } : {}),
      host: HOST,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
    });
    const { url, worker } = server;
    const probe = newCall(config.path);
    const res = await fetch(url + config.path, {
      method: 'POST',
      body: probe.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': probe.signature },
    });
    const text = await res.text();
    if (!config.expect(res.status, res.headers.get('content-type') ?? '', text)) {
      throw new Error(
        `${config.name}: unexpected first response ${res.status} ${res.headers.get('content-type')}: ${text.slice(0, 300)}`,
      );
    }
    const run = (duration: number) =>
      autocannon({
        url,
        connections: CONNECTIONS,
        duration,
        pipelining: 1,
        requests: config.requests ?? [requestFor(config.path)],
      });
    await run(WARMUP_SEC);
    const cpuBefore = await serverCpuNs(worker);
    const serverBefore = worker.performance.eventLoopUtilization();
    const clientBefore = performance.eventLoopUtilization();
    const r = await run(DURATION_SEC);
    const serverElu = worker.performance.eventLoopUtilization(serverBefore);
    const clientElu = performance.eventLoopUtilization(clientBefore);
    const cpuAfter = await serverCpuNs(worker);
    const cpuUs = cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) / 1000;
    return {
      name: config.name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      bad: r.errors + r.timeouts + r.non2xx,
      detail: `${r.errors}/${r.timeouts}/${r.non2xx}`,
      serverElu: serverElu.utilization,
      clientElu: clientElu.utilization,
      serverUsPerReq: r.requests.total > 0 ? (serverElu.active * 1000) / r.requests.total : NaN,
      serverCpuUsPerReq: r.requests.total > 0 ? cpuUs / r.requests.total : NaN,
    };
  } finally {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const cpus = os.cpus();
  console.log(
    `node ${process.version}, ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}`,
  );
  console.log(
    `duration ${DURATION_SEC} s per configuration (+${WARMUP_SEC} s warm-up), ${CONNECTIONS} connections, pipelining 1, host ${HOST}\n`,
  );
  const rows: Row[] = [];
  const only = process.env.BENCH_ONLY;
  for (const config of CONFIGS.filter((c, i) => i === 0 || !only || c.name.includes(only))) {
    process.stderr.write(`running: ${config.name} ...\n`);
    rows.push(await measure(config));
  }
  const base = rows[0]!;
  const ratio = (row: Row) => `${(row.rps / base.rps).toFixed(2)}x`;
  const header = [
    'configuration',
    'req/s (avg)',
    'p50 ms',
    'p99 ms',
    'requests',
    'err/timeout/non2xx',
    'vs bare',
    'server busy',
    'client busy',
    'server µs/req',
    'server CPU µs/req',
  ];
  const ms = (value: number) => (value < 1 ? '<1' : value.toFixed(0)); // autocannon records whole milliseconds
  const pct = (value: number) => `${(value * 100).toFixed(0)}%`;
  const table = rows.map((row) => [
    row.name,
    row.rps.toFixed(0),
    ms(row.p50),
    ms(row.p99),
    String(row.total),
    row.detail,
    ratio(row),
    pct(row.serverElu),
    pct(row.clientElu),
    row.serverUsPerReq.toFixed(0),
    Number.isNaN(row.serverCpuUsPerReq) ? '-' : row.serverCpuUsPerReq.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of table) console.log(line(cells));
  console.log(
    "(latencies: 2xx responses only, at autocannon's 1 ms resolution; busy = event-loop utilisation of the server",
  );
  console.log(
    ' worker / the autocannon thread over the timed run; server µs/req = server event-loop busy time per request;',
  );
  console.log(
    ' server CPU µs/req = CPU time of the server thread per request, which leaves out time other processes had the CPU)',
  );
  console.log('');
  const cpu = (row: Row) =>
    Number.isNaN(row.serverCpuUsPerReq)
      ? `${row.serverUsPerReq.toFixed(0)} µs server busy`
      : `${row.serverCpuUsPerReq.toFixed(0)} µs server CPU`;
  for (const row of rows.slice(1))
    console.log(
      `${row.name}: ${row.rps.toFixed(0)} req/s = ${ratio(row)} bare fastify POST (${base.rps.toFixed(0)} req/s); ${cpu(row)} per request (bare: ${cpu(base)})`,
    );
  const failed = rows.filter((row) => row.bad > 0);
  for (const row of failed) console.error(`FAILED: ${row.name}: errors/timeouts/non-2xx = ${row.detail}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
