import { describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../../src/record/call-record.js';
import type { AgentStateSource } from '../../../src/server/services/line-state.js';
import { LiveFeed, type WallboardChange } from '../../../src/server/services/live-feed.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { NOW, session } from '../../helpers/live-sessions.js';
const DAY = { timeZone: 'Asia/Shanghai', dayStartHour: 0 };

function ended(n: number, arrivalSec: number): CallRecord {
  return {
    ...newCallRecord({
      callSid: `CA${String(n).padStart(32, '0')}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: null,
      arrivalSec,
      language: 'cmn-CN',
      lastState: 'end',
    }),
    queueEntrySec: arrivalSec + 5,
    abandonSec: arrivalSec + 20,
    endSec: arrivalSec + 20,
    outcome: 'abandoned',
  };
}

/** A feed over a memory store whose agent source counts its reads, with a settable clock. */
async function feed() {
  const store = new MemoryCallStore();
  const clock = { sec: NOW };
  let reads = 0;
  const agents: AgentStateSource = {
    async agentsByGroup() {
      reads += 1;
      return {};
    },
  };
  await store.putRecord(ended(1, NOW - 100));
  const live = new LiveFeed({ store, agents, day: DAY, nowSec: () => clock.sec });
  await live.start();
  const changes: [number, WallboardChange][] = [];
  live.subscribe((seq, what) => changes.push([seq, what]));
  return { store, live, clock, changes, reads: () => reads };
}

describe('LiveFeed', () => {
  it("seeds today's KPIs from the store and counts each final record once as a numbered change", async () => {
    const { live, changes } = await feed();
    expect(live.state().today.kpis.abandoned).toBe(1);
    const seq = live.seq;
    live.recordFinal(ended(2, NOW - 50));
    await live.settled();
    expect(changes[0]).toEqual([seq + 1, 'kpis']);
    expect(live.state().today.kpis.abandoned).toBe(2);
    live.close();
  });

  it('reads the line again when asked, coalescing requests made during a read into one more read', async () => {
    const { store, live, changes, reads, clock } = await feed();
    const before = reads();
    await store.saveSession(session(11, { queue: 'general.in-house', entrySec: NOW - 30 }));
    for (let i = 0; i < 10; i += 1) live.lineMayHaveChanged();
    await live.settled();
    expect(reads() - before).toBe(2);
    expect(changes.map(([, what]) => what)).toEqual(['line']);
    clock.sec = NOW + 10;
    expect(live.state()).toMatchObject({
      queues: { 'general.in-house': { waiting: 1, oldestEntrySec: NOW - 30, longestWaitSec: 40 } },
      longestWaitSec: 40,
    });
    live.lineMayHaveChanged();
    await live.settled();
    expect(changes).toHaveLength(1);
    live.close();
  });

  it('starts a new day at the day start: a `day` change with the figures at zero', async () => {
    const { live, clock, changes } = await feed();
    clock.sec = live.state().today.window.toSec + 1;
    live.recordFinal(ended(3, NOW - 10));
    expect(changes.at(-1)![1]).toBe('day');
    expect(live.state().today.kpis.offered).toBe(0);
    live.close();
  });
});
