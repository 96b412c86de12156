import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import { agentQueues, DEFAULT_ROUTING } from '../../../src/server/services/routing.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { TestClock } from '../../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../../helpers/signed-client.js';

const inHouse = {
  id: '1',
  name: 'in',
  phone: '+8613900000001',
  skills: ['general'],
  pool: 'in-house' as const,
  active: true,
  pinHash: null,
};
const vendor = {
  id: '2',
  name: 'out',
  phone: '+8613900000002',
  skills: ['general'],
  pool: 'outsourced' as const,
  active: true,
  pinHash: null,
};

describe('routing between pools', () => {
  it('gives in-house agents their queue then the overflow queue, and vendors only theirs', () => {
    expect(agentQueues(DEFAULT_ROUTING, inHouse)).toEqual({
      own: ['general.in-house'],
      overflow: ['general.outsourced'],
    });
    expect(agentQueues(DEFAULT_ROUTING, vendor)).toEqual({ own: ['general.outsourced'], overflow: [] });
  });

  it('overflows a caller to the outsourced queue after 30 s, where the vendor agent takes them', async () => {
    const clock = new TestClock();
    const store = new MemoryCallStore();
    const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, clock: clock.now });
    await store.putAgent(vendor);
    const sid = `CA${'1'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    const queued = await post(app, '/voice/no-input?turn=1', callParams(sid));
    const action = queued.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;

    const idle = await post(app, '/agent/voice', callParams(`CA${'2'.repeat(32)}`, { From: vendor.phone }));
    expect(
      idle.verbs.map((v) => v.name),
      'the vendor does not take in-house callers before overflow',
    ).toEqual(['Pause', 'Redirect']);

    clock.advance(29);
    expect((await post(app, '/queue/wait', callParams(sid))).verbs.map((v) => v.name)).not.toContain('Leave');
    clock.advance(1);
    expect((await post(app, '/queue/wait', callParams(sid))).verbs.map((v) => v.name)).toEqual(['Leave']);
    const rejoined = await post(app, action, callParams(sid, { QueueResult: 'leave' }));
    expect(rejoined.verbs.find((v) => v.name === 'Enqueue')?.text).toBe('general.outsourced');

    const take = await post(app, '/agent/voice', callParams(`CA${'2'.repeat(32)}`, { From: vendor.phone }));
    expect(take.verbs[0]?.children[0]?.text).toBe('general.outsourced');
    await post(app, '/agent/connect?agent=2', callParams(sid));
    const record = (await store.getRecord(sid))!;
    expect(record).toMatchObject({ pool: 'outsourced', agentId: '2', answerSec: record.queueEntrySec! + 30 });
    await app.close();
  });

  it('announces position and an estimated wait from the number of agents', async () => {
    const clock = new TestClock();
    const store = new MemoryCallStore();
    const app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, clock: clock.now });
    for (const id of ['1', '2', '3']) {
      await store.putAgent({ ...inHouse, id, phone: `+861390000000${id}` });
      // Only agents on duty count (issue 13): these three logged in.
      await post(app, '/agent/voice', callParams(`CA${id.repeat(32)}`, { From: `+861390000000${id}` }));
    }
    const sid = `CA${'3'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    await post(app, '/voice/no-input?turn=1', callParams(sid));
    const round = await post(app, '/queue/wait', callParams(sid, { QueuePosition: '7' }));
    // 7 × 270 s / 3 agents = 630 s → 11 minutes; 6 callers ahead.
    expect(round.body).toContain('您前面还有6位来电。预计等待11分钟。');
    expect(round.body).toContain('当前话务繁忙');
    const second = await post(app, '/queue/wait', callParams(sid, { QueuePosition: '7' }));
    expect(second.body, 'the hold message is heard once').not.toContain('当前话务繁忙');
    await app.close();
  });
});
