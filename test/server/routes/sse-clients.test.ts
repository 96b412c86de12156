import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { installErrorHandler } from '../../../src/server/plugins/error-handler.js';
import { SseClients, sseEvent } from '../../../src/server/routes/sse-clients.js';
import { openSse } from '../../helpers/sse-client.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** One route serving `n` then a keep-alive every 20 ms, capped at 1 client. */
async function serve() {
  app = Fastify();
  installErrorHandler(app);
  const clients = new SseClients({
    maxClients: 1,
    keepAliveMs: 20,
    full: (open) => new HotlineError('HOTLINE_LIVE_FEED_FULL', `${open} open`),
  });
  let stopped = 0;
  app.get('/events', async (_request, reply) =>
    clients.open(reply, ({ send }) => {
      send(sseEvent(7, 'snapshot', { n: 1 }));
      return () => {
        stopped += 1;
      };
    }),
  );
  app.addHook('preClose', async () => clients.endAll());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;
  return { url, clients, stopped: () => stopped };
}

describe('SseClients', () => {
  it('streams events, refuses a client beyond the cap, and forgets one that leaves', async () => {
    const { url, clients, stopped } = await serve();
    const stream = await openSse(url);
    expect(stream.status).toBe(200);
    expect(await stream.next(() => true)).toEqual({ id: 7, event: 'snapshot', data: { n: 1 } });
    const refused = await fetch(url);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('HOTLINE_LIVE_FEED_FULL');
    stream.close();
    await expect.poll(() => clients.size).toBe(0);
    expect(stopped()).toBe(1);
  });

  it('lets the app close while a client is still connected', async () => {
    const { url } = await serve();
    const stream = await openSse(url);
    await stream.next(() => true);
    await app!.close();
    app = undefined;
  });
});
