/**
 * The emulator's HTTP worker thread: runs each request it is sent with
 * `httpExchange` and posts the answer back with its id. Its heap holds only
 * requests in flight, so its garbage collections are short, and the main
 * thread's collections (a thousand calls' state) do not stop its clock.
 */
import { parentPort } from 'node:worker_threads';
import { httpExchange, type HttpRequest } from './http-exchange.js';

const port = parentPort;
if (!port) throw new Error('http-worker.ts runs as a worker thread (WorkerTransport starts it).');
port.on('message', (message: { readonly id: number; readonly request: HttpRequest }) => {
  void httpExchange(message.request)
    .catch((error: Error) => ({
      failure: `the emulator's HTTP worker could not send it (${error.message})`,
      wireMs: 0,
    }))
    .then((answer) => port.postMessage({ id: message.id, answer }));
});
