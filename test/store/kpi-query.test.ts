import { describe, expect, it } from 'vitest';
import { parseKpiQuery } from '../../src/store/kpi-query.js';

describe('parseKpiQuery', () => {
  it('gives the command defaults for an empty query', () => {
    expect(parseKpiQuery({}, 'parameter')).toEqual({
      ok: true,
      options: {
        by: [],
        timeZone: 'Asia/Shanghai',
        dayStartHour: 0,
        kpi: { serviceLevelFrom: 'queue', repeatWindowSec: 168 * 3600 },
      },
    });
  });

  it('takes repeated and comma-listed group keys, once each, in order', () => {
    const parsed = parseKpiQuery({ by: ['month,group', 'hour', 'group'] }, 'parameter');
    expect(parsed.ok && parsed.options.by).toEqual(['month', 'group', 'hour']);
  });

  it('reads a date without an offset in the given zone, and one with an offset as written', () => {
    const parsed = parseKpiQuery({ from: '2026-02-01', to: '2026-02-01T08:00+08:00', tz: 'Asia/Shanghai' }, 'flag');
    expect(parsed).toMatchObject({ ok: true, options: { fromSec: Date.UTC(2026, 0, 31, 16) / 1000 } });
    expect(parsed.ok && parsed.options.toSec).toBe(Date.UTC(2026, 1, 1, 0) / 1000);
  });

  it.each([
    [{ by: 'year' }, 'parameter', /^by must be one of hour, day/],
    [{ by: 'year' }, 'flag', /^--by must be one of/],
    [{ dayStartHour: '6.5' }, 'flag', /^--day-start-hour must be a whole number from 0 to 23, got "6.5"/],
    [{ repeatWindowHours: '-1' }, 'parameter', /^repeatWindowHours must be a number from 0 to 8,784/],
    [{ slFrom: 'ivr' }, 'parameter', /^slFrom must be queue or arrival/],
    [{ tz: 'Mars/Olympus' }, 'parameter', /^tz must be an IANA time zone/],
    [{ from: 'yesterday' }, 'parameter', /^from must be an ISO 8601 date or time/],
    [{ from: '2026-02-02', to: '2026-02-01' }, 'flag', /^--to \(2026-02-01\) must be later than --from/],
    [{ limit: '3' }, 'parameter', /^limit: unknown; the KPI query takes from, to, by, tz, dayStartHour/],
    [{ tz: ['a', 'b'] }, 'parameter', /^tz: /],
  ] as const)('refuses %j naming the %s', (query, naming, problem) => {
    const parsed = parseKpiQuery(query, naming);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});
