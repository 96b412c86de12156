import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecordsCsv } from '../../src/store/record-csv-writer.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { runCli } from '../helpers/run-cli.js';
import { MONDAY_SHANGHAI_SEC, simulatedRecords, twinScenarioYaml, twinTestScenario } from '../helpers/twin-records.js';

let dir: string;
const run = (args: string[]) => runCli(['twin', ...args], { cwd: dir });
const DAY = ['--from', '2026-03-02', '--to', '2026-03-03'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-twin-'));
  writeFileSync(join(dir, 'same.yaml'), twinScenarioYaml(5));
  writeFileSync(join(dir, 'fewer.yaml'), twinScenarioYaml(4));
  // One Monday of the 5-agent scenario (seed 90; the twin runs seed 1), as the line's records.
  const records = simulatedRecords(twinTestScenario(5), 90, MONDAY_SHANGHAI_SEC);
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  for (const r of records) await store.putRecord(r);
  await store.close();
  // The CSV holds the Monday's calls only (no redial after midnight): its period is read off the records.
  const out = createWriteStream(join(dir, 'calls.csv'));
  const monday = records.filter((r) => r.arrivalSec < MONDAY_SHANGHAI_SEC + 86400);
  await writeRecordsCsv(
    (async function* () {
      yield* monday;
    })(),
    out,
  );
  out.end();
  await finished(out);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hotline twin', () => {
  it('passes the scenario that made the records (a SQLite store): JSON with the period and every verdict', async () => {
    const { code, out, err } = await run(['--scenario', 'same.yaml', '--records', 'calls.db', ...DAY, '--json']);
    expect(code, err).toBe(0);
    const twin = JSON.parse(out);

    expect(twin.period).toMatchObject({
      from: '2026-03-02T00:00:00.000+08:00',
      to: '2026-03-03T00:00:00.000+08:00',
      days: 1,
      startDay: 'Mon',
      timeZone: 'Asia/Shanghai',
    });
    expect(twin).toMatchObject({ replications: 40, seed: 7, inside: true, method: 'student-t', serviceLevelSec: 15 });
    // Family-wise 95 %: each of the k judged KPIs at Šidák's 0.95^(1/k).
    expect(twin.level).toBe(0.95);
    expect(twin.perKpiLevel).toBeCloseTo(0.95 ** (1 / Object.keys(twin.kpis).length), 12);
    expect(Object.keys(twin.kpis)).toEqual([
      'offered',
      'answerRate',
      'abandonRate',
      'serviceLevel',
      'asaSec',
      'ahtSec',
      'avgTalkSec',
      'surveyParticipation',
      'satisfactionStrict',
      'repeatCallRate',
    ]);
    for (const k of Object.values(twin.kpis) as { actual: number; low: number; high: number; inside: boolean }[])
      expect(k.inside && k.low <= k.actual && k.actual <= k.high).toBe(true);
    // Simulated callers who redial carry a caller hash, so the repeat-call rate is predicted and judged too.
    expect(twin.skipped).toEqual({});
  }, 60_000);

  it('fails a scenario with 20 % fewer agents on service level, exit 1', async () => {
    const { code, out } = await run(['--scenario', 'fewer.yaml', '--records', 'calls.db', ...DAY, '--json']);
    expect(code).toBe(1);
    const twin = JSON.parse(out);

    expect(twin.inside).toBe(false);
    expect(twin.kpis.serviceLevel.inside).toBe(false);
    expect(twin.kpis.serviceLevel.actual).toBeGreaterThan(twin.kpis.serviceLevel.high);
  }, 60_000);

  it('reads a records CSV, takes the period from the records, and prints the table', async () => {
    const { code, out, err } = await run(['--scenario', 'same.yaml', '--records', 'calls.csv', '--seed', '3']);
    expect(code, err).toBe(0);
    expect(out).toContain(
      'on calls.csv: 2026-03-02T00:00:00.000+08:00 to 2026-03-03T00:00:00.000+08:00 (1 day from Mon, Asia/Shanghai)',
    );
    expect(out).toContain(
      "40 replications, seed 3; all 10 KPIs judged together at 95 %: each at 99.49 % (Šidák), mean ± t·sd·√(1 + 1/n) (Student's t)",
    );
    expect(out).toMatch(/service level \(15 s from queue\) +\d+\.\d % +\d+\.\d % +\[\d+\.\d %, \d+\.\d %\] +inside/);
    // The CSV keeps the simulated callers' hashes: the repeat-call rate has its row, nothing is skipped.
    expect(out).toMatch(/repeat-call rate +\d+\.\d % +\d+\.\d % +\[/);
    expect(out).not.toContain('skipped:');
    expect(out).toContain('verdict: every KPI inside its prediction interval');
  }, 60_000);

  it('takes --level: the family-wise level, each KPI at its Šidák share', async () => {
    const { code, out, err } = await run([
      '--scenario',
      'same.yaml',
      '--records',
      'calls.csv',
      '--level',
      '0.9',
      '--json',
    ]);
    expect(code, err).toBe(0);
    const twin = JSON.parse(out);
    expect(twin.notes).toEqual([]);
    expect([twin.level, twin.perKpiLevel]).toEqual([
      0.9,
      expect.closeTo(0.9 ** (1 / Object.keys(twin.kpis).length), 12),
    ]);
    const bad = await run(['--scenario', 'same.yaml', '--records', 'calls.csv', '--level', '95']);
    expect([bad.code, bad.err]).toEqual([
      2,
      expect.stringMatching(/HOTLINE_OPTION_INVALID: --level: "95" is not a share/),
    ]);
  }, 60_000);

  it('names the KPIs outside in the table', async () => {
    const { code, out } = await run(['--scenario', 'fewer.yaml', '--records', 'calls.csv', '--replications', '10']);
    expect(code).toBe(1);
    expect(out).toContain("mean ± t·sd·√(1 + 1/n) (Student's t)");
    expect(out).toMatch(/service level \(15 s from queue\).* OUTSIDE/);
    expect(out).toMatch(/verdict: \d+ KPIs? outside: .*service level \(15 s from queue\)/);
  }, 60_000);

  it('gives the same answer on worker threads', async () => {
    const args = ['--scenario', 'same.yaml', '--records', 'calls.db', ...DAY, '--replications', '4', '--json'];
    const serial = await run(args);
    const parallel = await run([...args, '--workers', '2']);
    expect(parallel.code, parallel.err).toBe(serial.code);
    expect(parallel.out).toBe(serial.out);
  }, 60_000);

  it('refuses --map on a store, an empty window, a single replication and a run too large, exit 2', async () => {
    const map = await run(['--scenario', 'same.yaml', '--records', 'calls.db', '--map', 'm.yaml']);
    expect([map.code, map.err]).toEqual([2, expect.stringMatching(/HOTLINE_OPTION_INVALID: --map .* SQLite store/)]);
    const empty = await run(['--scenario', 'same.yaml', '--records', 'calls.db', '--from', '2027-01-01']);
    expect([empty.code, empty.err]).toEqual([2, expect.stringMatching(/no record arrives from 2027-01-01/)]);
    const one = await run(['--scenario', 'same.yaml', '--records', 'calls.db', '--replications', '1']);
    expect([one.code, one.err]).toEqual([2, expect.stringMatching(/--replications must be a whole number from 2/)]);
    const big = await run(['--scenario', 'same.yaml', '--records', 'calls.db', '--max-calls', '1000']);
    expect([big.code, big.err]).toEqual([
      2,
      expect.stringMatching(/HOTLINE_RUN_TOO_LARGE: hotline twin .*lower --replications, the period \(--from, --to\)/),
    ]);
  }, 60_000);
});
