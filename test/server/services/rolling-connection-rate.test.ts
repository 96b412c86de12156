import { afterEach, describe, expect, it, vi } from 'vitest';
import { kpiReport } from '../../../src/analysis/kpi-report.js';
import { KpiAccumulator } from '../../../src/analysis/kpis.js';
import type { CallRecord } from '../../../src/record/call-record.js';
import { CONNECTION_WINDOW_SEC, RollingConnectionRate } from '../../../src/server/services/rolling-connection-rate.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { queued, record } from '../../helpers/call-records.js';

const NOW = 1_800_000_000;

/** A day and a half of calls of every kind: answered, abandoned, never queued, callbacks, timed out, outsourced. */
function mixedCalls(): CallRecord[] {
  const calls: CallRecord[] = [];
  for (let i = 0; i < 180; i += 1) {
    const arrival = NOW - 1.5 * CONNECTION_WINDOW_SEC + i * 720;
    const kind = i % 6;
    if (kind === 0) calls.push(record(arrival));
    else if (kind === 1)
      calls.push(queued(arrival, { ivrSec: 5, waitSec: 3, answered: true }, { direction: 'callback' }));
    else if (kind === 2)
      calls.push(queued(arrival, { ivrSec: 5, waitSec: 9, answered: false }, { outcome: 'timed-out' }));
    else calls.push(queued(arrival, { ivrSec: 8, waitSec: i % 40, answered: i % 5 !== 0 }, { pool: 'outsourced' }));
  }
  return calls;
}

/** The `hotline kpis --from <now − 24 h> --to <now + 1>` figures (the report the command prints) of `calls`. */
async function kpisOver(calls: readonly CallRecord[], nowSec: number) {
  const { kpis } = await kpiReport(calls, { fromSec: nowSec - CONNECTION_WINDOW_SEC, toSec: nowSec + 1 });
  return { offered: kpis.offered, answered: kpis.answered, rate: kpis.answerRate };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RollingConnectionRate', () => {
  it('is answered / offered of the calls that arrived in the last 24 hours, as KpiAccumulator counts them', async () => {
    const calls = [
      queued(NOW - CONNECTION_WINDOW_SEC - 1, { ivrSec: 5, waitSec: 99, answered: false }),
      queued(NOW - CONNECTION_WINDOW_SEC, { ivrSec: 5, waitSec: 3, answered: true }),
      queued(NOW - 3600, { ivrSec: 5, waitSec: 60, answered: false }),
      queued(NOW - 60, { ivrSec: 5, waitSec: 3, answered: true }),
      record(NOW - 30),
      queued(NOW - 20, { ivrSec: 5, waitSec: 3, answered: true }, { direction: 'callback' }),
      queued(NOW - 10, { ivrSec: 5, waitSec: 3, answered: false }, { outcome: 'timed-out' }),
    ];
    const store = new MemoryCallStore();
    for (const r of calls) await store.putRecord(r);
    const rate = new RollingConnectionRate();
    await rate.seed(store, NOW);
    const acc = new KpiAccumulator();
    for (const r of calls) if (r.arrivalSec >= NOW - CONNECTION_WINDOW_SEC) acc.add(r);
    const kpis = acc.result();
    expect(rate.result(NOW)).toMatchObject({ offered: kpis.offered, answered: kpis.answered, rate: kpis.answerRate });
    expect(rate.result(NOW)).toMatchObject({ offered: 3, answered: 2 });
  });

  it('drops calls as they leave the window, and has no rate with none offered', () => {
    const rate = new RollingConnectionRate();
    expect(rate.add(queued(NOW - 100, { ivrSec: 5, waitSec: 60, answered: false }), NOW)).toBe(true);
    expect(rate.result(NOW).rate).toBe(0);
    expect(rate.result(NOW + CONNECTION_WINDOW_SEC)).toMatchObject({ offered: 0, rate: null, interval: null });
  });

  it('equals `hotline kpis` over the same 24 hours of records, heard one by one or seeded, as the window moves', async () => {
    const calls = mixedCalls();
    const heard = new RollingConnectionRate();
    for (const r of calls) heard.add(r, r.arrivalSec);
    for (const nowSec of [NOW - 0.5 * CONNECTION_WINDOW_SEC + 1, NOW - 3600, NOW]) {
      const store = new MemoryCallStore();
      for (const r of calls) if (r.arrivalSec <= nowSec) await store.putRecord(r);
      const seeded = new RollingConnectionRate();
      await seeded.seed(store, nowSec);
      const expected = await kpisOver(calls, nowSec);
      expect(expected.offered).toBeGreaterThan(40);
      expect(seeded.result(nowSec)).toMatchObject(expected);
    }
    expect(heard.result(NOW)).toMatchObject(await kpisOver(calls, NOW));
  });

  it("follows KpiAccumulator's counting rules, whatever they are: it has none of its own", async () => {
    // Were KpiAccumulator to stop counting the outsourced pool's calls as offered, the rolling rate must follow.
    const add = KpiAccumulator.prototype.add;
    vi.spyOn(KpiAccumulator.prototype, 'add').mockImplementation(function (this: KpiAccumulator, r: CallRecord) {
      add.call(this, r.pool === 'outsourced' && r.attempt === 1 ? { ...r, queueEntrySec: null } : r);
    });
    const calls = mixedCalls().map((r, i) => (i % 4 === 0 ? { ...r, attempt: 2 } : r));
    const rate = new RollingConnectionRate();
    for (const r of calls) rate.add(r, NOW);
    const expected = await kpisOver(calls, NOW);
    expect(expected.offered).toBeGreaterThan(0);
    expect(expected.offered).toBeLessThan(40);
    expect(rate.result(NOW)).toMatchObject(expected);
  });
});
