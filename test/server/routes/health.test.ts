import { describe, expect, it } from 'vitest';
import menu from '../../../flows/hotline-12345-menu.js';
import { flowFingerprint } from '../../../src/server/services/flow-fingerprint.js';
import { testApp } from '../../helpers/test-app.js';

describe('GET /health', () => {
  it('names the served flow and its fingerprint, without a token', async () => {
    const { app } = await testApp({ flow: menu });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, flow: menu.id, flowFingerprint: flowFingerprint(menu) });
    await app.close();
  });
});
