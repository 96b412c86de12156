import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HotlineError } from '../../errors.js';
import type { LiveFeed } from '../services/live-feed.js';

/** Wallboards GET /admin/live serves at once unless `hotline serve --live-clients` says otherwise. */
export const DEFAULT_LIVE_CLIENTS = 16;
/** Milliseconds between keep-alive comments (proxies close a silent connection after 30–60 s). */
export const KEEP_ALIVE_MS = 15_000;
/** Seconds a live ticket (the browser's way in, see LiveTickets) stays valid. */
export const LIVE_TICKET_SEC = 60;
/** Bytes a wallboard may leave unread before it is cut off (a stalled client must not hold the server's memory). */
const MAX_UNREAD_BYTES = 1 << 20;
/** Tickets outstanding at most (older ones are dropped first). */
const MAX_TICKETS = 64;

/**
 * Short-lived, single-use tickets for GET /admin/live: a browser's EventSource cannot send an Authorization
 * header, so the console asks POST /admin/live/ticket (with the header) and opens `/admin/live?ticket=…` within
 * LIVE_TICKET_SEC. The ticket is 128 random bits, valid once: a URL that leaks into a log or history is already spent.
 */
export class LiveTickets {
  private readonly tickets = new Map<string, number>();

  constructor(private readonly nowSec: () => number) {}

  /** A new ticket. */
  issue(): { ticket: string; expiresInSec: number } {
    const ticket = randomBytes(16).toString('hex');
    if (this.tickets.size >= MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value as string);
    this.tickets.set(ticket, this.nowSec() + LIVE_TICKET_SEC);
    return { ticket, expiresInSec: LIVE_TICKET_SEC };
  }

  /** True (once) when `request` is GET /admin/live with a valid ticket; the ticket is then spent. */
  admits(request: FastifyRequest): boolean {
    if (request.method !== 'GET' || request.routeOptions.url !== '/admin/live') return false;
    const ticket = (request.query as { ticket?: unknown } | undefined)?.ticket;
    if (typeof ticket !== 'string') return false;
    const expires = this.tickets.get(ticket);
    if (expires === undefined) return false;
    this.tickets.delete(ticket);
    return this.nowSec() < expires;
  }
}

/** What GET /admin/live needs. */
export interface AdminLiveOptions {
  readonly feed: LiveFeed;
  readonly tickets: LiveTickets;
  /** Wallboards served at once; default DEFAULT_LIVE_CLIENTS. Beyond: 503 HOTLINE_LIVE_FEED_FULL. */
  readonly maxClients?: number;
  readonly keepAliveMs?: number;
}

/** One server-sent event. */
function sseEvent(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * GET /admin/live: server-sent events for wallboards. First `snapshot` (the whole state), then a `change` per change
 * (`{ what, state }`, the new state whole); each event's `id:` is its sequence number, increasing. A client that
 * reconnects (with Last-Event-ID or not) gets a fresh snapshot. A comment every KEEP_ALIVE_MS. POST
 * /admin/live/ticket hands out the tickets a browser opens the stream with. Registered inside the admin routes.
 */
export const adminLiveRoutes: FastifyPluginAsync<AdminLiveOptions> = async (admin, options) => {
  const { feed } = options;
  const maxClients = options.maxClients ?? DEFAULT_LIVE_CLIENTS;
  const clients = new Set<ServerResponse>();

  admin.post('/live/ticket', async () => options.tickets.issue());
  admin.get('/live', async (_request, reply) => {
    if (clients.size >= maxClients)
      throw new HotlineError(
        'HOTLINE_LIVE_FEED_FULL',
        `GET /admin/live: ${clients.size} wallboards are connected, the most this server serves (--live-clients ${maxClients}); close one, or restart with a higher --live-clients.`,
      );
    const res = reply.raw;
    reply.hijack();
    clients.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (text: string) => {
      if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
      else res.write(text);
    };
    send(`retry: 3000\n${sseEvent(feed.seq, 'snapshot', feed.state())}`);
    const unsubscribe = feed.subscribe((seq, what, state) => send(sseEvent(seq, 'change', { what, state })));
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), options.keepAliveMs ?? KEEP_ALIVE_MS);
    keepAlive.unref();
    const cleanUp = () => {
      clearInterval(keepAlive);
      unsubscribe();
      clients.delete(res);
    };
    res.on('close', cleanUp);
  });
  // Open streams would hold `app.close()` until clients leave: end them first.
  admin.addHook('preClose', async () => {
    for (const res of clients) res.end();
  });
};
