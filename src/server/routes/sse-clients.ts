import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { HotlineError } from '../../errors.js';

/** Milliseconds between keep-alive comments (proxies close a silent connection after 30–60 s). */
export const KEEP_ALIVE_MS = 15_000;
/** Bytes a client may leave unread before it is cut off (a stalled client must not hold the server's memory). */
export const MAX_UNREAD_BYTES = 1 << 20;

/** One server-sent event: `id:` (a sequence number, none when null), `event:` and its data as one JSON line. */
export function sseEvent(id: number | null, event: string, data: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** How an SseClients set serves its streams. */
export interface SseClientsOptions {
  /** Streams open at once, at most; one more gets the error `full()` returns. */
  readonly maxClients: number;
  /** The error a client beyond `maxClients` gets (a HotlineError with an HTTP status). */
  readonly full: (open: number) => HotlineError;
  /** Default KEEP_ALIVE_MS. */
  readonly keepAliveMs?: number;
  /** Bytes a client may leave unread before it is cut off; default MAX_UNREAD_BYTES. */
  readonly maxUnreadBytes?: number;
  /**
   * Streams one key (an agent, a call) may hold open at once. Beyond it, `keyFull` gives the error the new stream
   * gets; without `keyFull` the key's oldest stream is ended instead (a further tab takes over).
   */
  readonly maxPerKey?: number;
  readonly keyFull?: (key: string, open: number) => HotlineError;
}

/** What one stream is opened with (all optional). */
export interface SseOpenOptions {
  /** What `maxPerKey` counts by (an agent id, a call id). */
  readonly key?: string;
  /** Checked before every write: false ends the stream (its console session ended: signed out, idle, removed). */
  readonly alive?: () => boolean;
}

/** One open stream, as the route's `start` writes to it. */
export interface SseStream {
  /** Writes raw text (a stalled client is cut off instead; nothing is written once the stream ended). */
  send(text: string): void;
  /** Writes one event; `id` defaults to this stream's next number (1, 2, …); null sends it without `id:`. */
  event(event: string, data: unknown, id?: number | null): void;
  /** The client's Last-Event-ID header as a number (a reconnecting EventSource sends it), or null. */
  readonly lastEventId: number | null;
  /** Stops the updates and ends the stream. */
  end(): void;
}

interface Client {
  readonly res: ServerResponse;
  readonly key: string | undefined;
  /** Stops the keep-alive and the route's updates; idempotent. */
  readonly stop: () => void;
}

/** The numeric Last-Event-ID of a request, or null. */
function lastEventIdOf(reply: FastifyReply): number | null {
  const header = reply.request?.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[0-9]{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * The open server-sent-event streams of one route, the one piece every stream of the server goes through
 * (GET /admin/live and the console's wallboard, agent, softphone and planner streams): a cap on how many (and per
 * key), the stream headers, numbered events, a keep-alive comment, a cut-off for a client that stops reading, an
 * optional `alive()` check that ends the stream when its session ended, no write ever after the stream ended, and
 * `endAll()` for the app's preClose hook (open streams would hold `app.close()` until their clients leave).
 *
 * @example
 * const clients = new SseClients({ maxClients: 16, full: (n) => new HotlineError('HOTLINE_LIVE_FEED_FULL', …) });
 * app.get('/live', async (_request, reply) => clients.open(reply, (s) => feed.subscribe(…)));
 * app.addHook('preClose', async () => clients.endAll());
 */
export class SseClients {
  private readonly clients = new Set<Client>();

  constructor(private readonly o: SseClientsOptions) {}

  /** Streams open now. */
  get size(): number {
    return this.clients.size;
  }

  /** Streams of `key` open now. */
  sizeOf(key: string): number {
    return [...this.clients].filter((c) => c.key === key).length;
  }

  /**
   * Takes over `reply` as an event stream: throws `full()` (or `keyFull()`) when a cap is reached; else writes the
   * headers and a `retry:` line, then calls `start(stream)`, which writes the first events and returns how to stop
   * its updates (called once, when the stream closes or ends, before `endAll()` ends it).
   */
  open(reply: FastifyReply, start: (stream: SseStream) => () => void, options: SseOpenOptions = {}): void {
    if (this.clients.size >= this.o.maxClients) throw this.o.full(this.clients.size);
    const { key, alive } = options;
    if (key !== undefined && this.o.maxPerKey !== undefined) {
      const mine = [...this.clients].filter((c) => c.key === key);
      if (mine.length >= this.o.maxPerKey) {
        if (this.o.keyFull) throw this.o.keyFull(key, mine.length);
        this.end(mine[0]!);
      }
    }
    const res = reply.raw;
    const lastEventId = lastEventIdOf(reply);
    reply.hijack();
    // A late write is guarded below; an error of the socket itself (reset by the client) must not stop the process.
    res.on('error', () => undefined);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const maxUnread = this.o.maxUnreadBytes ?? MAX_UNREAD_BYTES;
    let stopRoute: (() => void) | undefined;
    let stopped = false;
    let keepAlive: NodeJS.Timeout | undefined;
    const client: Client = {
      res,
      key,
      stop: () => {
        if (stopped) return;
        stopped = true;
        clearInterval(keepAlive);
        this.clients.delete(client);
        stopRoute?.();
      },
    };
    this.clients.add(client);
    let next = 0;
    const stream: SseStream = {
      lastEventId,
      send: (text) => {
        if (res.destroyed || res.writableEnded) return;
        if (alive && !alive()) this.end(client);
        else if (res.writableLength > maxUnread) {
          client.stop();
          res.destroy();
        } else res.write(text);
      },
      event: (event, data, id) => {
        const n = id === undefined ? ++next : id;
        stream.send(sseEvent(n, event, data));
      },
      end: () => this.end(client),
    };
    res.on('close', client.stop);
    stream.send('retry: 3000\n\n');
    let stop: () => void;
    try {
      stop = start(stream);
    } catch (error) {
      // The reply is hijacked: the error can only be logged by Fastify; the stream must not stay open half-started.
      this.end(client);
      throw error;
    }
    if (stopped) stop();
    else stopRoute = stop;
    if (stopped) return;
    keepAlive = setInterval(() => stream.send(': keep-alive\n\n'), this.o.keepAliveMs ?? KEEP_ALIVE_MS);
    keepAlive.unref();
  }

  /** Ends every open stream (the app's preClose): each stops its updates first, then ends. */
  endAll(): void {
    for (const client of [...this.clients]) this.end(client);
  }

  private end(client: Client): void {
    client.stop();
    if (!client.res.writableEnded) client.res.end();
  }
}
