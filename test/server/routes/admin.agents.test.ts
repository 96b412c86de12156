import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import type { CallStore } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../../helpers/signed-client.js';
import { testApp } from '../../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-admin-delete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stores: [string, () => CallStore][] = [
  ['memory', () => new MemoryCallStore()],
  ['SQLite', () => new SqliteCallStore(join(dir, `calls-${Math.random().toString(36).slice(2)}.db`))],
];

describe.each(stores)('DELETE /admin/agents/:id (%s store)', (_name, makeStore) => {
  it('removes the agent: it is gone from the list and from the store', async () => {
    const store = makeStore();
    const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN });
    const put = await app.inject({
      method: 'PUT',
      url: '/admin/agents/901234',
      payload: { name: 'bot', skills: ['general'], pool: 'in-house' },
    });
    expect(put.statusCode).toBe(200);
    expect(await store.getAgent('901234')).toBeDefined();
    const deleted = await app.inject({ method: 'DELETE', url: '/admin/agents/901234' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ deleted: '901234' });
    expect((await app.inject({ method: 'GET', url: '/admin/agents' })).json()).toEqual({ agents: [] });
    expect(await store.getAgent('901234')).toBeUndefined();
    await app.close();
    await store.close();
  });

  it('answers 404 HOTLINE_AGENT_UNKNOWN for an agent that is not there, 400 for a malformed id', async () => {
    const store = makeStore();
    const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN });
    const missing = await app.inject({ method: 'DELETE', url: '/admin/agents/77' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('HOTLINE_AGENT_UNKNOWN');
    const malformed = await app.inject({ method: 'DELETE', url: '/admin/agents/abc' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('HOTLINE_AGENT_INVALID');
    await app.close();
    await store.close();
  });

  it('is refused to a client without the admin token', async () => {
    const store = makeStore();
    const app = await buildApp({
      flow: direct,
      store,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      adminToken: 'secret-admin-token-0123456789abcdef',
    });
    await store.putAgent({
      id: '8013',
      name: 'Wang Li',
      phone: null,
      skills: ['general'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    const refused = await app.inject({ method: 'DELETE', url: '/admin/agents/8013' });
    expect(refused.statusCode).toBe(401);
    expect(await store.getAgent('8013')).toBeDefined();
    await app.close();
    await store.close();
  });
});

describe('PUT /admin/agents/:id', () => {
  it('validates agent registrations with a clear error', async () => {
    const a = await testApp();
    const bad = await a.app.inject({
      method: 'PUT',
      url: '/admin/agents/77',
      payload: { name: 'X', skills: [], pool: 'vendor' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HOTLINE_AGENT_INVALID');
    expect(bad.json().error.message).toMatch(/body\.skills|body\.pool/);
    await a.app.close();
  });
});
