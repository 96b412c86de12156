import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../../src/analysis/kpis.js';
import { CONNECTION_WINDOW_SEC, RollingConnectionRate } from '../../../src/server/services/rolling-connection-rate.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { queued, record } from '../../helpers/call-records.js';

const NOW = 1_800_000_000;

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
});
