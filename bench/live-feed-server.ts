/**
 * Server side of bench/live-feed.ts: `hotline serve` as the bench needs it (the scenario's flow, a SQLite file,
 * its clock following the emulator's), in its own worker thread, listening on an ephemeral loopback port. It notes,
 * for each `kpis` change (a call's final record counted in today's figures), when the webhook that wrote the record
 * reached the server (a `line` change follows reads that many webhooks may have triggered, so it has no single
 * webhook to time from; the bench counts them). Times are wall-clock milliseconds
 * (performance.timeOrigin + performance.now()), comparable across the bench's threads.
 *
 * Not run on its own: started by bench/live-feed.ts.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { SAMPLE_CASES } from '../src/cli/server-config.js';
import { consolePlugin } from '../src/console/console-plugin.js';
import { buildApp } from '../src/server/app.js';
import { loadCaseDirectory } from '../src/server/case-directory.js';
import { EmulatorTime } from '../src/server/emulator-time.js';
import { loadFlow } from '../src/scenario/load-flow.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';

/** What the main thread asks for. */
export interface LiveServerSpec {
  readonly flow: string;
  readonly root: string;
  readonly dir: string;
  readonly authToken: string;
  readonly liveClients: number;
  /** Registers the web console too (bench/console-wallboard.ts), with this admin token and the wallboard's options. */
  readonly console?: {
    readonly adminToken: string;
    readonly contracts: string[];
    readonly expectScenario: string | null;
  };
}

/** Worker → main messages. */
export type LiveServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'stamps'; kpis: [number, number][] }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

const wallMs = (): number => performance.timeOrigin + performance.now();

async function serve(spec: LiveServerSpec): Promise<void> {
  const parent = parentPort!;
  const store = new SqliteCallStore(path.join(spec.dir, 'calls.db'));
  const time = new EmulatorTime(Date.now);
  const flow = await loadFlow(spec.flow, spec.root);
  const app = await buildApp({
    flow,
    ...(spec.console ? { adminToken: spec.console.adminToken } : {}),
    store,
    publicUrl: null,
    authToken: spec.authToken,
    clock: time.now,
    liveClients: spec.liveClients,
    lookups: { caseStatus: loadCaseDirectory(SAMPLE_CASES) },
  });
  time.install(app);
  const feed = app.hotline.feed;
  const arrivalByCall = new Map<string, number>();
  const kpis: [number, number][] = [];
  app.addHook('preHandler', async (request) => {
    const sid = (request.body as { CallSid?: string } | undefined)?.CallSid;
    if (sid) arrivalByCall.set(sid, (request as unknown as { arrivedMs: number }).arrivedMs);
  });
  app.addHook('onRequest', async (request) => {
    (request as unknown as { arrivedMs: number }).arrivedMs = wallMs();
  });
  const recordFinal = feed.recordFinal.bind(feed);
  feed.recordFinal = (record) => {
    const before = feed.seq;
    recordFinal(record);
    const at = arrivalByCall.get(record.callSid);
    arrivalByCall.delete(record.callSid);
    if (feed.seq > before && at !== undefined) kpis.push([before + 1, at]);
  };
  if (spec.console)
    await app.register(consolePlugin, {
      flow,
      cwd: spec.root,
      adminToken: spec.console.adminToken,
      scenariosDir: path.join(spec.root, 'scenarios'),
      flowsDir: path.join(spec.root, 'flows'),
      recordingsDir: path.join(spec.dir, 'recordings'),
      contracts: spec.console.contracts,
      expectScenario: spec.console.expectScenario,
    });
  await app.listen({ host: '127.0.0.1', port: 0 });
  parent.on('message', (message: { type: 'stamps' | 'close' }) => {
    if (message.type === 'stamps') {
      parent.postMessage({ type: 'stamps', kpis } satisfies LiveServerMessage);
      return;
    }
    app
      .close()
      .then(() => store.close())
      .then(() => parent.postMessage({ type: 'closed' } satisfies LiveServerMessage))
      .catch((error: unknown) => parent.postMessage({ type: 'failed', message: String(error) }));
  });
  parent.postMessage({ type: 'ready', port: (app.server.address() as AddressInfo).port } satisfies LiveServerMessage);
}

const spec = (workerData as { benchLiveServer?: LiveServerSpec } | null)?.benchLiveServer;
if (isMainThread || !parentPort || !spec) {
  throw new Error('bench/live-feed-server.ts is the server worker of bench/live-feed.ts; run `npm run bench:live`');
}
serve(spec).catch((error: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: String((error as Error).stack ?? error) });
});
