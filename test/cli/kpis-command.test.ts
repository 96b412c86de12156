import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { queued, record } from '../helpers/call-records.js';
import { runCli } from '../helpers/run-cli.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-'));
  db = join(dir, 'calls.db');
  const store = new SqliteCallStore(db);
  const rows = [
    queued(at('2026-01-31T10:00:00+08:00'), { ivrSec: 10, waitSec: 5, answered: true }, { callerHash: 'a' }),
    // Jan 31, 16:30Z is Feb 1, 00:30 in Asia/Shanghai.
    queued(
      at('2026-01-31T16:30:00Z'),
      { ivrSec: 10, waitSec: 12, answered: true },
      { callerHash: 'a', agentGroup: 'acme' },
    ),
    queued(at('2026-02-01T09:00:00+08:00'), { ivrSec: 10, waitSec: 40, answered: false }, { agentGroup: 'acme' }),
    record(at('2026-02-01T09:30:00+08:00'), { callerHash: 'b' }),
  ];
  for (const r of rows) await store.putRecord(r);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hotline kpis', () => {
  it('--json: the kpis with simulate’s field names, counts and intervals, and one group per key', async () => {
    const { code, out, err } = await runCli(['kpis', '--db', db, '--json', '--by', 'month', '--by', 'group']);
    expect(code, err).toBe(0);
    const report = JSON.parse(out);
    expect(report.kpis).toMatchObject({ arrivals: 4, offered: 3, answered: 2, abandoned: 1, asaSec: 8.5 });
    expect(report.kpis.serviceLevel['15']).toBeCloseTo(2 / 3, 12);
    expect(report.kpis.counts['serviceLevel.15']).toEqual({ numerator: 2, denominator: 3 });
    expect(report.kpis.intervals.answerRate.low).toBeCloseTo(0.2077, 4);
    expect([report.kpis.uniqueCallers, report.kpis.repeatCallers, report.kpis.callsWithoutCallerHash]).toEqual([
      2, 1, 1,
    ]);
    expect(report.groups.map((g: { key: unknown; kpis: { arrivals: number } }) => [g.key, g.kpis.arrivals])).toEqual([
      [{ month: '2026-01', group: 'city' }, 1],
      [{ month: '2026-02', group: '(none)' }, 1],
      [{ month: '2026-02', group: 'acme' }, 2],
    ]);
    expect(report.options).toMatchObject({
      by: ['month', 'group'],
      timeZone: 'Asia/Shanghai',
      serviceLevelFrom: 'queue',
    });
  });

  it('--from/--to in the hotline zone, --sl-from arrival, --repeat-window-hours', async () => {
    const { code, out } = await runCli([
      'kpis',
      '--db',
      db,
      '--json',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-02',
      '--sl-from',
      'arrival',
      '--repeat-window-hours',
      '1',
    ]);
    expect(code).toBe(0);
    const { kpis, window } = JSON.parse(out);
    expect(window).toMatchObject({
      fromSec: at('2026-01-31T16:00:00Z'),
      toSec: at('2026-02-01T16:00:00Z'),
      records: 3,
    });
    // From arrival: 22 s and (abandoned) → 0 of 2 offered within 15 s.
    expect(kpis.serviceLevel['15']).toBe(0);
    expect(kpis.repeatCallers).toBe(0);
  });

  it('--csv: one row per group, key columns first', async () => {
    const { code, out } = await runCli(['kpis', '--db', db, '--csv', '--by', 'day']);
    expect(code).toBe(0);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.day, r.offered, r.answered])).toEqual([
      ['2026-01-31', '1', '1'],
      ['2026-02-01', '2', '1'],
    ]);
    expect(rows[1]!['counts.abandonRate.numerator']).toBe('1');
    expect(Number(rows[1]!['intervals.abandonRate.high'])).toBeGreaterThan(0.5);
  });

  it('prints a human table by default, with the total', async () => {
    const { code, out } = await runCli(['kpis', '--db', db, '--by', 'group']);
    expect(code).toBe(0);
    expect(out).toMatch(/^4 records; service level counted from queue entry; periods in Asia\/Shanghai/);
    expect(out).toMatch(/\nall +3 +2 +1 +66\.7% \[/);
    expect(out).toMatch(/\nacme +2 +1 +1 /);
  });

  it('reads HOTLINE_DB when --db is absent', async () => {
    const { code, out } = await runCli(['kpis', '--json'], { env: { HOTLINE_DB: db } });
    expect(code).toBe(0);
    expect(JSON.parse(out).kpis.arrivals).toBe(4);
  });

  it.each([
    [['--by', 'year'], /HOTLINE_OPTION_INVALID.*--by must be one of hour, day/],
    [['--tz', 'Mars/Olympus'], /HOTLINE_OPTION_INVALID.*--tz/],
    [['--sl-from', 'ivr'], /--sl-from must be queue or arrival/],
    [['--day-start-hour', '24'], /--day-start-hour must be a whole number from 0 to 23/],
    [['--from', 'yesterday'], /--from must be an ISO 8601/],
    [['--from', '2026-02-02', '--to', '2026-02-01'], /--to .* must be later than --from/],
    [['--json', '--csv'], /cannot be combined/],
  ])('refuses %j with exit 2 and a coded line', async (args, message) => {
    const { code, out, err } = await runCli(['kpis', '--db', db, ...args]);
    expect(code).toBe(2);
    expect(out + err).toMatch(message);
  });

  it('refuses a missing store with HOTLINE_STORE_FAILED and does not create it', async () => {
    const { code, out, err } = await runCli(['kpis', '--db', join(dir, 'missing.db')]);
    expect(code).toBe(2);
    expect(out + err).toMatch(/HOTLINE_STORE_FAILED.*missing\.db: no such file/);
  });
});
