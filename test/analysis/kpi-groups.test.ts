import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { isValidTimeZone, KpiGrouper } from '../../src/analysis/kpi-groups.js';
import { record } from '../helpers/call-records.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

describe('KpiGrouper periods (Asia/Shanghai, UTC+8, by default)', () => {
  const g = new KpiGrouper(['hour', 'day', 'week', 'month']);

  it('puts a call at 2026-01-31T16:30Z in Feb 1 local: hour, day, ISO week and month', () => {
    expect(g.valuesOf(record(at('2026-01-31T16:30:00Z')))).toEqual([
      '2026-02-01T00:00+08:00',
      '2026-02-01',
      '2026-W05',
      '2026-02',
    ]);
  });

  it('keeps a call one second before local midnight in the previous day and month', () => {
    expect(g.valuesOf(record(at('2026-01-31T15:59:59Z')))).toEqual([
      '2026-01-31T23:00+08:00',
      '2026-01-31',
      '2026-W05',
      '2026-01',
    ]);
  });

  it('starts ISO weeks on Monday, with the ISO week-year at a year end', () => {
    // 2026-01-04 is a Sunday (week 1 of 2026), 2026-01-05 a Monday (week 2); 2025-12-29 (Monday) is in 2026-W01.
    expect(g.periodsOf(at('2026-01-04T12:00:00+08:00')).week).toBe('2026-W01');
    expect(g.periodsOf(at('2026-01-05T00:00:00+08:00')).week).toBe('2026-W02');
    expect(g.periodsOf(at('2025-12-29T00:00:00+08:00')).week).toBe('2026-W01');
  });

  it('a call spanning midnight belongs to the period of its arrival', () => {
    const r = record(at('2026-03-31T23:59:00+08:00'), { endSec: at('2026-04-01T00:10:00+08:00') });
    expect(g.valueOf('day', r)).toBe('2026-03-31');
    expect(g.valueOf('month', r)).toBe('2026-03');
  });
});

describe('KpiGrouper day start hour', () => {
  const g = new KpiGrouper(['day', 'month'], { dayStartHour: 6 });

  it('counts 05:59 local on the 1st in the previous business day (and month), 06:00 in the new one', () => {
    expect(g.valuesOf(record(at('2026-03-01T05:59:59+08:00')))).toEqual(['2026-02-28', '2026-02']);
    expect(g.valuesOf(record(at('2026-03-01T06:00:00+08:00')))).toEqual(['2026-03-01', '2026-03']);
  });

  it('keeps the hour key on the clock hour', () => {
    const h = new KpiGrouper(['hour'], { dayStartHour: 6 });
    expect(h.valuesOf(record(at('2026-03-01T05:30:00+08:00')))).toEqual(['2026-03-01T05:00+08:00']);
  });
});

describe('KpiGrouper other zones', () => {
  it('cuts days in the zone asked for (UTC), not in Asia/Shanghai', () => {
    const g = new KpiGrouper(['day'], { timeZone: 'UTC' });
    expect(g.valuesOf(record(at('2026-01-31T16:30:00Z')))).toEqual(['2026-01-31']);
  });

  it('handles a zone a quarter-hour off (Asia/Kathmandu, UTC+5:45) at its midnight', () => {
    const g = new KpiGrouper(['day'], { timeZone: 'Asia/Kathmandu' });
    expect(g.valuesOf(record(at('2026-01-31T18:14:59Z')))).toEqual(['2026-01-31']);
    expect(g.valuesOf(record(at('2026-01-31T18:15:00Z')))).toEqual(['2026-02-01']);
  });

  it('tells valid IANA zones from invalid ones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('KpiGrouper record fields', () => {
  it('keys skill, pool, group and flow, with (none) for a null field', () => {
    const g = new KpiGrouper(['skill', 'pool', 'group', 'flow']);
    const r = record(0, { skill: 'complaint', pool: 'outsourced', agentGroup: 'acme', flowId: 'f1' });
    expect(g.valuesOf(r)).toEqual(['complaint', 'outsourced', 'acme', 'f1']);
    expect(g.valuesOf(record(0, { flowId: 'f1' }))).toEqual(['(none)', '(none)', '(none)', 'f1']);
  });
});

describe('KpiGrouper against luxon', () => {
  it('gives luxon’s hour, day, ISO week and month every 7 minutes across a DST change (America/New_York)', () => {
    const zone = 'America/New_York';
    const g = new KpiGrouper(['hour', 'day', 'week', 'month'], { timeZone: zone, dayStartHour: 3 });
    const start = at('2026-03-07T00:00:00Z');
    for (let t = start; t < start + 3 * 86_400; t += 7 * 60) {
      const local = DateTime.fromSeconds(t, { zone });
      // The business day moves back 3 hours of wall-clock time (a DST day's 03:00 still starts that day).
      const business = local.setZone('UTC', { keepLocalTime: true }).minus({ hours: 3 });
      expect(g.periodsOf(t)).toEqual({
        hour: local.toFormat("yyyy-MM-dd'T'HH:00ZZ"),
        day: business.toFormat('yyyy-MM-dd'),
        week: business.toFormat("kkkk-'W'WW"),
        month: business.toFormat('yyyy-MM'),
      });
    }
  });
});
