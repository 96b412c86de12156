import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { importRecordsToSqlite } from '../../src/store/sqlite-record-import.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { MONDAY_SHANGHAI_SEC, scenarioOf, simulatedRecords } from '../helpers/simulated-records.js';

const DAYS = 14;
const TRUTH = scenarioOf(`
name: command-truth
horizon: { days: ${DAYS}, start_day: Mon }
demand:
  calls_per_day: 400
  hourly_profile_pct: [${Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 7 : 16 / 12)).join(', ')}]
  day_of_week_factor: { Sat: 0.6, Sun: 0.6 }
call_types:
  - { name: consult, share: 0.6, skill: general, handle_sec: { dist: exponential, mean: 120 } }
  - { name: complaint, share: 0.4, skill: general, handle_sec: { dist: exponential, mean: 240 } }
callers:
  patience_sec: { dist: exponential, mean: 60 }
pools:
  - { name: city, pool: in-house, skills: [general], agents: 3 }
  - { name: acme, pool: outsourced, skills: [general], agents: 2, min_wait_sec: 20 }
`);
const TO = new Date((MONDAY_SHANGHAI_SEC + DAYS * 86_400) * 1000).toISOString();
const MID_SEC = MONDAY_SHANGHAI_SEC + 7 * 86_400;

let dir: string;
let db: string;
let csv: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-calibrate-'));
  db = join(dir, 'calls.db');
  csv = join(dir, 'calls.csv');
  const records = simulatedRecords(TRUTH, 7);
  await importRecordsToSqlite(
    db,
    (async function* () {
      yield* records;
    })(),
  );
  for (const [out, from, to] of [
    [csv, MONDAY_SHANGHAI_SEC - 86_400, MONDAY_SHANGHAI_SEC + 30 * 86_400],
    [join(dir, 'week1.csv'), MONDAY_SHANGHAI_SEC - 86_400, MID_SEC],
    [join(dir, 'week2.csv'), MID_SEC, MONDAY_SHANGHAI_SEC + 30 * 86_400],
  ] as const) {
    const exported = await runCli(['export', '--db', db, '--out', out, '--from', String(from), '--to', String(to)]);
    expect(exported.code, exported.err).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calibrate = (args: string[]) => runCli(['calibrate', ...args, '--to', TO], { cwd: dir });

describe('hotline calibrate', () => {
  it('fits a SQLite store: --json prints records, period, fitted and notes; the scenario loads and simulates', async () => {
    const run = await calibrate(['calls.db', '--out', 'fitted.yaml', '--json']);
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    expect(summary.period).toEqual({
      from: '2026-02-02T00:00:00+08:00',
      to: '2026-02-16T00:00:00+08:00',
      days: 14,
      timeZone: 'Asia/Shanghai',
    });
    expect(Object.keys(summary.fitted)).toEqual(
      expect.arrayContaining([
        'callsPerDay',
        'hourlyProfilePct',
        'dayOfWeekFactor',
        'dayNoiseCv',
        'callTypeMix',
        'redials',
      ]),
    );
    expect(summary.fitted.dayOfWeekFactor.Sat).toBeLessThan(0.8);
    expect(summary.notes.length).toBeGreaterThan(0);
    const { scenario } = loadScenario(join(dir, 'fitted.yaml'), dir, dir);
    expect(scenario.demand.calls_per_day).toBe(Math.round(summary.fitted.callsPerDay * 10) / 10);
    expect(scenario.horizon).toEqual({ days: 14, start_day: 'Mon' });
    const simulated = await runCli(['simulate', 'fitted.yaml', '--replications', '1', '--json'], { cwd: dir });
    expect(simulated.code, simulated.err).toBe(0);
    expect(JSON.parse(simulated.out).kpis.offered).toBeGreaterThan(0);
  });

  it('comments every fitted value with its source and period, and marks defaults as assumptions', async () => {
    const run = await calibrate(['calls.db', '--out', 'commented.yaml']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^calibrated \d[\d,]* records, 2026-02-02T00:00:00\+08:00 to /);
    const text = readFileSync(join(dir, 'commented.yaml'), 'utf8');
    expect(text).toMatch(
      /# calls\.db, 2026-02-02\.\.2026-02-15: mean first attempts per day; N=[\d,]+ first attempts over 14 day\(s\); SE [\d.]+\n {2}calls_per_day: /,
    );
    // No agent-state log in this store: agents on duty are estimated from the records, and say so.
    expect(text).toMatch(/: ESTIMATED from records: distinct agents answering per hour.*\n {2}- name: acme/);
    expect(text).toMatch(/# Note: pools\.acme\.agents_by_hour: estimated from records/);
  });

  it('gives the same fit from an exported CSV as from the store, and from two CSV files in time order', async () => {
    const fromDb = (await calibrate(['calls.db', '--out', 'a.yaml', '--json'])).out;
    const fromCsv = await calibrate(['calls.csv', '--out', 'b.yaml', '--json']);
    expect(fromCsv.code, fromCsv.err).toBe(0);
    expect(JSON.parse(fromCsv.out).fitted).toEqual(JSON.parse(fromDb).fitted);
    const split = await calibrate(['week1.csv', 'week2.csv', '--out', 'c.yaml', '--json']);
    expect(split.code, split.err).toBe(0);
    expect(JSON.parse(split.out).fitted).toEqual(JSON.parse(fromDb).fitted);
  });

  it("reads another system's export through --map, as hotline kpis --records does", async () => {
    const sample = [
      join(ROOT, 'examples/records/generic-acd.csv'),
      '--map',
      join(ROOT, 'examples/maps/generic-acd.yaml'),
    ];
    const run = await runCli(['calibrate', ...sample, '--out', 'acd.yaml', '--json'], { cwd: dir });
    expect(run.code, run.err).toBe(0);
    const { records, fitted, notes } = JSON.parse(run.out);
    expect(records).toBe(20);
    expect(fitted.callTypeMix).toEqual({ unknown: 1 });
    expect(notes).toContain(
      'demand: calls without a recorded type count as call type "unknown" (live records carry no type).',
    );
    const { scenario } = loadScenario(join(dir, 'acd.yaml'), dir, dir);
    expect(scenario.pools.map((p) => [p.name, p.pool])).toEqual([
      ['ContractorA', 'outsourced'],
      ['城市热线一组', 'in-house'],
    ]);
  });

  it('exits 2 naming the file and the call when files, or rows of a file, come out of time order', async () => {
    const run = await calibrate(['week2.csv', 'week1.csv', '--out', 'd.yaml']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^hotline: HOTLINE_CALIBRATION_FAILED: week1\.csv: call SIM0-\d+ arrives at .* in week2\.csv\); .*sort the file/,
    );
    const [header, ...rows] = readFileSync(join(dir, 'week1.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'reversed.csv'), `${[header, ...rows.reverse()].join('\n')}\n`);
    const unsorted = await calibrate(['reversed.csv', '--out', 'd.yaml']);
    expect(unsorted.code).toBe(2);
    expect(unsorted.err).toMatch(
      /^hotline: HOTLINE_CALIBRATION_FAILED: reversed\.csv: call SIM0-\d+ arrives at \S+, before the previous record \(\S+\); /,
    );
  });

  it("reads whole local days as twin does: --to inside a day ends the period at that day's midnight", async () => {
    const noon = new Date((MONDAY_SHANGHAI_SEC + 3 * 86_400 + 12 * 3600) * 1000).toISOString();
    const run = await runCli(['calibrate', 'calls.db', '--to', noon, '--out', 'w.yaml', '--json'], { cwd: dir });
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    expect(summary.period.days).toBe(3);
    expect(Date.parse(summary.period.to) / 1000).toBe(MONDAY_SHANGHAI_SEC + 3 * 86_400);
    expect(summary.notes.some((n: string) => n.startsWith('left out'))).toBe(false);
  });

  it('exits 2 on records it cannot read or fit, in one line saying how to fix it', async () => {
    const cases: [string[], RegExp][] = [
      [['notes.txt', '--out', 'e.yaml'], /HOTLINE_OPTION_INVALID: RECORDS: "notes\.txt" is neither a SQLite store/],
      [['calls.db', '--map', 'm.yaml', '--out', 'e.yaml'], /HOTLINE_OPTION_INVALID: --map goes with CSV records/],
      [
        ['calls.db', '--from', '2030-01-01', '--out', 'e.yaml'],
        /HOTLINE_OPTION_INVALID: --to .* must be later than --from/,
      ],
      [['calls.db', '--tz', 'Mars/Base', '--out', 'e.yaml'], /HOTLINE_OPTION_INVALID: --tz must be an IANA time zone/],
      [
        ['calls.db', '--flow', 'hotline-12345-menu', '--out', 'e.yaml'],
        /HOTLINE_CALIBRATION_FAILED: no records of flow "hotline-12345-menu" in calls\.db/,
      ],
      [
        ['missing.db', '--out', 'e.yaml'],
        /HOTLINE_STORE_FAILED: Cannot read the call store at .*missing\.db: no such file/,
      ],
    ];
    for (const [args, expected] of cases) {
      const run = await calibrate(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toMatch(expected);
      expect(run.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
