import { describe, expect, it } from 'vitest';
import { noAgents, storedAgentStates, waitingByQueue } from '../../../src/server/services/line-state.js';
import type { Agent } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { NOW, session } from '../../helpers/live-sessions.js';

const agent = (id: string, pool: Agent['pool'], active = true): Agent => ({
  id,
  name: id,
  phone: null,
  skills: ['general'],
  pool,
  active,
  pinHash: null,
});

describe('waitingByQueue', () => {
  it('counts callers per queue with the earliest queue entry, leaving out calls with an agent or in the IVR', async () => {
    const store = new MemoryCallStore();
    await store.saveSession(session(1, { queue: 'general.in-house', entrySec: NOW - 40 }));
    await store.saveSession(session(2, { queue: 'general.in-house', entrySec: NOW - 90 }));
    await store.saveSession(session(3, { queue: 'tax.outsourced', entrySec: NOW - 5 }));
    await store.saveSession(session(4, { agentId: '8001' }));
    await store.saveSession(session(5, {}));
    expect(await waitingByQueue(store, NOW)).toEqual({
      'general.in-house': { waiting: 2, oldestEntrySec: NOW - 90 },
      'tax.outsourced': { waiting: 1, oldestEntrySec: NOW - 5 },
    });
  });
});

describe('storedAgentStates', () => {
  it('counts each agent in its group under its stored state; no state stored or inactive is logged out', async () => {
    const store = new MemoryCallStore();
    for (const a of [agent('8001', 'in-house'), agent('8002', 'in-house'), agent('8003', 'in-house', false)])
      await store.putAgent(a);
    await store.putAgent({ ...agent('9001', 'outsourced'), group: 'Acme' });
    await store.putAgent({ ...agent('9002', 'outsourced'), group: 'Acme' });
    const status = (agentId: string, state: 'on-call' | 'wrap-up' | 'away' | 'ready') => ({
      agentId,
      state,
      sinceSec: NOW,
      callSid: null,
      answerSec: null,
    });
    const change = (agentId: string, to: 'on-call' | 'wrap-up' | 'away' | 'ready') =>
      ({ agentId, from: 'logged-out', to, atSec: NOW, source: 'admin', reason: 'test' }) as const;
    for (const [id, state] of [
      ['8001', 'on-call'],
      ['8003', 'ready'],
      ['9001', 'wrap-up'],
      ['9002', 'away'],
    ] as const)
      await store.changeAgentState(status(id, state), change(id, state));
    expect(await storedAgentStates(store).agentsByGroup()).toEqual({
      'in-house': { ...noAgents(), 'on-call': 1, 'logged-out': 2 },
      Acme: { ...noAgents(), 'wrap-up': 1, away: 1 },
    });
  });
});
