import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { HotlineError } from '../../errors.js';

/** Milliseconds between keep-alive comments (proxies close a silent connection after 30–60 s). */
export const KEEP_ALIVE_MS = 15_000;
/** Bytes a client may leave unread before it is cut off (a stalled client must not hold the server's memory). */
const MAX_UNREAD_BYTES = 1 << 20;

/** One server-sent event: `id:` (a sequence number), `event:` and its data as one JSON line. */
export function sseEvent(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** How an SseClients set serves its streams. */
export interface SseClientsOptions {
  /** Streams open at once, at most; one more gets the error `full()` returns. */
  readonly maxClients: number;
  /** The error a client beyond `maxClients` gets (a HotlineError with an HTTP status). */
  readonly full: (open: number) => HotlineError;
  /** Default KEEP_ALIVE_MS. */
  readonly keepAliveMs?: number;
}

/** Writes to one open stream (a stalled client is cut off instead). */
export type SseSend = (text: string) => void;

/**
 * The open server-sent-event streams of one route: a cap on how many, the stream headers, a keep-alive comment, a
 * cut-off for a client that stops reading, and `endAll()` for the app's preClose hook (open streams would hold
 * `app.close()` until their clients leave). Shared by GET /admin/live and the console's wallboard.
 *
 * @example
 * const clients = new SseClients({ maxClients: 16, full: (n) => new HotlineError('HOTLINE_LIVE_FEED_FULL', …) });
 * app.get('/live', async (_request, reply) => clients.open(reply, (send) => feed.subscribe(…)));
 * app.addHook('preClose', async () => clients.endAll());
 */
export class SseClients {
  private readonly clients = new Set<ServerResponse>();

  constructor(private readonly o: SseClientsOptions) {}

  /** Streams open now. */
  get size(): number {
    return this.clients.size;
  }

  /**
   * Takes over `reply` as an event stream: throws `full()` when the cap is reached; else writes the headers and a
   * `retry:` line, then calls `start(send)`, which writes the first events and returns how to stop its updates.
   */
  open(reply: FastifyReply, start: (send: SseSend) => () => void): void {
    if (this.clients.size >= this.o.maxClients) throw this.o.full(this.clients.size);
    const res = reply.raw;
    reply.hijack();
    this.clients.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send: SseSend = (text) => {
      if (res.destroyed) return;
      if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
      else res.write(text);
    };
    send('retry: 3000\n');
    const stop = start(send);
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), this.o.keepAliveMs ?? KEEP_ALIVE_MS);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      stop();
      this.clients.delete(res);
    });
  }

  /** Ends every open stream (the app's preClose). */
  endAll(): void {
    for (const res of this.clients) res.end();
  }
}
