import { Worker } from 'node:worker_threads';
import { httpExchange, type HttpAnswer, type HttpRequest } from './http-exchange.js';

/** How the emulator's webhook client puts a request on the wire. */
export interface HttpTransport {
  exchange(request: HttpRequest): Promise<HttpAnswer>;
  /** Frees what the transport holds (a worker thread); requests after it fail (never reject). */
  close(): Promise<void>;
}

/** Requests made on the calling thread: no start-up cost; what tests and `hotline test` use. */
export const INLINE_TRANSPORT: HttpTransport = {
  exchange: httpExchange,
  close: async () => {},
};

/**
 * Requests made on a worker thread, timed there. A load of a thousand calls
 * keeps the emulator's main thread busy and its heap large; its garbage
 * collections (milliseconds each) would otherwise count as server latency
 * for every answer that arrives during one. Loads use this transport.
 */
export class WorkerTransport implements HttpTransport {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (answer: HttpAnswer) => void>();
  private nextId = 0;
  private stopped: Error | null = null;

  constructor() {
    // The worker is TypeScript: load it through tsx, whichever loader the main thread runs under (tsx, vitest).
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./http-worker.ts', import.meta.url).href;
    this.worker = new Worker(
      `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true },
    );
    this.worker.unref();
    this.worker.on('message', (message: { id: number; answer: HttpAnswer }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      waiting(message.answer);
    });
    // Requests in flight and later ones fail like a lost connection (Twilio's 11205), with the reason: the load ends and reports it.
    const fail = (error: Error) => {
      this.stopped = error;
      for (const waiting of this.pending.values()) waiting({ failure: error.message, wireMs: 0 });
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`The emulator's HTTP worker failed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`The emulator's HTTP worker stopped (exit code ${code}).`)));
  }

  exchange(request: HttpRequest): Promise<HttpAnswer> {
    if (this.stopped) return Promise.resolve({ failure: this.stopped.message, wireMs: 0 });
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.worker.terminate();
  }
}
