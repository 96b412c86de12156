import { describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { slowStore } from '../helpers/slow-store.js';
import { AGENT, TestClock } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, spoken } from '../helpers/signed-client.js';

async function app(flow: FlowDefinition = direct, extra: Partial<Parameters<typeof buildApp>[0]> = {}, slow = false) {
  const clock = new TestClock();
  const store = slow ? slowStore(new MemoryCallStore()) : new MemoryCallStore();
  const built = await buildApp({ flow, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, clock: clock.now, lookups: { caseStatus: async () => ({ found: false }) }, ...extra });
  await store.putAgent({ id: AGENT.id, name: 'A', phone: AGENT.phone, skills: [...flow.skills], pool: 'in-house', active: true, pinHash: null });
  return { app: built, store, clock };
}

async function queued(a: Awaited<ReturnType<typeof app>>, sid: string, from = '+8613800138000') {
  await post(a.app, '/voice', callParams(sid, { From: from }));
  const doc = await post(a.app, '/voice/no-input?turn=1', callParams(sid, { From: from }));
  return doc.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
}

describe('webhooks of one call arriving together', () => {
  it('serialises a wait round and the agent pick-up, so the answer is not undone', async () => {
    const a = await app(direct, {}, true);
    const sid = `CA${'a1'.repeat(16)}`;
    await queued(a, sid);
    await Promise.all([
      post(a.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
      post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid)),
      post(a.app, '/queue/wait', callParams(sid, { QueuePosition: '1' })),
    ]);
    expect(await a.store.listWaiting(['general.in-house'])).toEqual([]);
    expect((await a.store.getSession(sid))?.record.agentId).toBe(AGENT.id);
    await a.app.close();
  });

  it('answers an action that arrives after the status callback with an empty document', async () => {
    const a = await app(direct, {}, true);
    const sid = `CA${'a2'.repeat(16)}`;
    const action = await queued(a, sid);
    await post(a.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
    const late = await post(a.app, action, callParams(sid, { QueueResult: 'hangup' }));
    expect(late.status).toBe(200);
    expect(late.verbs).toEqual([]);
    expect((await a.store.getRecord(sid))?.outcome).toBe('abandoned');
    await a.app.close();
  });
});

describe('Twilio edge cases', () => {
  it('replays the exact last document, announce prompts included', async () => {
    const a = await app(menu);
    const sid = `CA${'a3'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    const first = await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '7' }));
    expect(spoken(first.verbs)[0]).toContain('输入有误');
    const replay = await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '7' }));
    expect(replay.body).toBe(first.body);
    expect((await a.store.getSession(sid))?.snapshot).toMatchObject({ context: { menuTries: 1 } });
    await a.app.close();
  });

  it('counts a caller who hangs up during the agent greeting (bridging-in-process) as abandoned', async () => {
    const a = await app();
    const sid = `CA${'a4'.repeat(16)}`;
    const action = await queued(a, sid);
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    await post(a.app, action, callParams(sid, { QueueResult: 'bridging-in-process' }));
    expect(await a.store.getRecord(sid)).toMatchObject({ outcome: 'abandoned', answerSec: null, agentId: null });
    await a.app.close();
  });

  it('offers no callback to a caller without an E.164 number', async () => {
    const a = await app();
    const sid = `CA${'a5'.repeat(16)}`;
    await queued(a, sid, 'anonymous');
    a.clock.advance(29);
    await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    a.clock.advance(61);
    const round = await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    expect(round.verbs.map((v) => v.name)).not.toContain('Gather');
    await a.app.close();
  });

  it('dials the configured number for an emergency transfer target', async () => {
    const a = await app(direct, { transferNumbers: { '119': '+8653100119' } });
    const sid = `CA${'a6'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    const doc = await post(a.app, '/voice/gather?turn=1', callParams(sid, { SpeechResult: '我家着火了' }));
    expect(doc.verbs.find((v) => v.name === 'Dial')?.children[0]?.text).toBe('+8653100119');
    expect(spoken(doc.verbs)[0]).toContain('119');
    await a.app.close();
  });

  it('gives a slow lookup 3 s, then takes the not-found branch instead of missing Twilio’s 15 s limit', async () => {
    const a = await app(menu, { lookupTimeoutSec: 0.05, lookups: { caseStatus: () => new Promise(() => undefined) } });
    const sid = `CA${'a7'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '5' }));
    const doc = await post(a.app, '/voice/gather?turn=2', callParams(sid, { Digits: '202611240001' }));
    expect(spoken(doc.verbs)[0]).toContain('没有查到该工单');
    await a.app.close();
  });

  it('refuses to start a flow whose lookup service is not configured', async () => {
    await expect(buildApp({ flow: menu, store: new MemoryCallStore(), publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN })).rejects.toMatchObject({ code: 'HOTLINE_LOOKUP_FAILED' });
  });
});

describe('admin API access', () => {
  it('without a token, an app that does not listen answers in-process requests, but not ones a proxy forwarded', async () => {
    const a = await app();
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(200);
    const proxied = await a.app.inject({ method: 'GET', url: '/admin/agents', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(401);
    expect(proxied.json().error.code).toBe('HOTLINE_ADMIN_UNAUTHORIZED');
    await a.app.close();
  });

  it('with a token, requires it', async () => {
    const token = 's3cret-token'.padEnd(32, '0');
    const a = await app(direct, { adminToken: token });
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents' })).statusCode).toBe(401);
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await a.app.inject({ method: 'GET', url: '/admin/agents', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    await a.app.close();
  });

  it('validates agent registrations with a clear error', async () => {
    const a = await app();
    const bad = await a.app.inject({ method: 'PUT', url: '/admin/agents/77', payload: { name: 'X', skills: [], pool: 'vendor' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HOTLINE_AGENT_INVALID');
    expect(bad.json().error.message).toMatch(/body\.skills|body\.pool/);
    await a.app.close();
  });
});

describe('agent line login', () => {
  it('refuses a keyed-in agent number without a PIN, and accepts number + PIN', async () => {
    const a = await app();
    const line = `CA${'b1'.repeat(16)}`;
    const put = await a.app.inject({ method: 'PUT', url: '/admin/agents/8020', payload: { name: 'B', skills: ['general'], pool: 'outsourced', pin: '4711' } });
    expect(put.json().agent).toMatchObject({ id: '8020', hasPin: true });
    expect(put.body).not.toContain('pinHash');
    // 8013 has no PIN: keyed-in login is refused (its number is spoken to every caller).
    const noPin = await post(a.app, '/agent/login', callParams(line, { From: '+8613700000000', Digits: AGENT.id }));
    expect(noPin.verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
    const ask = await post(a.app, '/agent/login', callParams(line, { From: '+8613700000000', Digits: '8020' }));
    expect(ask.verbs[0]?.attrs.action).toBe('/agent/pin?agent=8020');
    const wrong = await post(a.app, '/agent/pin?agent=8020', callParams(line, { Digits: '1234' }));
    expect(spoken(wrong.verbs)).toEqual(['密码错误。']);
    const right = await post(a.app, '/agent/pin?agent=8020', callParams(line, { Digits: '4711' }));
    expect(right.verbs.map((v) => v.name)).toEqual(['Pause', 'Redirect']);
    await a.app.close();
  });

  it('asks an agent with a PIN for it even from the registered phone', async () => {
    const a = await app();
    await a.app.inject({ method: 'PUT', url: `/admin/agents/${AGENT.id}`, payload: { name: 'A', phone: AGENT.phone, skills: ['general'], pool: 'in-house', pin: '2468' } });
    const res = await post(a.app, '/agent/voice', callParams(`CA${'b2'.repeat(16)}`, { From: AGENT.phone }));
    expect(res.verbs[0]?.attrs.action).toBe(`/agent/pin?agent=${AGENT.id}`);
    await a.app.close();
  });
});
