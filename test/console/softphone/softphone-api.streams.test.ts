import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsoleServer, supervisorApi } from '../../helpers/console-browser.js';
import { openSse } from '../../helpers/sse-client.js';

const TOKEN = 's'.repeat(40);
let server: ConsoleServer;
let deployed: ConsoleServer;
let plain: Server;
let plainUrl: string;

beforeAll(async () => {
  server = await startConsoleServer({ app: { adminToken: TOKEN } });
  deployed = await startConsoleServer({ app: { adminToken: TOKEN, publicUrl: 'https://hotline.example.com' } });
  // Another local service, not a hotline server: its pages must never come back through the softphone.
  plain = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end('<Response><Say>internal secret page</Say></Response>');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const address = plain.address();
  plainUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await server?.close();
  await deployed?.close();
  await new Promise((resolve) => plain?.close(resolve));
});

describe("the softphone API's streams and targets", () => {
  it('numbers the call events and replays only those after Last-Event-ID on a reconnect', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const { id } = (await me.post('/calls', { readsPrompts: true })).json;
    const url = `${server.url}/console/api/softphone/calls/${id}/events`;
    const first = await openSse(url, me.headers);
    await first.next((e) => e.event === 'input');
    const numbered = first.events.filter((e) => e.event !== 'call');
    expect(numbered.map((e) => e.id)).toEqual(numbered.map((_e, i) => i + 1));
    const last = numbered.at(-1)!.id;
    first.close();

    const again = await openSse(url, { ...me.headers, 'last-event-id': String(last) });
    await again.next((e) => e.event === 'call');
    expect((await me.post(`/calls/${id}/input`, { kind: 'keys', digits: '1' })).status).toBe(200);
    await again.next((e) => e.event === 'queue');
    const replayed = again.events.filter((e) => e.event !== 'call');
    expect(replayed.length).toBeGreaterThan(0);
    expect(
      replayed.every((e) => e.id > last),
      'nothing the page already has is sent again',
    ).toBe(true);
    expect(replayed[0]!.id).toBe(last + 1);
    await me.post(`/calls/${id}/input`, { kind: 'hangup' });
    await again.next((e) => e.event === 'ended');
    again.close();
  }, 30_000);

  it("ends a call's stream when the supervisor signs out", async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const { id } = (await me.post('/calls', { readsPrompts: true })).json;
    const response = await fetch(`${server.url}/console/api/softphone/calls/${id}/events`, { headers: me.headers });
    const reader = response.body!.getReader();
    await reader.read();
    const out = await fetch(`${server.url}/console/api/session`, { method: 'DELETE', headers: me.headers });
    expect(out.status).toBe(200);
    let chunk = await reader.read();
    while (!chunk.done) chunk = await reader.read();
    expect(chunk.done).toBe(true);
  }, 30_000);

  it('refuses a loopback service that is not a hotline server, and shows nothing of its answer', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const refused = await me.post('/calls', { target: plainUrl, readsPrompts: true });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('HOTLINE_SOFTPHONE_TARGET_REFUSED');
    expect(refused.json.error.message).toContain('GET /health');
    expect(JSON.stringify(refused.json)).not.toContain('secret');
    // The refused call took no place: the cap still allows every call.
    const placed = await me.post('/calls', { readsPrompts: true });
    expect(placed.status).toBe(200);
    await me.post(`/calls/${placed.json.id}/input`, { kind: 'hangup' });
  }, 30_000);

  it('refuses the live flow of a real deployment (a public URL), and still runs another flow in-process', async () => {
    const me = await supervisorApi(deployed, 'softphone', TOKEN);
    const refused = await me.post('/calls', { readsPrompts: true });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('HOTLINE_SOFTPHONE_TARGET_REFUSED');
    expect(refused.json.error.message).toMatch(/in-process.*hotline console/);
    // Nor through its own loopback port.
    const self = await me.post('/calls', { target: deployed.url, readsPrompts: true });
    expect(self.json.error.code).toBe('HOTLINE_SOFTPHONE_TARGET_REFUSED');
    const menu = await me.post('/calls', { flow: 'hotline-12345-menu', readsPrompts: true });
    expect(menu.status).toBe(200);
    await me.post(`/calls/${menu.json.id}/input`, { kind: 'hangup' });
    expect(await deployed.store.getRecord(menu.json.id)).toBeUndefined();
  }, 30_000);
});
