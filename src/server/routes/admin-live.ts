import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HotlineError } from '../../errors.js';
import type { LiveFeed } from '../services/live-feed.js';
import { SseClients, sseEvent } from './sse-clients.js';

/** Wallboards GET /admin/live serves at once unless `hotline serve --live-clients` says otherwise. */
export const DEFAULT_LIVE_CLIENTS = 16;
/** Seconds a live ticket (the browser's way in, see LiveTickets) stays valid. */
export const LIVE_TICKET_SEC = 60;
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

/**
 * GET /admin/live: server-sent events for wallboards. First `snapshot` (the whole state), then a `change` per change
 * (`{ what, state }`, the new state whole); each event's `id:` is its sequence number, increasing. A client that
 * reconnects (with Last-Event-ID or not) gets a fresh snapshot. A comment every KEEP_ALIVE_MS. POST
 * /admin/live/ticket hands out the tickets a browser opens the stream with. Registered inside the admin routes.
 */
export const adminLiveRoutes: FastifyPluginAsync<AdminLiveOptions> = async (admin, options) => {
  const { feed } = options;
  const maxClients = options.maxClients ?? DEFAULT_LIVE_CLIENTS;
  const clients = new SseClients({
    maxClients,
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    full: (open) =>
      new HotlineError(
        'HOTLINE_LIVE_FEED_FULL',
        `GET /admin/live: ${open} wallboards are connected, the most this server serves (--live-clients ${maxClients}); close one, or restart with a higher --live-clients.`,
      ),
  });

  admin.post('/live/ticket', async () => options.tickets.issue());
  admin.get('/live', async (_request, reply) =>
    clients.open(reply, ({ send }) => {
      send(sseEvent(feed.seq, 'snapshot', feed.state()));
      return feed.subscribe((seq, what, state) => send(sseEvent(seq, 'change', { what, state })));
    }),
  );
  // Open streams would hold `app.close()` until clients leave: end them first.
  admin.addHook('preClose', async () => clients.endAll());
};
