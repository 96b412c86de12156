import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { simulatedRecords, twinScenarioYaml, twinTestScenario } from '../helpers/twin-records.js';

let dir: string;
const run = (args: string[]) => runCli(['simulate', 'one-day.yaml', ...args], { cwd: dir });
/** Monday 2026-01-05 00:00 in Asia/Shanghai: the default day 0 of a scenario starting on a Monday. */
const DAY0 = Date.parse('2026-01-05T00:00:00+08:00') / 1000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-records-out-'));
  writeFileSync(join(dir, 'one-day.yaml'), twinScenarioYaml(5));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');

describe('hotline simulate --records-out', () => {
  it("writes replication 0's calls of the horizon by arrival, epoch times from Monday 2026-01-05 in Shanghai", async () => {
    const { code, err } = await run(['--replications', '2', '--records-out', 'r.csv']);
    expect(code, err).toBe(0);
    const [header, ...rows] = lines('r.csv');
    const columns = header!.split(',');
    const cell = (row: string, name: string) => row.split(',')[columns.indexOf(name)]!;
    // The same calls as replication 0 of the scenario's seed, shifted to epoch seconds, the day's arrivals only.
    const expected = simulatedRecords(twinTestScenario(5), 7, DAY0, 86400).sort((a, b) => a.arrivalSec - b.arrivalSec);
    expect(rows.map((r) => cell(r, 'callSid'))).toEqual(expected.map((r) => r.callSid));
    expect(rows.map((r) => Number(cell(r, 'endSec')))).toEqual(expected.map((r) => r.endSec));
    const arrivals = rows.map((r) => Number(cell(r, 'arrivalSec')));
    for (let i = 1; i < arrivals.length; i += 1) expect(arrivals[i]).toBeGreaterThanOrEqual(arrivals[i - 1]!);
    expect(arrivals[0]).toBeGreaterThanOrEqual(DAY0);
    expect(arrivals.at(-1)).toBeLessThan(DAY0 + 86400);
    expect(err).toBe(
      `hotline: ${rows.length} record(s) of replication 0 written to r.csv (day 0: 2026-01-05T00:00:00+08:00)\n`,
    );
  });

  it('is byte-identical for the same scenario and seed, with worker threads too, and leaves the KPIs as they were', async () => {
    const plain = await run(['--replications', '3', '--json']);
    const first = await run(['--replications', '3', '--json', '--records-out', 'a.csv']);
    const again = await run(['--replications', '3', '--json', '--workers', '2', '--records-out', 'b.csv']);
    expect(first.code, first.err).toBe(0);
    expect(again.code, again.err).toBe(0);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
    const kpis = (out: string) => JSON.parse(out).kpis;
    expect(kpis(first.out)).toEqual(kpis(plain.out));
    expect(kpis(again.out)).toEqual(kpis(plain.out));
    const other = await run(['--replications', '1', '--seed', '8', '--records-out', 'c.csv']);
    expect(other.code, other.err).toBe(0);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).not.toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
  }, 60_000);

  it('places day 0 at --start in --tz', async () => {
    const { code, err } = await run([
      '--replications',
      '1',
      '--records-out',
      'berlin.csv',
      '--start',
      '2026-03-02',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(code, err).toBe(0);
    expect(err).toContain('(day 0: 2026-03-02T00:00:00+01:00)');
    const arrival = Number(lines('berlin.csv')[1]!.split(',')[4]);
    const start = Date.parse('2026-03-02T00:00:00+01:00') / 1000;
    expect(arrival).toBeGreaterThanOrEqual(start);
    expect(arrival).toBeLessThan(start + 3600);
  });

  it('refuses a --start on another weekday, and --start or --tz without --records-out, in one line', async () => {
    const wrong = await run(['--records-out', 'x.csv', '--start', '2026-01-06']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toBe(
      'hotline: HOTLINE_OPTION_INVALID: --start 2026-01-06 is a Tuesday in Asia/Shanghai, but the scenario starts on a Monday (horizon.start_day: Mon); give a Monday, e.g. 2026-01-12.\n',
    );
    const alone = await run(['--tz', 'Europe/Berlin']);
    expect(alone.code).not.toBe(0);
    expect(alone.err).toMatch(
      /^hotline: HOTLINE_OPTION_INVALID: --tz places the records of --records-out in time;.*\n$/,
    );
  });
});
