import { afterEach, describe, expect, it, vi } from 'vitest';
import { kpiReport } from '../../../src/analysis/kpi-report.js';
import { KpiAccumulator } from '../../../src/analysis/kpis.js';
import { WallboardTracker } from '../../../src/console/wallboard/wallboard-board.js';
import { LiveFeed } from '../../../src/server/services/live-feed.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import type { CallRecord } from '../../../src/record/call-record.js';
import { queued, record } from '../../helpers/call-records.js';
import { at, handContract } from '../../helpers/contract-records.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tracker over `store` at `nowSec` (Asia/Shanghai, the day starting at midnight), started. */
async function trackerAt(store: MemoryCallStore, nowSec: number) {
  const day = { timeZone: 'Asia/Shanghai', dayStartHour: 0 };
  const feed = new LiveFeed({ store, agents: { agentsByGroup: async () => ({}) }, day, nowSec: () => nowSec });
  await feed.start();
  const tracker = new WallboardTracker({ feed, store, nowSec: () => nowSec, contracts: [], expect: null });
  await tracker.start();
  return { feed, tracker };
}

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

  it("has the overflow and calls per hour of `hotline kpis --by hour,pool`, following KpiAccumulator's rules", async () => {
    // Were KpiAccumulator to stop counting first attempts as offered, the overflow must follow: no rules of its own.
    const add = KpiAccumulator.prototype.add;
    vi.spyOn(KpiAccumulator.prototype, 'add').mockImplementation(function (this: KpiAccumulator, r: CallRecord) {
      add.call(this, r.attempt === 1 ? { ...r, queueEntrySec: null } : r);
    });
    const store = new MemoryCallStore();
    const start = at('2026-03-02T00:00:00+08:00');
    for (let i = 0; i < 40; i += 1) {
      const arrival = start + 8 * 3600 + i * 450;
      const pool = i % 3 === 0 ? 'in-house' : 'outsourced';
      const attempt = i % 4 === 0 ? 2 : 1;
      const outcome = i % 7 === 0 ? { outcome: 'timed-out' as const } : {};
      const call = queued(arrival, { ivrSec: 5, waitSec: i, answered: i % 5 !== 0 }, { pool, attempt, ...outcome });
      await store.putRecord(i % 9 === 0 ? record(arrival) : i % 11 === 0 ? { ...call, direction: 'callback' } : call);
    }
    const { feed, tracker } = await trackerAt(store, start + 14 * 3600);
    const report = await kpiReport(await store.listRecords(), {
      by: ['hour', 'pool'],
      fromSec: start,
      toSec: start + 86_400,
    });
    const outsourced = report.groups.filter((g) => g.key.pool === 'outsourced');
    const queuedCalls = outsourced.reduce((n, g) => n + g.kpis.offered, 0);
    expect(queuedCalls).toBeGreaterThan(0);
    expect(queuedCalls).toBeLessThan(10);
    const board = tracker.result();
    expect(board.overflow).toEqual({
      queued: queuedCalls,
      answered: outsourced.reduce((n, g) => n + g.kpis.answered, 0),
    });
    expect(board.overflow.answered).toBe(report.kpis.answeredByPool.outsourced ?? 0);
    const perHour = new Array<number>(24).fill(0);
    for (const g of report.groups) perHour[Number(g.key.hour!.slice(11, 13))]! += g.kpis.arrivals;
    expect(board.calls.actual).toEqual(perHour);
    tracker.close();
    feed.close();
    await feed.settled();
  });
});
