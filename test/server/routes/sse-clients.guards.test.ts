import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { installErrorHandler } from '../../../src/server/plugins/error-handler.js';
import { SseClients, type SseClientsOptions, type SseStream } from '../../../src/server/routes/sse-clients.js';
import { openSse } from '../../helpers/sse-client.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** GET /events?key=K: one stream of `clients`, kept in `streams`; `alive` says whether its session lives. */
async function serve(options: Partial<SseClientsOptions> = {}) {
  app = Fastify();
  installErrorHandler(app);
  const clients = new SseClients({
    maxClients: 8,
    full: (open) => new HotlineError('HOTLINE_LIVE_FEED_FULL', `${open} open`),
    ...options,
  });
  const streams: SseStream[] = [];
  const state = { alive: true, stopped: 0 };
  app.get<{ Querystring: { key?: string } }>('/events', async (request, reply) =>
    clients.open(
      reply,
      (stream) => {
        streams.push(stream);
        stream.event('hello', { after: stream.lastEventId });
        return () => {
          state.stopped += 1;
        };
      },
      { ...(request.query.key === undefined ? {} : { key: request.query.key }), alive: () => state.alive },
    ),
  );
  app.addHook('preClose', async () => clients.endAll());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;
  return { url, clients, streams, state };
}

describe('SseClients guards', () => {
  it('never writes to an ended stream: an update between endAll and the close is dropped, not a crash', async () => {
    const { url, clients, streams, state } = await serve();
    const stream = await openSse(url);
    await stream.next((e) => e.event === 'hello');
    clients.endAll();
    // endAll stopped the route's updates before it ended the stream.
    expect(state.stopped).toBe(1);
    // A feed change / job end / call event arriving now (before 'close') must not write after end
    // (ERR_STREAM_WRITE_AFTER_END, an 'error' with no listener on a hijacked reply, stops the process).
    streams[0]!.event('late', { n: 1 });
    streams[0]!.send(': keep-alive\n\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.events.map((e) => e.event)).toEqual(['hello']);
    expect(state.stopped).toBe(1);
  });

  it('numbers events 1, 2, … per stream, takes an explicit id, and reads Last-Event-ID', async () => {
    const { url, streams } = await serve();
    const first = await openSse(url);
    expect(await first.next(() => true)).toEqual({ id: 1, event: 'hello', data: { after: null } });
    streams[0]!.event('next', {});
    streams[0]!.event('set', {}, 40);
    expect(await first.next((e) => e.event === 'next')).toMatchObject({ id: 2 });
    expect(await first.next((e) => e.event === 'set')).toMatchObject({ id: 40 });
    first.close();
    const again = await openSse(url, { 'last-event-id': '40' });
    expect((await again.next(() => true)).data).toEqual({ after: 40 });
    again.close();
  });

  it('ends the oldest stream of a key beyond maxPerKey, or refuses the new one with keyFull', async () => {
    const oldest = await serve({ maxPerKey: 2 });
    const a = await openSse(`${oldest.url}?key=k`);
    await openSse(`${oldest.url}?key=k`);
    await openSse(`${oldest.url}?key=other`);
    expect(oldest.clients.sizeOf('k')).toBe(2);
    await openSse(`${oldest.url}?key=k`);
    expect(oldest.clients.sizeOf('k')).toBe(2);
    expect(oldest.streams[0]!.lastEventId).toBeNull();
    await expect.poll(() => oldest.state.stopped).toBe(1);
    expect(a.events).toHaveLength(1);
    await app!.close();

    const refusing = await serve({
      maxPerKey: 1,
      keyFull: (key, open) => new HotlineError('HOTLINE_SOFTPHONE_BUSY', `${key}: ${open} open`),
    });
    await openSse(`${refusing.url}?key=k`);
    const refused = await fetch(`${refusing.url}?key=k`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'HOTLINE_SOFTPHONE_BUSY',
      message: 'k: 1 open',
    });
  });

  it('ends a stream whose session ended at its next write (an event or the keep-alive)', async () => {
    const { url, clients, state } = await serve({ keepAliveMs: 20 });
    const stream = await openSse(url);
    await stream.next(() => true);
    state.alive = false;
    await expect.poll(() => clients.size).toBe(0);
    expect(state.stopped).toBe(1);
  });

  it('cuts off a client that leaves more than maxUnreadBytes unread', async () => {
    const { url, clients, streams, state } = await serve({ maxUnreadBytes: 1024 });
    // A client that connects and never reads.
    const { request } = await import('node:http');
    const req = request(url, () => undefined);
    req.end();
    await expect.poll(() => streams.length).toBe(1);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200 && clients.size > 0; i += 1) {
      streams[0]!.event('big', big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(clients.size).toBe(0);
    expect(state.stopped).toBe(1);
    req.destroy();
  });
});
