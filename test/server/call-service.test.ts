import { describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { AGENT } from '../helpers/path-driver.js';
import { appWithAgent, queueCall } from '../helpers/app-with-agent.js';
import { callParams, post, spoken } from '../helpers/signed-client.js';

describe('webhooks of one call arriving together', () => {
  it('serialises a wait round and the agent pick-up, so the answer is not undone', async () => {
    const a = await appWithAgent(direct, {}, true);
    const sid = `CA${'a1'.repeat(16)}`;
    await queueCall(a, sid);
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
    const a = await appWithAgent(direct, {}, true);
    const sid = `CA${'a2'.repeat(16)}`;
    const action = await queueCall(a, sid);
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
    const a = await appWithAgent(menu);
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
    const a = await appWithAgent();
    const sid = `CA${'a4'.repeat(16)}`;
    const action = await queueCall(a, sid);
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    await post(a.app, action, callParams(sid, { QueueResult: 'bridging-in-process' }));
    expect(await a.store.getRecord(sid)).toMatchObject({ outcome: 'abandoned', answerSec: null, agentId: null });
    await a.app.close();
  });

  it('offers no callback to a caller without an E.164 number', async () => {
    const a = await appWithAgent();
    const sid = `CA${'a5'.repeat(16)}`;
    await queueCall(a, sid, 'anonymous');
    a.clock.advance(29);
    await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    a.clock.advance(61);
    const round = await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    expect(round.verbs.map((v) => v.name)).not.toContain('Gather');
    await a.app.close();
  });

  it('dials the configured number for an emergency transfer target', async () => {
    const a = await appWithAgent(direct, { transferNumbers: { '119': '+8653100119' } });
    const sid = `CA${'a6'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    const doc = await post(a.app, '/voice/gather?turn=1', callParams(sid, { SpeechResult: '我家着火了' }));
    expect(doc.verbs.find((v) => v.name === 'Dial')?.children[0]?.text).toBe('+8653100119');
    expect(spoken(doc.verbs)[0]).toContain('119');
    await a.app.close();
  });

  it('gives a slow lookup 3 s, then takes the not-found branch instead of missing Twilio’s 15 s limit', async () => {
    const a = await appWithAgent(menu, { lookupTimeoutSec: 0.05, lookups: { caseStatus: () => new Promise(() => undefined) } });
    const sid = `CA${'a7'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '5' }));
    const doc = await post(a.app, '/voice/gather?turn=2', callParams(sid, { Digits: '202611240001' }));
    expect(spoken(doc.verbs)[0]).toContain('没有查到该工单');
    await a.app.close();
  });
});
