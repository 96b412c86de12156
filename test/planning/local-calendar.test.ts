import { describe, expect, it } from 'vitest';
import { LocalCalendar } from '../../src/planning/local-calendar.js';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('LocalCalendar', () => {
  it('gives the local day and hour in Asia/Shanghai (UTC+8 all year)', () => {
    const c = new LocalCalendar('Asia/Shanghai');
    const monday = c.localOf(at('2026-02-01T16:00:00Z')); // 2026-02-02 00:00 local
    expect(monday.hour).toBe(0);
    expect(LocalCalendar.weekdayOf(monday.day)).toBe(0);
    expect(c.localOf(at('2026-02-01T15:59:59Z'))).toEqual({ day: monday.day - 1, hour: 23 });
    expect(c.midnightOf(monday.day)).toBe(at('2026-02-01T16:00:00Z'));
  });

  it('follows daylight saving time: a 23-hour day, and midnights on the local date', () => {
    const c = new LocalCalendar('Europe/Berlin');
    const before = c.localOf(at('2026-03-29T00:30:00Z')); // 01:30 CET
    const after = c.localOf(at('2026-03-29T01:30:00Z')); // 03:30 CEST
    expect([before.hour, after.hour]).toEqual([1, 3]);
    expect(c.midnightOf(before.day + 1) - c.midnightOf(before.day)).toBe(23 * 3600);
    expect(LocalCalendar.weekdayOf(before.day)).toBe(6); // a Sunday
  });
});
