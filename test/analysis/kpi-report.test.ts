import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../src/analysis/kpi-report.js';
import { queued, record } from '../helpers/call-records.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

/** Jan 31 and Feb 1 local (Asia/Shanghai), two agent groups. */
const RECORDS = [
  queued(at('2026-01-31T10:00:00+08:00'), { ivrSec: 10, waitSec: 5, answered: true }, { agentGroup: 'city' }),
  queued(at('2026-01-31T23:59:00+08:00'), { ivrSec: 10, waitSec: 30, answered: false }, { agentGroup: 'acme' }),
  // 2026-01-31T16:30Z is Feb 1, 00:30 local.
  queued(at('2026-01-31T16:30:00Z'), { ivrSec: 10, waitSec: 12, answered: true }, { agentGroup: 'acme' }),
  queued(at('2026-02-01T09:00:00+08:00'), { ivrSec: 10, waitSec: 40, answered: true }, { agentGroup: 'acme' }),
  record(at('2026-02-01T09:30:00+08:00')),
];

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('kpiReport', () => {
  it('gives overall KPIs and no groups without `by`', async () => {
    const r = await kpiReport(stream(RECORDS));
    expect([r.kpis.arrivals, r.kpis.offered, r.kpis.answered, r.kpis.abandoned]).toEqual([5, 4, 3, 1]);
    expect(r.groups).toEqual([]);
    expect(r.window).toMatchObject({ records: 5, fromSec: null, toSec: null });
    expect(r.options).toMatchObject({ timeZone: 'Asia/Shanghai', dayStartHour: 0, serviceLevelFrom: 'queue' });
  });

  it('groups by month in the hotline zone: the call at 16:30Z on Jan 31 counts in February', async () => {
    const r = await kpiReport(stream(RECORDS), { by: ['month'] });
    expect(r.groups.map((g) => [g.key.month, g.kpis.offered, g.kpis.answered])).toEqual([
      ['2026-01', 2, 1],
      ['2026-02', 2, 2],
    ]);
  });

  it('makes composite keys (day × group), sorted, each with its own accumulator', async () => {
    const r = await kpiReport(RECORDS, { by: ['day', 'group'] });
    expect(r.groups.map((g) => [g.key, g.kpis.offered, g.kpis.abandoned, g.kpis.serviceLevel['15']])).toEqual([
      [{ day: '2026-01-31', group: 'acme' }, 1, 1, 0],
      [{ day: '2026-01-31', group: 'city' }, 1, 0, 1],
      [{ day: '2026-02-01', group: '(none)' }, 0, 0, NaN],
      [{ day: '2026-02-01', group: 'acme' }, 2, 0, 0.5],
    ]);
    // The groups' counts add up to the total.
    expect(r.groups.reduce((a, g) => a + g.kpis.arrivals, 0)).toBe(r.kpis.arrivals);
  });

  it('moves the business day with the day-start hour (6: 00:30 and 09:00 local split)', async () => {
    const r = await kpiReport(RECORDS, { by: ['day'], dayStartHour: 6 });
    expect(r.groups.map((g) => [g.key.day, g.kpis.arrivals])).toEqual([
      ['2026-01-31', 3],
      ['2026-02-01', 2],
    ]);
  });

  it('keeps only arrivals in [fromSec, toSec)', async () => {
    const r = await kpiReport(RECORDS, {
      fromSec: at('2026-02-01T00:00:00+08:00'),
      toSec: at('2026-02-01T09:00:00+08:00'),
    });
    expect(r.window.records).toBe(1);
    expect(r.kpis.answered).toBe(1);
  });

  it('passes counting options through (service level from arrival)', async () => {
    const r = await kpiReport(RECORDS, { kpi: { serviceLevelFrom: 'arrival', thresholdsSec: [20] } });
    // Answered 15, 22, 50 s after arrival: 1 of 4 offered within 20 s.
    expect(r.kpis.serviceLevel).toEqual({ 20: 0.25 });
    expect(r.options.thresholdsSec).toEqual([20]);
  });

  it('with no records: zero counts, NaN rates, no groups', async () => {
    const r = await kpiReport(stream([]), { by: ['month'] });
    expect([r.kpis.arrivals, r.kpis.offered, r.groups.length, r.window.records]).toEqual([0, 0, 0, 0]);
    expect(r.kpis.answerRate).toBeNaN();
    expect(r.window.firstArrivalSec).toBeNull();
  });

  it('in arrival order, closes each period’s groups as the next starts, with the same figures', async () => {
    const sorted = [...RECORDS].sort((a, b) => a.arrivalSec - b.arrivalSec);
    const options = { by: ['day', 'group'] as const, dayStartHour: 6 };
    const open = await kpiReport(sorted, { ...options, by: [...options.by] });
    const closing = await kpiReport(sorted, { ...options, by: [...options.by], sortedByArrival: true });
    expect(closing).toEqual(open);
  });

  it('in arrival order, refuses a record that comes before the previous one', async () => {
    const reversed = [...RECORDS].sort((a, b) => b.arrivalSec - a.arrivalSec);
    await expect(kpiReport(reversed, { by: ['day'], sortedByArrival: true })).rejects.toThrow(
      /before the previous record/,
    );
  });
});
