/**
 * Server side of bench/webhook.ts: runs in its own worker thread (own V8 isolate
 * and event loop), so autocannon in the main thread does not compete with the
 * server for one event loop. Started by `startServerWorker` in bench/webhook.ts;
 * builds one configuration, listens on an ephemeral loopback port and posts the
 * port back, then closes app and store when the main thread asks (the main thread
 * terminates the worker after, and removes the SQLite directory it created).
 *
 * Not run on its own: a `.ts` worker entry needs tsx registered inside the
 * worker, which `startServerWorker` does (an inherited `--import tsx` does not
 * cover a worker's entry module on Node 20).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import direct from '../flows/hotline-12345-direct.js';
import { buildApp } from '../src/server/app.js';
import type { CallStore } from '../src/store/call-store.js';
import { MemoryCallStore } from '../src/store/memory-call-store.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';

/** Which server a worker builds. */
export type ServerKind = 'bare' | 'voice';

/** What the main thread tells a worker to build (structured-cloned as workerData). */
export interface ServerSpec {
  readonly kind: ServerKind;
  /** For 'voice': where sessions and records go. */
  readonly store?: 'sqlite' | 'memory';
  /** For 'voice': check X-Twilio-Signature. */
  readonly signature?: boolean;
  /** For a SQLite store: an existing directory the main thread created (and removes). */
  readonly dir?: string;
  readonly host: string;
  readonly publicUrl: string;
  readonly authToken: string;
}

/** Worker → main messages. */
export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; ns: number | null };
/** Main → worker messages: close the server, or tell the CPU time this thread has used so far. */
export type ControlMessage = { type: 'close' } | { type: 'cpu' };

/**
 * Nanoseconds this thread (the server's event loop) has run on a CPU, from
 * /proc/thread-self/schedstat (Linux); null elsewhere. Unlike event-loop
 * utilisation it leaves out the time the thread was ready but another process
 * had the CPU, so it holds up on a busy machine.
 */
function threadCpuNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

async function build(spec: ServerSpec): Promise<{ app: FastifyInstance; cleanup: () => Promise<void> }> {
  if (spec.kind === 'bare') {
    const app = Fastify({ logger: false });
    await app.register(formbody);
    app.post('/bare', async () => 'ok');
    return { app, cleanup: async () => {} };
  }
  let store: CallStore;
  if (spec.store === 'sqlite') {
    if (!spec.dir) throw new Error('webhook-server: a SQLite configuration needs spec.dir');
    store = new SqliteCallStore(path.join(spec.dir, 'calls.sqlite'));
  } else store = new MemoryCallStore();
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: spec.publicUrl,
    authToken: spec.authToken,
    insecureSkipSignature: spec.signature === false,
    logger: false,
  });
  return {
    app,
    cleanup: async () => {
      await store.close();
    },
  };
}

async function serve(spec: ServerSpec): Promise<void> {
  const parent = parentPort!;
  const { app, cleanup } = await build(spec);
  await app.listen({ host: spec.host, port: 0 });
  parent.on('message', (message: ControlMessage) => {
    if (message.type === 'cpu') {
      parent.postMessage({ type: 'cpu', ns: threadCpuNs() } satisfies ServerMessage);
      return;
    }
    app
      .close()
      .then(cleanup)
      .then(() => parent.postMessage({ type: 'closed' } satisfies ServerMessage))
      .catch((error: unknown) =>
        parent.postMessage({
          type: 'failed',
          message: String((error as Error).stack ?? error),
        } satisfies ServerMessage),
      );
  });
  parent.postMessage({ type: 'ready', port: (app.server.address() as AddressInfo).port } satisfies ServerMessage);
}

const spec = (workerData as { benchWebhookServer?: ServerSpec } | null)?.benchWebhookServer;
if (isMainThread || !parentPort || !spec) {
  throw new Error(
    'bench/webhook-server.ts is the server worker of bench/webhook.ts; run `npm run bench:webhook` instead',
  );
}
serve(spec).catch((error: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: String((error as Error).stack ?? error) } satisfies ServerMessage);
});
