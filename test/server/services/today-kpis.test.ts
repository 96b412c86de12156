import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../../src/analysis/kpi-report.js';
import { newCallRecord, type CallRecord } from '../../../src/record/call-record.js';
import { dayWindowAt, TodayKpis } from '../../../src/server/services/today-kpis.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';

const SHANGHAI = { timeZone: 'Asia/Shanghai', dayStartHour: 6 };
/** 2026-11-25 06:00 in Shanghai. */
const DAY_START = Date.UTC(2026, 10, 24, 22) / 1000;

/** Call `n` arriving at `arrivalSec`: queued 10 s later, answered after `n` s (odd n: abandoned), ended a minute later. */
function call(n: number, arrivalSec: number, caller: string | null = `h${n % 5}`): CallRecord {
  const queued = arrivalSec + 10;
  const answered = n % 2 === 0;
  return {
    ...newCallRecord({
      callSid: `CA${String(n).padStart(32, '0')}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: caller,
      arrivalSec,
      language: 'cmn-CN',
      lastState: 'end',
    }),
    ivrExitSec: queued,
    queueEntrySec: queued,
    answerSec: answered ? queued + n : null,
    abandonSec: answered ? null : queued + n,
    handleSec: answered ? 100 + n : null,
    talkSec: answered ? 90 + n : null,
    endSec: queued + n + 60,
    pool: 'in-house',
    outcome: answered ? 'answered' : 'abandoned',
  };
}

describe('dayWindowAt', () => {
  it('cuts the business day at the local day-start hour: 05:59 belongs to the day before', () => {
    expect(dayWindowAt(DAY_START, SHANGHAI)).toEqual({
      day: '2026-11-25',
      fromSec: DAY_START,
      toSec: DAY_START + 86_400,
    });
    expect(dayWindowAt(DAY_START - 60, SHANGHAI).day).toBe('2026-11-24');
  });
});

describe('TodayKpis', () => {
  it("equals kpiReport over today's window, whatever order the records end in, leaving out other days and open calls", async () => {
    const records = Array.from({ length: 60 }, (_, i) => call(i, DAY_START + ((i * 7919) % 80_000)));
    const yesterday = call(100, DAY_START - 30);
    const tomorrow = call(101, DAY_START + 86_400);
    const open = { ...call(102, DAY_START + 5), endSec: null, outcome: null };
    const today = new TodayKpis(SHANGHAI, DAY_START + 10);
    for (const r of [yesterday, ...records.reverse(), tomorrow, open]) today.add(r);
    const expected = await kpiReport(
      [...records, yesterday, tomorrow].sort((a, b) => a.arrivalSec - b.arrivalSec),
      { fromSec: DAY_START, toSec: DAY_START + 86_400 },
    );
    const result = today.result();
    expect(JSON.stringify(result.kpis)).toBe(JSON.stringify(expected.kpis));
    expect(result.window.records).toBe(60);
    expect(result.kpis.repeatCallers).toBe(5);
  });

  it('seeds from the final records of today in the store', async () => {
    const store = new MemoryCallStore();
    for (const r of [call(1, DAY_START + 100), call(2, DAY_START - 100), { ...call(3, DAY_START + 5), endSec: null }])
      await store.putRecord(r);
    const today = new TodayKpis(SHANGHAI, DAY_START + 1000);
    await today.seed(store);
    expect(today.result().window.records).toBe(1);
    expect(today.result().kpis.offered).toBe(1);
  });

  it('starts again at the next day start, and not before', () => {
    const today = new TodayKpis(SHANGHAI, DAY_START + 10);
    today.add(call(2, DAY_START + 20));
    expect(today.rollOver(DAY_START + 86_399)).toBe(false);
    expect(today.result().kpis.offered).toBe(1);
    expect(today.rollOver(DAY_START + 86_400)).toBe(true);
    expect(today.result()).toMatchObject({ window: { day: '2026-11-26', records: 0 }, kpis: { offered: 0 } });
    expect(today.add(call(4, DAY_START + 20))).toBe(false);
  });
});
