import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../../src/analysis/kpi-report.js';
import { newCallRecord, type CallRecord } from '../../../src/record/call-record.js';
import { KPI_PAGE_RECORDS, kpisOfCallStore } from '../../../src/server/routes/admin-kpis.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';

const T0 = 1_800_000_000;

function answered(i: number): CallRecord {
  return {
    ...newCallRecord({
      callSid: `CA${String(i).padStart(32, '0')}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: `h${i % 7}`,
      arrivalSec: T0 + i * 30,
      language: 'cmn-CN',
      lastState: 'end',
    }),
    queueEntrySec: T0 + i * 30 + 10,
    answerSec: T0 + i * 30 + 10 + (i % 40),
    endSec: T0 + i * 30 + 200,
    handleSec: 150,
    talkSec: 140,
    pool: i % 3 === 0 ? 'outsourced' : 'in-house',
    outcome: 'answered',
  };
}

describe('kpisOfCallStore', () => {
  it('reads the store page by page into the report kpiReport gives over all records', async () => {
    const store = new MemoryCallStore();
    const records = Array.from({ length: KPI_PAGE_RECORDS * 2 + 17 }, (_, i) => answered(i));
    for (const r of records) await store.putRecord(r);
    const options = { by: ['hour' as const, 'pool' as const], fromSec: T0 + 600, toSec: T0 + 50_000 };
    const report = await kpisOfCallStore(store, options);
    expect(JSON.stringify(report)).toBe(JSON.stringify(await kpiReport(records, options)));
    expect(report.window.records).toBe(1647);
  });

  it('refuses a window holding more records than one request may read, naming the way out', async () => {
    const store = new MemoryCallStore();
    for (let i = 0; i < 30; i += 1) await store.putRecord(answered(i));
    await expect(kpisOfCallStore(store, {}, 20)).rejects.toMatchObject({
      code: 'HOTLINE_ADMIN_KPIS_TOO_LARGE',
      message: expect.stringMatching(/more than 20 records.*narrow from\/to.*hotline kpis --db FILE/),
    });
    expect((await kpisOfCallStore(store, {}, 30)).kpis.answered).toBe(30);
  });
});
