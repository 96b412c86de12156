import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { localAgentPhone } from '../../../src/console/agent/local-agent-phone.js';
import { closeLocalLine } from '../../../src/console/line/local-line.js';
import { buildApp } from '../../../src/server/app.js';
import type { Agent } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { keyedIntoQueue } from '../../helpers/agent-console.js';

let app: FastifyInstance;
const agent: Agent = {
  id: '3201',
  name: 'Agent 3201',
  phone: null,
  skills: ['general'],
  pool: 'in-house',
  active: true,
  pinHash: 'a-pin-is-set',
};

beforeEach(async () => {
  app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: null, authToken: 'phone-test-token' });
  await app.hotline.store.putAgent(agent);
  await app.ready();
});
afterEach(async () => {
  await closeLocalLine(app);
  await app.close();
});

describe("the agent's local phone", () => {
  it('joins the agent line once per agent, without a PIN (the console signed the agent in)', {
    timeout: 30_000,
  }, async () => {
    const phone = localAgentPhone(app);
    expect(phone.endCall(agent.id), 'no phone on the line yet').toBe(false);
    await app.hotline.agentStates.change(agent.id, 'ready', 'console', 'test');
    const onCall = new Promise<string | null>((resolve) => {
      const stop = app.hotline.agentStates.subscribe((status) => {
        if (status.state !== 'on-call') return;
        stop();
        resolve(status.callSid);
      });
    });
    phone.join(agent);
    phone.join(agent);
    // A caller queued on the same line is bridged: the leg joined at /agent/next (at /agent/voice a PIN prompt
    // would have hung up on an agent who has a PIN, and the phone keeps none).
    const call = await keyedIntoQueue({ app });
    expect(await onCall).toBe(call.callSid);
    expect(phone.endCall(agent.id)).toBe(true);
    const log = await app.hotline.store.listAgentStateLog({ agentId: agent.id, limit: 10 });
    expect(log.map((c) => `${c.to} ${c.source}`).slice(0, 2)).toEqual(['ready console', 'on-call agent-line']);
    call.hangUp();
    await call.done;
  });
});
