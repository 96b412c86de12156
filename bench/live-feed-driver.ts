/**
 * What bench/live-feed.ts and bench/console-wallboard.ts share: the server worker (bench/live-feed-server.ts), a
 * plain Node SSE client on its own thread that stamps each event's arrival by its id, and the way to ask a worker
 * for its figures. Times are wall-clock milliseconds (performance.timeOrigin + performance.now()).
 */
import { Worker } from 'node:worker_threads';
import type { LiveServerMessage, LiveServerSpec } from './live-feed-server.js';

/** The SSE client, as plain JavaScript on its own thread: it stamps each event's arrival (wall-clock ms) by its id. */
const SSE_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const arrivals = [];
let buffer = '';
const req = http.get(workerData.url, { headers: { accept: 'text/event-stream', ...workerData.headers } }, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    const at = performance.timeOrigin + performance.now();
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (\\d+)$/m.exec(block);
      const event = /^event: (\\w+)$/m.exec(block);
      const what = /"what":"(\\w+)"/.exec(block);
      if (id) arrivals.push([Number(id[1]), at, event ? event[1] : '', what ? what[1] : '']);
    }
  });
  parentPort.postMessage({ type: 'open' });
});
parentPort.on('message', () => { parentPort.postMessage({ type: 'arrivals', arrivals }); req.destroy(); });
`;

/** One event as the SSE client stamped it: id, arrival (wall-clock ms), event name, `what` of a change. */
export type SseArrival = [number, number, string, string];

/** Starts the bench server worker; resolves once it listens. */
export function startServer(spec: LiveServerSpec): Promise<{ worker: Worker; port: number }> {
  const entry = new URL('./live-feed-server.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: { benchLiveServer: spec } });
  return new Promise((done, fail) => {
    worker.once('error', fail);
    worker.on('message', (m: LiveServerMessage) => {
      if (m.type === 'ready') done({ worker, port: m.port });
      if (m.type === 'failed') fail(new Error(m.message));
    });
  });
}

/** Opens the SSE client on its own thread; resolves once the stream is open. */
export async function openSseClient(url: string, headers: Record<string, string> = {}): Promise<Worker> {
  const client = new Worker(SSE_CLIENT, { eval: true, workerData: { url, headers } });
  await new Promise((done) => client.once('message', done));
  return client;
}

/** Posts `ask` to the worker and resolves with its first message of `type`. */
export function ask<T>(worker: Worker, message: unknown, type: string): Promise<T> {
  return new Promise((done) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      worker.off('message', on);
      done(m as T);
    };
    worker.on('message', on);
    worker.postMessage(message);
  });
}

/** The SSE client's stamps (it closes its stream). */
export async function sseArrivals(client: Worker): Promise<SseArrival[]> {
  const { arrivals } = await ask<{ arrivals: SseArrival[] }>(client, {}, 'arrivals');
  await client.terminate();
  return arrivals;
}
