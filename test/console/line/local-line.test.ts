import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { closeLocalLine, localLine } from '../../../src/console/line/local-line.js';
import type { LocalCall } from '../../../src/console/line/local-call.js';
import type { LocalCallEvent } from '../../../src/console/line/line-wire.js';
import { buildApp } from '../../../src/server/app.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { registerAgent, startConsoleServer } from '../../helpers/console-browser.js';

let app: FastifyInstance;
let store: MemoryCallStore;

beforeEach(async () => {
  store = new MemoryCallStore();
  app = await buildApp({ flow: direct, store, publicUrl: null, authToken: 'local-line-test-token' });
  await app.ready();
});
afterEach(async () => {
  await closeLocalLine(app);
  await app.close();
});

/** Resolves with the first event of `call` (kept or to come) that `match` accepts. */
function next(call: LocalCall, match: (e: LocalCallEvent) => boolean, after = 0): Promise<LocalCallEvent> {
  const kept = call.events.slice(after).find(match);
  if (kept) return Promise.resolve(kept);
  return new Promise((resolve) => {
    const stop = call.subscribe((e) => {
      if (!match(e)) return;
      stop();
      resolve(e);
    });
  });
}

describe('the local line', () => {
  it('is one emulator per server, shared by every caller', () => {
    expect(localLine(app)).toBe(localLine(app));
    expect(localLine(app).emulator).toBe(localLine(app).emulator);
  });

  it('runs a call gather by gather as the page answers, with each webhook and the TwiML answered', async () => {
    const call = localLine(app).placeCall({ from: '+8613800138000', readsPrompts: true });
    const input = await next(call, (e) => e.kind === 'input');
    expect(input).toMatchObject({ place: 'call', input: 'dtmf speech' });
    const captions = call.events.filter((e) => e.kind === 'prompt' && e.verb === 'Say');
    expect(captions.length).toBeGreaterThan(0);
    const first = call.events.find((e) => e.kind === 'webhook');
    expect(first).toMatchObject({ kind: 'webhook', path: '/voice', status: 200 });
    expect(first?.kind === 'webhook' && first.body).toContain('<Gather');
    expect(call.input({ kind: 'keys', digits: '1' })).toBe(true);
    await next(call, (e) => e.kind === 'queued');
    call.hangUp();
    const result = await call.done;
    expect(result.endedBy).toBe('caller');
    expect(call.answers).toEqual([{ keys: '1' }]);
    const record = await store.getRecord(call.callSid);
    expect(record?.outcome).toBe('abandoned');
  }, 30_000);

  it("bridges the caller to an agent's leg in the same emulator's queue, until the agent hangs up on it", async () => {
    await store.putAgent({
      id: '3001',
      name: 'Agent 3001',
      phone: '+8613900003001',
      skills: ['general'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    const line = localLine(app);
    const call = line.placeCall({ from: '+8613800138001', readsPrompts: true });
    await next(call, (e) => e.kind === 'input');
    call.input({ kind: 'keys', digits: '1' });
    await next(call, (e) => e.kind === 'queued');
    const leg = line.placeAgentLeg({ agentId: '3001', phone: '+8613900003001' });
    await next(call, (e) => e.kind === 'prompt' && e.place === 'greeting');
    expect(call.queue?.taken).toBe(true);
    expect((await app.hotline.agentStates.current('3001')).state).toBe('on-call');
    leg.endCall();
    // After the agent, the direct flow asks for a rating.
    const survey = await next(call, (e) => e.kind === 'input', call.events.length);
    expect(survey).toMatchObject({ place: 'call' });
    call.input({ kind: 'keys', digits: '5' });
    await call.done;
    expect((await store.getRecord(call.callSid))?.agentId).toBe('3001');
    leg.hangUp();
    expect((await leg.done).endedBy).toBe('caller');
  }, 30_000);

  it('keys the PIN of an agent who has one, and the agent takes the caller', async () => {
    const server = await startConsoleServer();
    try {
      await registerAgent(server, { id: '3002', pin: '2468', phone: '+8613900003002' });
      const line = localLine(server.app);
      const call = line.placeCall({ from: '+8613800138002', readsPrompts: true });
      await next(call, (e) => e.kind === 'input');
      call.input({ kind: 'keys', digits: '1' });
      await next(call, (e) => e.kind === 'queued');
      const leg = line.placeAgentLeg({ agentId: '3002', phone: '+8613900003002', pin: '2468' });
      await next(call, (e) => e.kind === 'prompt' && e.place === 'greeting');
      expect((await server.app.hotline.agentStates.current('3002')).state).toBe('on-call');
      call.hangUp();
      await call.done;
      leg.hangUp();
      await leg.done;
    } finally {
      await closeLocalLine(server.app);
      await server.close();
    }
  }, 30_000);
});
