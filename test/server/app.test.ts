import { describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../helpers/signed-client.js';

describe('buildApp', () => {
  it('refuses to start a flow whose lookup service is not configured', async () => {
    await expect(buildApp({ flow: menu, store: new MemoryCallStore(), publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN })).rejects.toMatchObject({ code: 'HOTLINE_LOOKUP_FAILED' });
  });
});
