import { describe, expect, it } from 'vitest';
import { newCallRecord } from '../../../src/record/call-record.js';
import { DEFAULT_ROUTING } from '../../../src/server/services/routing.js';
import { WaitEstimator } from '../../../src/server/services/wait-estimator.js';
import type { AgentState } from '../../../src/store/agent-state.js';
import type { Agent } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { callParams, post, spoken } from '../../helpers/signed-client.js';
import { enqueued, testApp, type TestApp } from '../../helpers/test-app.js';

/** 60 s handle time, so the minutes are easy to check; 30 s before overflow (the default). */
const ROUTING = { ...DEFAULT_ROUTING, handleSecForEstimate: 60 };

/** Registers agents `ids` in `pool` with both skills and sets them `state` through the admin API. */
async function onDuty(a: TestApp, ids: string[], pool: Agent['pool'], state: AgentState = 'ready'): Promise<void> {
  for (const id of ids) {
    await a.app.inject({
      method: 'PUT',
      url: `/admin/agents/${id}`,
      payload: { name: id, skills: ['general', 'foreign-language'], pool },
    });
    const res = await a.app.inject({ method: 'POST', url: `/admin/agents/${id}/state`, payload: { state } });
    expect(res.statusCode).toBe(200);
  }
}

/** What a caller at `position` hears in the wait round (Mandarin caller, or English after pressing 9). */
async function heard(a: TestApp, sid: string, position: number, english = false): Promise<string> {
  if (english) {
    await post(a.app, '/voice', callParams(sid));
    await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '9' }));
  } else {
    await enqueued(a, sid);
  }
  const round = await post(a.app, '/queue/wait', callParams(sid, { QueuePosition: String(position) }));
  return spoken(round.verbs).join(' ');
}

describe('wait announcements', () => {
  it('says nobody is on duty, in both languages, when only logged-out, away or other-pool agents exist', async () => {
    const a = await testApp({ app: { routing: ROUTING } });
    await onDuty(a, ['8101'], 'in-house', 'away');
    await onDuty(a, ['8102'], 'outsourced');
    expect(await heard(a, `CA${'c1'.repeat(16)}`, 1)).toContain('您前面没有其他来电。目前没有受理员在岗。');
    expect(await heard(a, `CA${'c2'.repeat(16)}`, 3, true)).toContain(
      'There are 2 callers ahead of you. No agent is on duty right now.',
    );
    await a.app.close();
  });

  it('counts one agent on duty: 1 minute, singular, in both languages', async () => {
    const a = await testApp({ app: { routing: ROUTING } });
    await onDuty(a, ['8101'], 'in-house');
    expect(await heard(a, `CA${'c3'.repeat(16)}`, 1)).toContain('您前面没有其他来电。预计等待1分钟。');
    expect(await heard(a, `CA${'c4'.repeat(16)}`, 2, true)).toContain(
      'There is 1 caller ahead of you. The estimated wait is 2 minutes.',
    );
    expect(await heard(a, `CA${'c5'.repeat(16)}`, 1, true)).toContain(
      'You are next in line. The estimated wait is 1 minute.',
    );
    await a.app.close();
  });

  it('divides by many agents on duty (ready, on-call, wrap-up), in both languages', async () => {
    const a = await testApp({ app: { routing: ROUTING } });
    await onDuty(a, ['8101', '8102', '8103'], 'in-house');
    // 7 × 60 s ÷ 3 agents = 140 s: 3 minutes.
    expect(await heard(a, `CA${'c6'.repeat(16)}`, 7)).toContain('您前面还有6位来电。预计等待3分钟。');
    expect(await heard(a, `CA${'c7'.repeat(16)}`, 7, true)).toContain(
      'There are 6 callers ahead of you. The estimated wait is 3 minutes.',
    );
    await a.app.close();
  });
});

describe('WaitEstimator', () => {
  const agent = (id: string, pool: Agent['pool']): Agent => ({
    id,
    name: id,
    phone: null,
    skills: ['general'],
    pool,
    active: true,
    pinHash: null,
  });
  async function store(): Promise<MemoryCallStore> {
    const s = new MemoryCallStore();
    for (const [id, pool] of [
      ['1', 'in-house'],
      ['2', 'outsourced'],
      ['3', 'outsourced'],
    ] as const) {
      await s.putAgent(agent(id, pool));
      await s.changeAgentState(
        { agentId: id, state: 'ready', sinceSec: 0, callSid: null, answerSec: null },
        { agentId: id, from: 'logged-out', to: 'ready', atSec: 0, source: 'admin', reason: 't' },
      );
    }
    return s;
  }

  it('counts the overflow pool only once the caller is in its queue (with the primary pool)', async () => {
    const estimator = new WaitEstimator(await store(), ROUTING, () => 0);
    expect((await estimator.estimate('general', 'general.in-house', 1)).onDuty).toBe(1);
    expect((await estimator.estimate('general', 'general.outsourced', 1)).onDuty).toBe(3);
  });

  it('uses the mean of recent handle times, else the configured one', async () => {
    const s = await store();
    let now = 0;
    const estimator = new WaitEstimator(s, ROUTING, () => now);
    expect((await estimator.estimate('general', 'general.in-house', 1)).handleSec).toBe(60);
    for (const [sid, handleSec] of [
      ['CA1', 200],
      ['CA2', 400],
    ] as const) {
      const base = newCallRecord({
        callSid: sid,
        flowId: 'f',
        direction: 'inbound',
        callerHash: null,
        arrivalSec: 0,
        language: 'cmn-CN',
        lastState: 'x',
      });
      await s.putRecord({ ...base, skill: 'general', endSec: 10, handleSec, outcome: 'answered' });
    }
    now = 61;
    const estimate = await estimator.estimate('general', 'general.in-house', 2);
    expect(estimate).toEqual({ ahead: 1, waitMin: 10, onDuty: 1, handleSec: 300 });
  });
});
