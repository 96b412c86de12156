import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTwinJob, twinRecordsPath } from '../../../src/console/planner/planner-twin.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { MONDAY_SHANGHAI_SEC, simulatedRecords, twinTestScenario } from '../../helpers/twin-records.js';

let dir: string;
let outside: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-planner-twin-'));
  outside = mkdtempSync(join(tmpdir(), 'hotline-planner-outside-'));
  mkdirSync(join(dir, 'data'));
  // One Monday of the 5-agent scenario as the line's records (seed 90; the twin runs the scenario's seed).
  const store = new SqliteCallStore(join(dir, 'data', 'calls.db'));
  for (const r of simulatedRecords(twinTestScenario(5), 90, MONDAY_SHANGHAI_SEC)) await store.putRecord(r);
  await store.close();
  writeFileSync(join(dir, 'notes.csv'), 'a,b\n');
  writeFileSync(join(outside, 'calls.db'), 'SQLite format 3\0');
  symlinkSync(join(outside, 'calls.db'), join(dir, 'link.db'));
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('the planner twin', () => {
  it('reads only a SQLite store inside the working folder', () => {
    expect(twinRecordsPath(dir, 'data/calls.db')).toMatch(/calls\.db$/);
    expect(() => twinRecordsPath(dir, 'missing.db')).toThrow(/no such file/);
    for (const spec of ['notes.csv', '../x/calls.db', join(outside, 'calls.db'), 'link.db', 'data'])
      expect(() => twinRecordsPath(dir, spec), spec).toThrow(/SQLite store .* inside the working folder|no such file/);
  });

  it("judges the store's day against the scenario that made it, with progress", async () => {
    const progress: number[] = [];
    const context = { signal: new AbortController().signal, progress: (done: number) => progress.push(done) };
    const path = twinRecordsPath(dir, 'data/calls.db');
    const { result } = await runTwinJob(twinTestScenario(5), path, { replications: 8, maxCalls: 1e7 }, context);
    expect(result.twin.period.days).toBeGreaterThanOrEqual(1);
    expect(result.twin.records).toBeGreaterThan(1000);
    expect(progress.at(-1)).toBe(8);
    expect(Object.keys(result.twin.kpis).length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a twin larger than its bound before simulating', async () => {
    const context = { signal: new AbortController().signal, progress: () => undefined };
    const path = twinRecordsPath(dir, 'data/calls.db');
    await expect(runTwinJob(twinTestScenario(5), path, { replications: 8, maxCalls: 100 }, context)).rejects.toThrow(
      /more than the console's bound/,
    );
  });
});
