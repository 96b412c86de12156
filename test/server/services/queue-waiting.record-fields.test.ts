import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING } from '../../../src/server/services/routing.js';
import { AGENT } from '../../helpers/path-driver.js';
import { callParams, post } from '../../helpers/signed-client.js';
import { enqueued, testApp } from '../../helpers/test-app.js';

const ROUTING = { ...DEFAULT_ROUTING, poolGroups: { 'in-house': 'City team', outsourced: 'Contractor A' } };

describe('live record fields of queued calls', () => {
  it('gives an abandoned caller the pool and group of the queue that held it last, overflow included', async () => {
    const a = await testApp({ app: { routing: ROUTING } });
    const early = `CA${'f1'.repeat(16)}`;
    const action = await enqueued(a, early);
    await post(a.app, action, callParams(early, { QueueResult: 'hangup' }));
    expect(await a.store.getRecord(early)).toMatchObject({
      outcome: 'abandoned',
      pool: 'in-house',
      agentGroup: 'City team',
      surveyInvited: false,
      talkSec: null,
      handleSec: null,
    });

    const late = `CA${'f2'.repeat(16)}`;
    const first = await enqueued(a, late);
    a.clock.advance(31);
    await post(a.app, '/queue/wait', callParams(late));
    const moved = await post(a.app, first, callParams(late, { QueueResult: 'leave' }));
    const second = moved.verbs.find((v) => v.name === 'Enqueue')!;
    expect(second.text).toBe('general.outsourced');
    await post(a.app, second.attrs.action!, callParams(late, { QueueResult: 'hangup' }));
    expect(await a.store.getRecord(late)).toMatchObject({
      outcome: 'abandoned',
      pool: 'outsourced',
      agentGroup: 'Contractor A',
    });
    await a.app.close();
  });

  it("gives an answered call the agent's pool and group, talk time, and the survey invitation", async () => {
    const a = await testApp({ app: { routing: ROUTING } });
    await a.app.inject({
      method: 'PUT',
      url: `/admin/agents/${AGENT.id}`,
      payload: { name: 'A', phone: AGENT.phone, skills: ['general'], pool: 'outsourced', group: 'Contractor B' },
    });
    const sid = `CA${'f3'.repeat(16)}`;
    const action = await enqueued(a, sid);
    a.clock.advance(31);
    await post(a.app, '/queue/wait', callParams(sid));
    const moved = await post(a.app, action, callParams(sid, { QueueResult: 'leave' }));
    const second = moved.verbs.find((v) => v.name === 'Enqueue')!;
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    a.clock.advance(42);
    await post(a.app, second.attrs.action!, callParams(sid, { QueueResult: 'bridged' }));
    await post(a.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
    expect(await a.store.getRecord(sid)).toMatchObject({
      outcome: 'answered',
      pool: 'outsourced',
      agentGroup: 'Contractor B',
      agentId: AGENT.id,
      talkSec: 42,
      surveyInvited: true,
    });
    await a.app.close();
  });
});
