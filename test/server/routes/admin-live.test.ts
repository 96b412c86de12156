import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import { LIVE_TICKET_SEC } from '../../../src/server/routes/admin-live.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../../helpers/signed-client.js';
import { openSse } from '../../helpers/sse-client.js';

const ADMIN_TOKEN = 'a'.repeat(40);
let app: FastifyInstance | undefined;

/** An app with an admin token on loopback, with a settable clock. */
async function listen(clock = { ms: Date.UTC(2026, 10, 25, 2) }) {
  app = await buildApp({
    flow: direct,
    store: new MemoryCallStore(),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    adminToken: ADMIN_TOKEN,
    clock: () => clock.ms,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, clock };
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('GET /admin/live', () => {
  it('needs the admin token in the Authorization header, and then starts with a snapshot', async () => {
    const { base } = await listen();
    expect((await fetch(`${base}/admin/live`)).status).toBe(401);
    const stream = await openSse(`${base}/admin/live`, bearer);
    const first = await stream.next(() => true);
    expect(first).toMatchObject({
      id: app!.hotline.feed.seq,
      event: 'snapshot',
      data: { queues: {}, longestWaitSec: 0 },
    });
    expect(first.data).toHaveProperty('today.window.day', '2026-11-25');
    stream.close();
  });

  it('admits a browser once with a ticket from POST /admin/live/ticket, never without one or twice', async () => {
    const { base } = await listen();
    expect((await fetch(`${base}/admin/live/ticket`, { method: 'POST' })).status).toBe(401);
    const issued = (await (await fetch(`${base}/admin/live/ticket`, { method: 'POST', headers: bearer })).json()) as {
      ticket: string;
      expiresInSec: number;
    };
    expect(issued.expiresInSec).toBe(LIVE_TICKET_SEC);
    expect(issued.ticket).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(`${base}/admin/live?ticket=${'0'.repeat(32)}`)).status).toBe(401);
    const stream = await openSse(`${base}/admin/live?ticket=${issued.ticket}`);
    expect(stream.status).toBe(200);
    expect((await stream.next(() => true)).event).toBe('snapshot');
    stream.close();
    expect((await fetch(`${base}/admin/live?ticket=${issued.ticket}`)).status).toBe(401);
    // A ticket only opens the feed: not another admin route.
    const other = (await (await fetch(`${base}/admin/live/ticket`, { method: 'POST', headers: bearer })).json()) as {
      ticket: string;
    };
    expect((await fetch(`${base}/admin/agents?ticket=${other.ticket}`)).status).toBe(401);
  });

  it('refuses a ticket past its lifetime', async () => {
    const { base, clock } = await listen();
    const { ticket } = (await (
      await fetch(`${base}/admin/live/ticket`, { method: 'POST', headers: bearer })
    ).json()) as {
      ticket: string;
    };
    clock.ms += LIVE_TICKET_SEC * 1000;
    expect((await fetch(`${base}/admin/live?ticket=${ticket}`)).status).toBe(401);
  });

  it('sends a change when an agent is registered or changes state, and forgets a client that disconnects', async () => {
    const { base } = await listen();
    const stream = await openSse(`${base}/admin/live`, bearer);
    const snapshot = await stream.next((e) => e.event === 'snapshot');
    const put = await fetch(`${base}/admin/agents/8001`, {
      method: 'PUT',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'A', skills: ['general'], pool: 'in-house' }),
    });
    expect(put.status).toBe(200);
    const change = await stream.next((e) => e.event === 'change');
    expect(change.id).toBe(snapshot.id + 1);
    // A registered agent is logged out until it logs in (or an admin sets its state).
    expect(change.data).toMatchObject({
      what: 'line',
      state: { agents: { 'in-house': { 'logged-out': 1, ready: 0 } } },
    });
    const ready = await fetch(`${base}/admin/agents/8001/state`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'ready', reason: 'shift start' }),
    });
    expect(ready.status).toBe(200);
    // Line reads coalesce: a change read before the POST may come first; the state change follows.
    const next = await stream.next(
      (e) =>
        e.event === 'change' &&
        (e.data as { state?: { agents?: Record<string, { ready?: number }> } }).state?.agents?.['in-house']?.ready ===
          1,
    );
    expect(next.data).toMatchObject({ what: 'line', state: { agents: { 'in-house': { 'logged-out': 0, ready: 1 } } } });
    stream.close();
    // Closing the app does not wait for a client that left (it was removed); one still open is ended.
    const open = await openSse(`${base}/admin/live`, bearer);
    await open.next(() => true);
    await app!.close();
    app = undefined;
  });
});
