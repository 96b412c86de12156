import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRecordsOut, recordsDayZeroSec } from '../../src/cli/records-out.js';
import { newCallRecord } from '../../src/record/call-record.js';
import type { MutableCallRecord, RunProgress } from '../../src/sim/sim-state.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-records-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sec = (iso: string) => Date.parse(iso) / 1000;

describe('recordsDayZeroSec', () => {
  it("defaults to the first start_day on or after Monday 2026-01-05, at the zone's midnight", () => {
    expect(recordsDayZeroSec('Mon', undefined, 'Asia/Shanghai')).toBe(sec('2026-01-05T00:00:00+08:00'));
    expect(recordsDayZeroSec('Sun', undefined, 'Asia/Shanghai')).toBe(sec('2026-01-11T00:00:00+08:00'));
    expect(recordsDayZeroSec('Wed', undefined, 'Europe/Berlin')).toBe(sec('2026-01-07T00:00:00+01:00'));
  });

  it("takes --start's local day in --tz, a time with an offset put in the zone first", () => {
    expect(recordsDayZeroSec('Tue', '2026-03-03', 'Asia/Shanghai')).toBe(sec('2026-03-03T00:00:00+08:00'));
    // 20:00 UTC on Monday is 04:00 on Tuesday in Shanghai.
    expect(recordsDayZeroSec('Tue', '2026-03-02T20:00:00Z', 'Asia/Shanghai')).toBe(sec('2026-03-03T00:00:00+08:00'));
  });

  it('refuses another weekday in one line: which day it is and what to give', () => {
    expect(() => recordsDayZeroSec('Mon', '2026-03-03', 'Asia/Shanghai')).toThrow(
      '--start 2026-03-03 is a Tuesday in Asia/Shanghai, but the scenario starts on a Monday (horizon.start_day: Mon); give a Monday, e.g. 2026-03-09.',
    );
    expect(() => recordsDayZeroSec('Mon', 'next week', 'Asia/Shanghai')).toThrow(/--start must be an ISO 8601 date/);
    expect(() => recordsDayZeroSec('Mon', undefined, 'Mars/Olympus')).toThrow(/--tz "Mars\/Olympus" is not an IANA/);
  });
});

const record = newCallRecord({
  callSid: '',
  flowId: 'none',
  direction: 'inbound',
  callerHash: null,
  arrivalSec: 0,
  language: 'cmn-CN',
  lastState: '',
}) as MutableCallRecord;
const open: RunProgress = { watermarkSec: () => 0 };

describe('openRecordsOut', () => {
  it('shifts times (not durations) by day 0, writes by arrival, and leaves out arrivals past the horizon', () => {
    const path = join(dir, 'shifted.csv');
    const out = openRecordsOut({ path, name: 'shifted.csv', dayZeroSec: 1_000_000, untilSec: 100 });
    for (const [sid, arrivalSec] of [
      ['late', 40],
      ['early', 10],
      ['after', 100],
    ] as const) {
      Object.assign(record, { callSid: sid, arrivalSec, answerSec: arrivalSec + 5, endSec: 90, handleSec: 30 });
      out.sink(record, open);
    }
    expect(out.close()).toBe(2);
    const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
    const col = (name: string) => header!.split(',').indexOf(name);
    const cells = rows.map((r) => r.split(','));
    expect(cells.map((c) => c[col('callSid')])).toEqual(['early', 'late']);
    expect(
      cells.map((c) => [c[col('arrivalSec')], c[col('answerSec')], c[col('endSec')], c[col('handleSec')]]),
    ).toEqual([
      ['1000010', '1000015', '1000090', '30'],
      ['1000040', '1000045', '1000090', '30'],
    ]);
    expect(cells[0]![col('queueEntrySec')]).toBe('');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes the header alone when no call arrived', () => {
    const path = join(dir, 'empty.csv');
    expect(openRecordsOut({ path, name: 'empty.csv', dayZeroSec: 0 }).close()).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/^callSid,flowId,.*,resolved\n$/);
  });

  it('refuses, as a run too large, when more records than it may hold wait behind an open call', () => {
    const out = openRecordsOut({ path: join(dir, 'stuck.csv'), name: 'stuck.csv', dayZeroSec: 0, maxHeld: 3 });
    const feed = () => {
      for (let i = 0; i < 5000; i += 1) {
        Object.assign(record, { callSid: `s${i}`, arrivalSec: 10 + i });
        out.sink(record, { watermarkSec: () => 5 });
      }
    };
    expect(feed).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_RUN_TOO_LARGE',
        message: expect.stringMatching(/^--records-out stuck\.csv: .* behind a call that arrived at 5 s/),
      }),
    );
    out.abort();
  });
});
