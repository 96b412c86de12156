import { describe, expect, it } from 'vitest';
import menu from '../../../flows/hotline-12345-menu.js';
import { buildApp } from '../../../src/server/app.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, spoken } from '../../helpers/signed-client.js';
import { testApp } from '../../helpers/test-app.js';

describe("the flow's lookups", () => {
  it('gives a slow lookup 3 s, then takes the not-found branch instead of missing Twilio’s 15 s limit', async () => {
    const a = await testApp({
      flow: menu,
      app: { lookupTimeoutSec: 0.05, lookups: { caseStatus: () => new Promise(() => undefined) } },
    });
    const sid = `CA${'a7'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '5' }));
    const doc = await post(a.app, '/voice/gather?turn=2', callParams(sid, { Digits: '202611240001' }));
    expect(spoken(doc.verbs)[0]).toContain('没有查到该工单');
    await a.app.close();
  });

  it('refuses to start a flow whose lookup service is not configured', async () => {
    await expect(
      buildApp({ flow: menu, store: new MemoryCallStore(), publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN }),
    ).rejects.toMatchObject({ code: 'HOTLINE_LOOKUP_FAILED' });
  });
});
