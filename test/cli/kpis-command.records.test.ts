import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { handRecords } from '../helpers/contract-records.js';
import { record } from '../helpers/call-records.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const HOUR = 3600;
const SALT = { HOTLINE_HASH_SALT: 'f'.repeat(64) };

let dir: string;
let db: string;
let csv: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-records-'));
  db = join(dir, 'calls.db');
  csv = join(dir, 'calls.csv');
  const store = new SqliteCallStore(db);
  // Caller c1 at 0 h and 100 h (a repeat within 150 h), and at 400 h; read backwards, only an exact count sees it.
  const t0 = Date.parse('2026-02-01T00:00:00Z') / 1000;
  const callers = [0, 100, 400].map((h) => record(t0 + h * HOUR, { callerHash: 'c1'.padEnd(32, '0') }));
  for (const r of [...handRecords(), ...callers]) await store.putRecord(r);
  await store.close();
  const exported = await runCli(['export', '--db', db, '--out', csv]);
  expect(exported.code, exported.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kpisJson = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const { code, out, err } = await runCli(['kpis', '--json', ...args], { env });
  expect(code, err).toBe(0);
  return out;
};

describe('hotline kpis --records', () => {
  const grouped = ['--by', 'month', '--by', 'group', '--repeat-window-hours', '150'];

  it('gives byte for byte the JSON of --db on the same records (an export)', async () => {
    const fromDb = await kpisJson(['--db', db, ...grouped]);
    expect(await kpisJson(['--records', csv, ...grouped])).toBe(fromDb);
    expect(JSON.parse(fromDb).kpis.repeatCallers).toBe(1);
  });

  it('gives the same JSON on a file in no particular order (rows reversed): groups stay open, repeats exact', async () => {
    const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const reversed = join(dir, 'reversed.csv');
    writeFileSync(reversed, `${[header, ...rows.reverse()].join('\n')}\n`);
    expect(await kpisJson(['--records', reversed, ...grouped])).toBe(await kpisJson(['--db', db, ...grouped]));
  });

  it('reads another system’s export through a map, as `hotline import` then `kpis --db` does', async () => {
    const sample = ['examples/records/generic-acd.csv', '--map', 'examples/maps/generic-acd.yaml'];
    const acdDb = join(dir, 'acd.db');
    const imported = await runCli(['import', ...sample, '--db', acdDb], { env: SALT });
    expect(imported.code, imported.err).toBe(0);
    const fromCsv = await kpisJson(['--records', ...sample, '--by', 'group'], SALT);
    expect(fromCsv).toBe(await kpisJson(['--db', acdDb, '--by', 'group'], SALT));
    const { kpis, groups } = JSON.parse(fromCsv);
    expect(kpis).toMatchObject({ arrivals: 20, offered: 17, answered: 12, abandoned: 4 });
    expect(groups.map((g: { key: { group: string } }) => g.key.group)).toEqual([
      '(none)',
      'ContractorA',
      '城市热线一组',
    ]);
    // Without a configured key a throwaway one hashes the numbers: the figures are the same.
    expect(await kpisJson(['--records', ...sample, '--by', 'group'])).toBe(fromCsv);
  });

  it('fails on a bad row with file:line and column; within --max-bad-rows skips and lists them on stderr', async () => {
    const bad = ['--records', 'test/fixtures/records/bad-rows.csv'];
    const strict = await runCli(['kpis', ...bad]);
    expect(strict.code).toBe(2);
    expect(strict.out + strict.err).toMatch(/HOTLINE_RECORDS_INVALID: .*bad-rows\.csv:3: direction: "outbound"/);
    const lenient = await runCli(['kpis', '--json', ...bad, '--max-bad-rows', '5']);
    expect(lenient.code, lenient.err).toBe(0);
    expect(lenient.err).toMatch(/^hotline: skipped bad row: test\/fixtures\/records\/bad-rows\.csv:3: direction: /);
    expect(lenient.err.match(/skipped bad row/g)).toHaveLength(5);
    // The 3 good rows: two inbound calls and one callback leg.
    expect(JSON.parse(lenient.out).kpis).toMatchObject({ arrivals: 2, callbackLegs: 1 });
  });

  it.each([
    [['--db', 'x.db', '--records', 'x.csv'], /--db and --records name two sources of records; give one of them/],
    [['--map', 'examples/maps/generic-acd.yaml'], /--map goes with --records FILE\.csv/],
    [['--max-bad-rows', '3'], /--max-bad-rows goes with --records/],
    [['--records', 'x.csv', '--max-bad-rows', 'many'], /--max-bad-rows must be a whole number/],
  ])('refuses %j with exit 2 and a coded line', async (args, message) => {
    const { code, out, err } = await runCli(['kpis', ...args], { cwd: ROOT });
    expect(code).toBe(2);
    expect(out + err).toMatch(/HOTLINE_OPTION_INVALID/);
    expect(out + err).toMatch(message);
  });
});
