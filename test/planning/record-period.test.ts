import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../src/errors.js';
import { dayWindow, RecordDays, recordPeriod, resolvePeriod } from '../../src/planning/record-period.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const DAY = 86400;
const MONDAY_SHANGHAI_SEC = at('2026-03-02T00:00:00+08:00');
const ZONE = 'Asia/Shanghai';

/** Records every 10 minutes on `full` days from Monday, then `tail` records an hour on the following day(s). */
function days(full: number, tail: readonly number[] = []): RecordDays {
  const d = new RecordDays(ZONE);
  for (let i = 0; i < full * 144; i += 1) d.add(MONDAY_SHANGHAI_SEC + i * 600);
  tail.forEach((n, day) => {
    for (let i = 0; i < n; i += 1) d.add(MONDAY_SHANGHAI_SEC + (full + day) * DAY + i * 600);
  });
  return d;
}

describe('recordPeriod', () => {
  it('snaps to whole local days and names the first weekday', () => {
    const p = recordPeriod(at('2026-03-02T09:30:00+08:00'), at('2026-03-04T10:00:00+08:00'), ZONE);
    expect(p).toMatchObject({ days: 3, startDay: 'Mon', timeZone: ZONE });
    expect(p.fromSec).toBe(MONDAY_SHANGHAI_SEC);
    expect(p.toSec).toBe(MONDAY_SHANGHAI_SEC + 3 * DAY);
    expect(p.from).toBe('2026-03-02T00:00:00.000+08:00');
  });

  it('keeps an end at midnight exclusive and gives an empty span one day', () => {
    expect(recordPeriod(MONDAY_SHANGHAI_SEC, MONDAY_SHANGHAI_SEC + 7 * DAY, ZONE).days).toBe(7);
    expect(recordPeriod(MONDAY_SHANGHAI_SEC + 5, MONDAY_SHANGHAI_SEC + 5, ZONE).days).toBe(1);
  });

  it("counts local calendar days across a DST change (Berlin's 23-hour Sunday)", () => {
    const p = recordPeriod(at('2026-03-28T12:00:00+01:00'), at('2026-03-30T12:00:00+02:00'), 'Europe/Berlin');
    expect([p.days, p.startDay]).toEqual([3, 'Sat']);
    expect(p.toSec - p.fromSec).toBe(3 * DAY - 3600);
  });
});

describe('resolvePeriod', () => {
  it('runs from the first record’s day to the end of the last one when every day is full', () => {
    const { period, notes } = resolvePeriod(days(3), {}, 'calls.csv');
    expect([period.fromSec, period.days, notes]).toEqual([MONDAY_SHANGHAI_SEC, 3, []]);
  });

  it('leaves out sparse trailing days with a note naming them and the --to that keeps them', () => {
    const { period, notes } = resolvePeriod(days(5, [30, 4]), {}, 'calls.csv');
    expect(period.days).toBe(5);
    expect(period.toSec).toBe(MONDAY_SHANGHAI_SEC + 5 * DAY);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('2026-03-07: 30, 2026-03-08: 4');
    expect(notes[0]).toContain('median day');
    expect(notes[0]).toContain('--to 2026-03-09');
  });

  it('leaves out a sparse second day of two (the median is the fuller day)', () => {
    expect(resolvePeriod(days(1, [20]), {}, 'calls.csv').period.days).toBe(1);
  });

  it('keeps a last day with at least half the median day’s records', () => {
    expect(resolvePeriod(days(4, [80]), {}, 'calls.csv').period.days).toBe(5);
  });

  it('takes --from and --to as whole days: --to inside a day ends the period at its midnight (no overlap)', () => {
    const to = at('2026-03-04T10:00:00+08:00');
    const fit = resolvePeriod(days(5), { toSec: to }, 'calls.csv').period;
    const test = resolvePeriod(days(5), { fromSec: to, toSec: at('2026-03-06T00:00:00+08:00') }, 'calls.csv').period;
    expect(fit.toSec).toBe(MONDAY_SHANGHAI_SEC + 2 * DAY);
    expect(test.fromSec).toBe(fit.toSec);
    expect(test.days).toBe(2);
    // A --to given keeps every day it covers, sparse or not.
    expect(resolvePeriod(days(5, [3]), { toSec: MONDAY_SHANGHAI_SEC + 6 * DAY }, 'c').period.days).toBe(6);
    expect(dayWindow({ fromSec: to, toSec: to }, ZONE)).toEqual({
      fromSec: MONDAY_SHANGHAI_SEC + 2 * DAY,
      toSec: MONDAY_SHANGHAI_SEC + 3 * DAY,
    });
  });

  it('refuses a period over 3660 days, naming the first and last record times', () => {
    const d = days(1);
    d.add(1e13);
    const fail = (): unknown => resolvePeriod(d, {}, 'far.csv');
    expect(fail).toThrow(HotlineError);
    expect(fail).toThrow(
      /far\.csv: the records run from 2026-03-01T16:00:00\.000Z to 10000000000000 s since 1970, more than 3660 days.*--from and --to/,
    );
    const long = days(1);
    long.add(MONDAY_SHANGHAI_SEC + 3700 * DAY);
    expect(() => resolvePeriod(long, {}, 'c')).toThrow(/more than 3660 days/);
  });
});
