import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpisOfSource, kpisOfStore, kpisSource } from '../../src/cli/kpis-source.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { writeRecordsCsv } from '../../src/store/record-csv-writer.js';
import { handRecords } from '../helpers/contract-records.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

let dir: string;
const deps = (stderr: string[] = []) => ({ stderr: (t: string) => void stderr.push(t), env: {}, cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-source-'));
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  for (const r of handRecords()) await store.putRecord(r);
  await store.close();
  const out = createWriteStream(join(dir, 'reversed.csv'));
  await writeRecordsCsv(
    (async function* () {
      yield* [...handRecords()].reverse();
    })(),
    out,
  );
  out.end();
  await once(out, 'finish');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arrivals = async (flags: Parameters<typeof kpisSource>[0], window = {}) => {
  const source = await kpisSource(flags, deps());
  const seen: number[] = [];
  await source.read(window, (r: CallRecord) => seen.push(r.arrivalSec));
  return { sorted: source.sortedByArrival, seen };
};

describe('kpisSource', () => {
  it('reads a store in arrival order, and a CSV in the file’s order, each within the window', async () => {
    const all = handRecords().map((r) => r.arrivalSec);
    const window = { fromSec: all[2]!, toSec: all[8]! };
    expect(await arrivals({ db: 'calls.db' }, window)).toEqual({ sorted: true, seen: all.slice(2, 8) });
    expect(await arrivals({ records: 'reversed.csv' }, window)).toEqual({
      sorted: false,
      seen: all.slice(2, 8).reverse(),
    });
  });

  it('the report of a CSV in any order equals the store’s, grouped by month (groups kept open)', async () => {
    const options = { by: ['month', 'group'] as const, timeZone: 'Asia/Shanghai' };
    const fromCsv = await kpisOfSource(await kpisSource({ records: 'reversed.csv' }, deps()), options);
    expect(fromCsv).toEqual(kpisOfStore(join(dir, 'calls.db'), options));
    expect(fromCsv.groups.map((g) => g.key.month)).toContain('2026-02');
  });

  it('lists the bad rows skipped under --max-bad-rows on stderr once the file is read', async () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      'callSid,flowId,direction,arrivalSec,language,lastState\nx,f,sideways,1,zh,s\n',
    );
    const err: string[] = [];
    const source = await kpisSource({ records: 'bad.csv', maxBadRows: '1' }, deps(err));
    await source.read({}, () => undefined);
    expect(err.join('')).toMatch(/^hotline: skipped bad row: bad\.csv:2: direction: /);
  });

  it('passes every record to `also` beside the report', async () => {
    const seen: string[] = [];
    const source = await kpisSource({ db: 'calls.db' }, deps());
    const report = await kpisOfSource(source, {}, (r) => seen.push(r.callSid));
    expect(seen).toHaveLength(report.window.records);
  });
});
