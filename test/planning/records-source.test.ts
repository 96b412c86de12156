import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSqliteFile, kpisOfSource, storeSource } from '../../src/planning/records-source.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { MONDAY_SHANGHAI_SEC, simulatedRecords, twinTestScenario } from '../helpers/twin-records.js';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-records-source-'));
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  const records = simulatedRecords(twinTestScenario(5), 3, MONDAY_SHANGHAI_SEC, 3 * 3600);
  count = records.length;
  for (const r of records) await store.putRecord(r);
  await store.close();
  writeFileSync(join(dir, 'calls.csv'), 'callSid\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('records sources', () => {
  it('tells a SQLite store from anything else by its header', () => {
    expect(isSqliteFile(join(dir, 'calls.db'))).toBe(true);
    expect(isSqliteFile(join(dir, 'calls.csv'))).toBe(false);
    expect(isSqliteFile(join(dir, 'missing.db'))).toBe(false);
  });

  it("reads a store's arrivals and its KPIs over a window", async () => {
    const source = storeSource(join(dir, 'calls.db'));
    const arrivals: number[] = [];
    await source.readArrivals({}, (sec) => arrivals.push(sec));
    expect(arrivals).toHaveLength(count);
    const report = await kpisOfSource(source, { timeZone: 'Asia/Shanghai', fromSec: MONDAY_SHANGHAI_SEC });
    expect(report.window.records).toBe(count);
  });
});
