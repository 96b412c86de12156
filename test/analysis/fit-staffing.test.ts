import { describe, expect, it } from 'vitest';
import { dutyAgentsByHour, localSecOf, RecordStaffing } from '../../src/analysis/fit-staffing.js';

describe('dutyAgentsByHour', () => {
  it('splits on-duty intervals across hours and averages over the days', () => {
    const byGroup = dutyAgentsByHour(
      [
        { group: 'a', startSec: 8.5 * 3600, endSec: 10 * 3600 },
        { group: 'a', startSec: 86400 + 9 * 3600, endSec: 86400 + 9.25 * 3600 },
        { group: 'b', startSec: 23 * 3600, endSec: 25 * 3600 },
      ],
      2,
    );
    expect(byGroup.get('a')?.slice(8, 11)).toEqual([0.25, 0.625, 0]);
    expect(byGroup.get('b')?.[23]).toBe(0.5);
    expect(byGroup.get('b')?.[0]).toBe(0.5);
  });
});

describe('RecordStaffing', () => {
  it('counts an agent finishing a call after the hour as busy then, but not as answering', () => {
    const s = new RecordStaffing();
    s.add('g', 'x', 9.9 * 3600, 1200); // answered at 09:54, busy until 10:14
    s.add('g', 'y', 10.1 * 3600, 60);
    const g = s.result(1).get('g')!;
    expect(g.answering.slice(9, 11)).toEqual([1, 1]);
    expect(g.busyAnyTime.slice(9, 11)).toEqual([1, 2]);
    expect(g.busyAgents[9]).toBeCloseTo(360 / 3600, 9);
    expect(g.busyAgents[10]).toBeCloseTo((840 + 60) / 3600, 9);
  });

  it('marks an hour call-limited when no agent answered twice, and keeps the most agents seen on one day', () => {
    const s = new RecordStaffing();
    s.add('g', 'x', 3 * 3600, 100);
    s.add('g', 'y', 3 * 3600 + 500, 100);
    s.add('g', 'x', 86400 + 3 * 3600, 100);
    s.add('g', 'x', 86400 + 3 * 3600 + 500, 100);
    const g = s.result(2).get('g')!;
    expect(g.answering[3]).toBe(1.5);
    expect(g.answeringMax[3]).toBe(2);
    expect(g.callLimitedShare[3]).toBe(0.5);
  });

  it('ignores calls answered outside the period', () => {
    const s = new RecordStaffing();
    s.add('g', 'x', 2 * 86400 + 60, 10);
    expect(
      s
        .result(2)
        .get('g')
        ?.answering.every((x) => x === 0),
    ).toBe(true);
  });
});

describe('RecordStaffing with absurd handle times', () => {
  it('counts a call handled for 1e300 s only within the period, without a cell per hour of it', () => {
    const s = new RecordStaffing();
    s.add('g', 'x', 9 * 3600, 1e300);
    s.add('g', 'y', 9 * 3600, 1e12);
    const g = s.result(2).get('g')!;
    expect(g.busyAnyTime[9]).toBe(2);
    expect(g.busyAnyTime[23]).toBe(2); // every hour of both days after the answer, and no further
    expect(g.busyAgents[0]).toBeCloseTo(2 / 2, 9); // busy on day 2's 00:00 hour only (day 1's was before the answer)
    expect(g.answering[9]).toBe(1); // two agents answered on day 1: 2 / 2 days
  });
});

describe('localSecOf', () => {
  it('places a moment after the arrival on the local clock of the arrival day and hour', () => {
    // Arrival 1_000_000_000 s (epoch) = 01:46:40 UTC; in Shanghai, 09:46:40 on the period's day 3.
    expect(localSecOf({ dayIndex: 3, hour: 9 }, 1_000_000_000, 900)).toBe(3 * 86400 + 9 * 3600 + 2800 + 900);
  });
});
