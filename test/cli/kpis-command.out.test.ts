import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { supervisionRecords } from '../fixtures/supervision-records.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-out-'));
  db = join(dir, 'calls.db');
  const store = new SqliteCallStore(db);
  for (const r of supervisionRecords()) await store.putRecord(r);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hotline kpis --out', () => {
  it('writes index.html, kpis.json (as --json prints) and kpis.csv (as --csv prints), creating the folder', async () => {
    const args = ['kpis', '--db', 'calls.db', '--by', 'month', '--by', 'group'];
    const now = () => Date.parse('2026-04-01T00:00:00Z');
    const { code, out, err } = await runCli([...args, '--out', 'report/march'], { cwd: dir, now });
    expect(code, err).toBe(0);
    const outDir = join(dir, 'report', 'march');
    expect(readdirSync(outDir).sort()).toEqual(['index.html', 'kpis.csv', 'kpis.json']);
    expect(out).toMatch(/^7 records; service level counted from queue entry/);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^supervision report: /);
    expect(out).toContain(`supervision report: ${join(outDir, 'index.html')}, `);
    const json = await runCli([...args, '--json'], { cwd: dir });
    expect(readFileSync(join(outDir, 'kpis.json'), 'utf8')).toBe(json.out);
    const csv = await runCli([...args, '--csv'], { cwd: dir });
    expect(readFileSync(join(outDir, 'kpis.csv'), 'utf8')).toBe(csv.out);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<dt>Source</dt><dd>calls.db</dd>');
    expect(html).toContain('2026-04-01 08:00:00 +08:00');
  });

  it('shows each contract target, met or missed, in the report when --contract is given (one pass)', async () => {
    const contract = readFileSync(join(process.cwd(), 'contracts', 'vendor-a.yaml'), 'utf8').replace(
      'group: vendor-a',
      'group: acme',
    );
    writeFileSync(join(dir, 'acme.yaml'), contract);
    const args = ['kpis', '--db', 'calls.db', '--contract', 'acme.yaml', '--agent-hours', 'acme@2026-02=100'];
    const { code, err } = await runCli([...args, '--out', 'with-contract'], { cwd: dir, now: () => 0 });
    expect(code, err).toBe(0);
    const html = readFileSync(join(dir, 'with-contract', 'index.html'), 'utf8');
    expect(html).toContain('against the contract');
    expect(html).toContain('contract-table');
    expect(html).toMatch(/missed|met/);
    const json = await runCli([...args, '--json'], { cwd: dir });
    expect(readFileSync(join(dir, 'with-contract', 'kpis.json'), 'utf8')).toBe(json.out);
    expect(JSON.parse(json.out).contracts[0].periods.length).toBeGreaterThan(0);
  });

  it('keeps stdout pure JSON with --json', async () => {
    const { code, out } = await runCli(['kpis', '--db', 'calls.db', '--json', '--out', 'json-out'], { cwd: dir });
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(dir, 'json-out', 'kpis.json'), 'utf8'));
  });

  it('refuses a file as --out with HOTLINE_FILE_ACCESS and exit 2', async () => {
    writeFileSync(join(dir, 'taken'), 'x');
    const { code, out, err } = await runCli(['kpis', '--db', 'calls.db', '--out', 'taken'], { cwd: dir });
    expect(code).toBe(2);
    expect(out + err).toMatch(/HOTLINE_FILE_ACCESS: --out .*taken exists and is not a folder/);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('x');
  });
});
