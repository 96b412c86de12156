import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { serveSettings } from '../../../src/cli/server-config.js';
import { buildApp } from '../../../src/server/app.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../../helpers/signed-client.js';
import { testApp } from '../../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-admin-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'f'.repeat(32);
const build = (adminToken: string | null = null) =>
  buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, adminToken });

/** GET /admin/agents over real HTTP on 127.0.0.1, from a server listening on `host`. */
async function getAgents(host: string, headers: Record<string, string> = {}) {
  const app = await build(headers.authorization ? TOKEN : null);
  try {
    await app.listen({ host, port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/admin/agents`, { headers });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  } finally {
    await app.close();
  }
}

describe('the admin token', () => {
  it('is refused at start-up when shorter than 32 characters, empty included, with the fix', () => {
    for (const token of ['', 'short', 'x'.repeat(31)]) {
      expect(
        () => serveSettings({}, { TWILIO_AUTH_TOKEN: 't', HOTLINE_ADMIN_TOKEN: token }, dir),
        JSON.stringify(token),
      ).toThrow(/HOTLINE_ADMIN_TOKEN .* at least 32.*openssl rand -hex 16/);
    }
    expect(() =>
      serveSettings(
        {},
        { TWILIO_AUTH_TOKEN: 't', PUBLIC_URL: 'https://hotline.example.cn', HOTLINE_ADMIN_TOKEN: '' },
        dir,
      ),
    ).toThrow(/empty/);
    expect(serveSettings({}, { TWILIO_AUTH_TOKEN: 't', HOTLINE_ADMIN_TOKEN: TOKEN }, dir).adminToken).toBe(TOKEN);
  });

  it('is refused by buildApp too when too short', async () => {
    await expect(build('s3cret')).rejects.toMatchObject({ code: 'HOTLINE_ADMIN_TOKEN_INVALID' });
    await expect(build('')).rejects.toMatchObject({ code: 'HOTLINE_ADMIN_TOKEN_INVALID' });
  });

  it('is required on every admin request when set, wherever the server listens', async () => {
    const app = await build(TOKEN);
    expect((await app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/admin/agents',
          headers: { authorization: `Bearer ${'f'.repeat(31)}g` },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/admin/agents', headers: { authorization: `Bearer ${TOKEN}` } }))
        .statusCode,
    ).toBe(200);
    await app.close();
    expect((await getAgents('0.0.0.0', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('the admin API without a token', () => {
  it('is off on a server listening on 0.0.0.0, even for a client on 127.0.0.1', async () => {
    const res = await getAgents('0.0.0.0');
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('HOTLINE_ADMIN_DISABLED');
    expect(res.body.error?.message).toMatch(/0\.0\.0\.0.*HOTLINE_ADMIN_TOKEN/);
  });

  it('answers on a server listening on 127.0.0.1', async () => {
    expect((await getAgents('127.0.0.1')).status).toBe(200);
  });

  it('never admits on a header: a relayed request to a loopback server is refused', async () => {
    const res = await getAgents('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('HOTLINE_ADMIN_UNAUTHORIZED');
  });

  it('answers in-process requests of a server that does not listen (inject)', async () => {
    const app = await build();
    expect((await app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('admin API access of an app that does not listen', () => {
  it('without a token, answers in-process requests, but not ones a proxy forwarded', async () => {
    const a = await testApp();
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(200);
    const proxied = await a.app.inject({
      method: 'GET',
      url: '/admin/agents',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(401);
    expect(proxied.json().error.code).toBe('HOTLINE_ADMIN_UNAUTHORIZED');
    await a.app.close();
  });

  it('with a token, requires it', async () => {
    const token = 's3cret-token'.padEnd(32, '0');
    const a = await testApp({ app: { adminToken: token } });
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(401);
    expect(
      (await a.app.inject({ method: 'GET', url: '/admin/agents', headers: { authorization: 'Bearer wrong' } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await a.app.inject({ method: 'GET', url: '/admin/agents', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(200);
    await a.app.close();
  });
});
