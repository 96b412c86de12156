import { describe, expect, it } from 'vitest';
import { WallboardTracker } from '../../../src/console/wallboard/wallboard-board.js';
import { LiveFeed } from '../../../src/server/services/live-feed.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { queued } from '../../helpers/call-records.js';
import { at, handContract } from '../../helpers/contract-records.js';

describe('WallboardTracker', () => {
  it('counts a record once whether seeded or heard, and starts again on a new day', async () => {
    const clock = { sec: at('2026-03-02T09:30:00+08:00') };
    const store = new MemoryCallStore();
    const seeded = queued(
      at('2026-03-02T09:00:00+08:00'),
      { ivrSec: 5, waitSec: 2, answered: true },
      {
        agentGroup: 'vendor-a',
        pool: 'outsourced',
      },
    );
    await store.putRecord(seeded);
    const day = { timeZone: 'Asia/Shanghai', dayStartHour: 0 };
    const feed = new LiveFeed({ store, agents: { agentsByGroup: async () => ({}) }, day, nowSec: () => clock.sec });
    await feed.start();
    const tracker = new WallboardTracker({
      feed,
      store,
      nowSec: () => clock.sec,
      contracts: [handContract],
      expect: null,
    });
    await tracker.start();
    feed.recordFinal(seeded);
    const heard = queued(at('2026-03-02T09:10:00+08:00'), { ivrSec: 5, waitSec: 40, answered: false });
    feed.recordFinal(heard);
    const board = tracker.result();
    expect(board.calls.actual[9]).toBe(2);
    expect(board.calls.expected).toBeNull();
    expect(board.overflow).toEqual({ queued: 1, answered: 1 });
    expect(board.contracts[0]!.today.offered).toBe(1);
    clock.sec = at('2026-03-03T00:00:01+08:00');
    const next = tracker.result();
    expect(next.calls.actual.reduce((x, y) => x + y, 0)).toBe(0);
    expect(next.contracts[0]!.today).toMatchObject({ offered: 0, period: '2026-03-03' });
    tracker.close();
    feed.close();
    await feed.settled();
  });
});
