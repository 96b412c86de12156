import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../src/analysis/kpi-report.js';
import { SupervisionDataBuilder, supervisionData } from '../../src/report/supervision-data.js';
import { supervisionRecords } from '../fixtures/supervision-records.js';

const OPTIONS = { timeZone: 'Asia/Shanghai', by: ['day'], sortedByArrival: true } as const;

describe('SupervisionDataBuilder', () => {
  it('gives, in one pass, the command’s own report exactly as kpiReport does', async () => {
    const data = await supervisionData(supervisionRecords(), OPTIONS);
    expect(JSON.stringify(data.report)).toBe(JSON.stringify(await kpiReport(supervisionRecords(), OPTIONS)));
  });

  it('groups by month × group and by group, whatever the command’s --by', async () => {
    const data = await supervisionData(supervisionRecords(), OPTIONS);
    expect(data.byMonthGroup.groups.map((g) => [g.key.month, g.key.group, g.kpis.offered])).toEqual([
      ['2026-02', '(none)', 0],
      ['2026-02', '<script>alert("x")</script> & \'team\'', 2],
      ['2026-02', 'acme', 3],
      ['2026-03', 'acme', 1],
    ]);
    expect(data.byGroup.groups.map((g) => [g.key.group, g.kpis.answered])).toEqual([
      ['(none)', 0],
      ['<script>alert("x")</script> & \'team\'', 1],
      ['acme', 3],
    ]);
  });

  it('cuts hours of the day in the hotline’s zone, across days', async () => {
    const data = await supervisionData(supervisionRecords(), OPTIONS);
    expect(data.byHourOfDay.map((h) => h.hour)).toEqual(
      Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0')),
    );
    const offered = Object.fromEntries(
      data.byHourOfDay.filter((h) => h.report.kpis.arrivals > 0).map((h) => [h.hour, h.report.kpis.offered]),
    );
    // 09:xx on Feb 1 (two calls) and on Mar 2 (one) fall in one hour of day.
    expect(offered).toEqual({ '09': 3, '10': 1, '11': 0, '14': 2 });
    expect(data.byHourOfDay[9]!.report.groups.map((g) => g.key.group)).toEqual(['acme']);
  });

  it('leaves out, in every view, records outside the window', () => {
    const b = new SupervisionDataBuilder({
      timeZone: 'Asia/Shanghai',
      fromSec: Date.parse('2026-02-02T00:00:00+08:00') / 1000,
    });
    for (const r of supervisionRecords()) b.add(r);
    const data = b.result();
    expect(data.report.window.records).toBe(4);
    expect(data.byGroup.kpis.offered).toBe(3);
    expect(data.byMonthGroup.kpis.offered).toBe(3);
    expect(data.byHourOfDay.reduce((n, h) => n + h.report.window.records, 0)).toBe(4);
  });

  it('shows repeat callers where the report shows them, the same as counted alone, and never counts them by hour', async () => {
    const data = await supervisionData(supervisionRecords(), OPTIONS);
    const alone = await kpiReport(supervisionRecords(), { ...OPTIONS, by: ['month', 'group'] });
    expect(data.report.kpis.repeatCallers).toBeGreaterThan(0);
    for (const view of [data.byGroup, data.byMonthGroup]) {
      expect(view.kpis.uniqueCallers).toBe(alone.kpis.uniqueCallers);
      expect(view.kpis.repeatCallers).toBe(alone.kpis.repeatCallers);
      expect(view.kpis.counts.repeatCallRate).toEqual(alone.kpis.counts.repeatCallRate);
      expect(view.kpis.intervals.repeatCallRate).toEqual(alone.kpis.intervals.repeatCallRate);
    }
    expect(data.byMonthGroup.groups.map((g) => g.kpis.counts.repeatCallRate)).toEqual(
      alone.groups.map((g) => g.kpis.counts.repeatCallRate),
    );
    const hour = data.byHourOfDay.find((h) => h.report.kpis.arrivals > 0)!.report.kpis;
    expect([hour.uniqueCallers, hour.repeatCallers, hour.counts.repeatCallRate]).toEqual([NaN, NaN, undefined]);
  });

  it('takes the command’s own report from the caller when told it counts it', async () => {
    const b = new SupervisionDataBuilder(OPTIONS, false);
    const records = supervisionRecords();
    for (const r of records) b.add(r);
    const report = await kpiReport(records, OPTIONS);
    expect(b.result(report).report).toBe(report);
    expect(() => b.result()).toThrow(/pass the command’s own report/);
  });
});
