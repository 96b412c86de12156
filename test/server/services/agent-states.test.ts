import { describe, expect, it } from 'vitest';
import { housekeeping } from '../../../src/server/housekeeping.js';
import { WRAP_UP_GRACE_SEC } from '../../../src/server/services/agent-states.js';
import { AGENT } from '../../helpers/path-driver.js';
import { callParams, post, spoken } from '../../helpers/signed-client.js';
import { enqueued, testApp, type TestApp } from '../../helpers/test-app.js';

const LINE = `CA${'e0'.repeat(16)}`;
const agentParams = (extra: Record<string, string> = {}) =>
  callParams(LINE, { From: AGENT.phone, Caller: AGENT.phone, ...extra });

async function log(a: TestApp): Promise<string[]> {
  const changes = await a.store.listAgentStateLog({ agentId: AGENT.id, limit: 100 });
  return changes.map((c) => `${c.from}>${c.to} ${c.source} (${c.reason})`);
}

/** A caller queued and taken by AGENT, who talks `talkSec`; returns the caller's Enqueue action. */
async function answered(a: TestApp, sid: string, talkSec: number): Promise<string> {
  const action = await enqueued(a, sid);
  const dial = await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams());
  expect(dial.verbs[0]?.name).toBe('Dial');
  a.clock.advance(3);
  await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
  a.clock.advance(talkSec);
  return action;
}

describe('agent states on the agent line', () => {
  it('goes logged-out → ready → on-call → wrap-up → ready, and handle time is talk + wrap-up', async () => {
    const a = await testApp();
    const sid = `CA${'e1'.repeat(16)}`;
    expect((await a.store.getAgentStatus(AGENT.id)) ?? null).toBeNull();
    await post(a.app, '/agent/voice', agentParams());
    expect((await a.store.getAgentStatus(AGENT.id))?.state).toBe('ready');
    const action = await answered(a, sid, 60);
    expect(await a.store.getAgentStatus(AGENT.id)).toMatchObject({ state: 'on-call', callSid: sid });
    // The agent's leg ends first; the caller's Enqueue action comes after.
    const menu = await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    expect(menu.verbs.map((v) => v.name)).toEqual(['Gather', 'Redirect']);
    await post(a.app, action, callParams(sid, { QueueResult: 'bridged' }));
    expect(await a.store.getRecord(sid)).toMatchObject({ talkSec: 60, handleSec: null, surveyInvited: true });
    a.clock.advance(25);
    const again = await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    expect(
      again.verbs.map((v) => v.name),
      'the menu comes round while wrap-up lasts',
    ).toEqual(['Gather', 'Redirect']);
    await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams({ Digits: '1' }));
    expect((await a.store.getAgentStatus(AGENT.id))?.state).toBe('ready');
    expect((await a.store.getRecord(sid))?.handleSec).toBe(85);
    // The caller rates and hangs up: the final record keeps the handle time.
    await post(a.app, '/voice/gather?turn=3', callParams(sid, { Digits: '1' }));
    await post(a.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
    expect(await a.store.getRecord(sid)).toMatchObject({ outcome: 'answered', talkSec: 60, handleSec: 85, rating: 1 });
    expect(await log(a)).toEqual([
      'logged-out>ready agent-line (login)',
      'ready>on-call agent-line (took a caller)',
      'on-call>wrap-up agent-line (call ended)',
      'wrap-up>ready agent-line (next caller)',
    ]);
    await a.app.close();
  });

  it('waits for a key until the wrap-up limit, then ends wrap-up at the limit and logs a silent agent out', async () => {
    const a = await testApp({ app: { wrapUpLimitSec: 30 } });
    const sid = `CA${'e2'.repeat(16)}`;
    await post(a.app, '/agent/voice', agentParams());
    const action = await answered(a, sid, 40);
    await post(a.app, action, callParams(sid, { QueueResult: 'bridged' }));
    const menu = await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    expect(menu.verbs[0]?.attrs.timeout, 'the menu waits out the wrap-up limit').toBe('30');
    a.clock.advance(12);
    const rest = await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    expect(rest.verbs[0]?.attrs.timeout, 'a round that came early waits the rest').toBe('18');
    a.clock.advance(20);
    const gone = await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    expect(gone.verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
    expect((await a.store.getAgentStatus(AGENT.id))?.state).toBe('logged-out');
    expect((await a.store.getRecord(sid))?.handleSec, 'talk 40 s + wrap-up counted at the 30-s limit').toBe(70);
    expect((await log(a)).at(-1)).toBe('wrap-up>logged-out agent-line (no key within the wrap-up limit)');
    await a.app.close();
  });

  it('applies the limit in housekeeping when nobody calls, and logs out an agent gone from the line', async () => {
    const a = await testApp({ app: { wrapUpLimitSec: 30 } });
    const sid = `CA${'e3'.repeat(16)}`;
    await post(a.app, '/agent/voice', agentParams());
    const action = await answered(a, sid, 50);
    await post(a.app, action, callParams(sid, { QueueResult: 'bridged' }));
    await post(a.app, `/agent/after?agent=${AGENT.id}`, agentParams());
    a.clock.advance(29);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).agentsLoggedOut).toEqual([]);
    expect((await a.store.getRecord(sid))?.handleSec).toBeNull();
    a.clock.advance(2);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).agentsLoggedOut).toEqual([]);
    expect((await a.store.getRecord(sid))?.handleSec, 'written at the limit, nobody calling').toBe(80);
    expect((await a.store.getAgentStatus(AGENT.id))?.state, 'within the grace the line may still end it').toBe(
      'wrap-up',
    );
    a.clock.advance(WRAP_UP_GRACE_SEC);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).agentsLoggedOut).toEqual([AGENT.id]);
    expect((await a.store.getAgentStatus(AGENT.id))?.state).toBe('logged-out');
    expect((await a.store.getRecord(sid))?.handleSec).toBe(80);
    expect((await log(a)).at(-1)).toBe('wrap-up>logged-out system (wrap-up limit passed off the agent line)');
    await a.app.close();
  });

  it("starts wrap-up from the caller's side when the agent's leg hung up (no Dial action comes)", async () => {
    const a = await testApp({ app: { wrapUpLimitSec: 30 } });
    const sid = `CA${'e5'.repeat(16)}`;
    await post(a.app, '/agent/voice', agentParams());
    const action = await answered(a, sid, 20);
    await post(a.app, action, callParams(sid, { QueueResult: 'bridged' }));
    expect(await a.store.getAgentStatus(AGENT.id)).toMatchObject({ state: 'wrap-up', callSid: sid });
    a.clock.advance(30 + WRAP_UP_GRACE_SEC);
    expect((await housekeeping(a.app.hotline, a.app.hotline.nowSec())).agentsLoggedOut).toEqual([AGENT.id]);
    expect((await a.store.getRecord(sid))?.handleSec).toBe(50);
    await a.app.close();
  });

  it('takes an agent away with 2 and back with 1; away, the agent gets no callers', async () => {
    const a = await testApp();
    await post(a.app, '/agent/voice', agentParams());
    const away = await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams({ Digits: '2' }));
    expect(spoken(away.verbs)[0]).toContain('暂停接听');
    await enqueued(a, `CA${'e4'.repeat(16)}`);
    const still = await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams());
    expect(
      still.verbs.map((v) => v.name),
      'a caller waits, but the agent is away',
    ).toEqual(['Gather', 'Redirect']);
    const back = await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams({ Digits: '1' }));
    expect(back.verbs[0]?.name).toBe('Dial');
    expect(await log(a)).toEqual([
      'logged-out>ready agent-line (login)',
      'ready>away agent-line (key 2)',
      'away>ready agent-line (key 1)',
    ]);
    await a.app.close();
  });

  it('makes a logged-out agent who asks for a caller ready, and a login ends away', async () => {
    const a = await testApp();
    await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams());
    expect((await a.store.getAgentStatus(AGENT.id))?.state).toBe('ready');
    await post(a.app, `/agent/next?agent=${AGENT.id}`, agentParams({ Digits: '2' }));
    await post(a.app, '/agent/voice', agentParams());
    expect((await log(a)).at(-1)).toBe('away>ready agent-line (login)');
    await a.app.close();
  });
});
