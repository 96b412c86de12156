import { describe, expect, it } from 'vitest';
import { AGENT } from '../../helpers/path-driver.js';
import { callParams, post } from '../../helpers/signed-client.js';
import { enqueued, testApp, type TestApp } from '../../helpers/test-app.js';

async function setState(a: TestApp, id: string, payload: unknown) {
  const res = await a.app.inject({ method: 'POST', url: `/admin/agents/${id}/state`, payload: payload as object });
  return { status: res.statusCode, body: res.json() as Record<string, { code?: string; state?: string }> };
}

describe('admin agent states', () => {
  it('sets ready, away and logged-out, logs them as admin with the reason, and lists states with groups', async () => {
    const a = await testApp();
    const put = await a.app.inject({
      method: 'PUT',
      url: '/admin/agents/8020',
      payload: { name: 'B', skills: ['general'], pool: 'outsourced', group: 'Contractor A' },
    });
    expect(put.json().agent).toMatchObject({ id: '8020', group: 'Contractor A' });
    a.clock.advance(10);
    expect((await setState(a, '8020', { state: 'ready' })).body.agent).toMatchObject({ state: 'ready' });
    a.clock.advance(10);
    await setState(a, '8020', { state: 'away', reason: 'training' });
    a.clock.advance(10);
    await setState(a, '8020', { state: 'logged-out', reason: 'end of shift' });
    const states = await a.app.inject({ method: 'GET', url: '/admin/agents/states' });
    expect(states.json().agents).toEqual([
      { id: AGENT.id, group: 'in-house', pool: 'in-house', state: 'logged-out', sinceSec: 0, callSid: null },
      {
        id: '8020',
        group: 'Contractor A',
        pool: 'outsourced',
        state: 'logged-out',
        sinceSec: a.app.hotline.nowSec(),
        callSid: null,
      },
    ]);
    const logRes = await a.app.inject({ method: 'GET', url: '/admin/agents/8020/state-log' });
    const changes = logRes.json().changes as { from: string; to: string; source: string; reason: string }[];
    expect(changes.map((c) => `${c.from}>${c.to} ${c.source} (${c.reason})`)).toEqual([
      'logged-out>ready admin (admin)',
      'ready>away admin (training)',
      'away>logged-out admin (end of shift)',
    ]);
    const start = a.app.hotline.nowSec() - 10;
    const window = await a.app.inject({
      method: 'GET',
      url: `/admin/agents/8020/state-log?from=${start}&to=${start + 10}&limit=5`,
    });
    expect(window.json().changes.map((c: { to: string }) => c.to)).toEqual(['away']);
    const limited = await a.app.inject({ method: 'GET', url: '/admin/agents/8020/state-log?limit=1' });
    expect(limited.json().changes).toHaveLength(1);
    await a.app.close();
  });

  it('refuses states only calls set, bad bodies and queries, and unknown agents, with one-line codes', async () => {
    const a = await testApp();
    for (const body of [{ state: 'on-call' }, { state: 'wrap-up' }, {}, { state: 'ready', extra: 1 }]) {
      const res = await setState(a, AGENT.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('HOTLINE_AGENT_STATE_INVALID');
    }
    const unknown = await setState(a, '9999', { state: 'ready' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'HOTLINE_AGENT_UNKNOWN']);
    const bad = await a.app.inject({ method: 'GET', url: `/admin/agents/${AGENT.id}/state-log?limit=0` });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'HOTLINE_AGENT_STATE_INVALID']);
    const extra = await a.app.inject({ method: 'GET', url: `/admin/agents/${AGENT.id}/state-log?since=1` });
    expect([extra.statusCode, extra.json().error.code]).toEqual([400, 'HOTLINE_AGENT_STATE_INVALID']);
    const noLog = await a.app.inject({ method: 'GET', url: '/admin/agents/9999/state-log' });
    expect(noLog.statusCode).toBe(404);
    expect(JSON.stringify(noLog.json().error.message)).not.toContain('\\n');
    await a.app.close();
  });

  it('refuses to change the state of an agent on a call (409)', async () => {
    const a = await testApp();
    const sid = `CA${'d1'.repeat(16)}`;
    await enqueued(a, sid);
    await post(a.app, `/agent/next?agent=${AGENT.id}`, callParams(`CA${'d2'.repeat(16)}`));
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    const res = await setState(a, AGENT.id, { state: 'away' });
    expect([res.status, res.body.error?.code]).toEqual([409, 'HOTLINE_AGENT_ON_CALL']);
    await a.app.close();
  });

  it('keeps an admin away: the agent line holds the agent without callers until the admin sets ready', async () => {
    const a = await testApp();
    await setState(a, AGENT.id, { state: 'away' });
    await enqueued(a, `CA${'d3'.repeat(16)}`);
    const line = callParams(`CA${'d4'.repeat(16)}`);
    const held = await post(a.app, `/agent/next?agent=${AGENT.id}`, line);
    expect(held.verbs.map((v) => v.name)).toEqual(['Gather', 'Redirect']);
    await setState(a, AGENT.id, { state: 'ready' });
    const dial = await post(a.app, `/agent/next?agent=${AGENT.id}`, line);
    expect(dial.verbs[0]?.name).toBe('Dial');
    await a.app.close();
  });
});
