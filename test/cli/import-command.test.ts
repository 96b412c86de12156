import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashCaller } from '../../src/store/caller-hash.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-import-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = join(ROOT, 'examples/records/generic-acd.csv');
const MAP = join(ROOT, 'examples/maps/generic-acd.yaml');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: dir, env });

async function records(db: string) {
  const store = new SqliteCallStore(join(dir, db));
  try {
    return await store.listRecords();
  } finally {
    await store.close();
  }
}

describe('hotline import', () => {
  it('imports the sample ACD export through its map: China local times, outcomes, pools, hashed numbers', async () => {
    copyFileSync(SAMPLE, join(dir, 'acd.csv'));
    const { code, out, err } = await run(['import', 'acd.csv', '--map', MAP, '--db', 'acd.db']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('acd.csv: 20 imported, 0 skipped (CallSid already in acd.db), 0 bad\n');
    const stored = await records('acd.db');
    const third = stored.find((r) => r.callSid === 'ACD2026030200003')!;
    // 2026-03-02 08:12:15 in Asia/Shanghai is 00:12:15 UTC.
    expect(third).toMatchObject({
      arrivalSec: Date.UTC(2026, 2, 2, 0, 12, 15) / 1000,
      answerSec: Date.UTC(2026, 2, 2, 0, 13, 23) / 1000,
      talkSec: 224,
      handleSec: 235,
      outcome: 'answered',
      pool: 'in-house',
      agentGroup: '城市热线一组',
      agentId: '8015',
      flowId: 'acd-import',
    });
    const key = readFileSync(join(dir, 'acd.db.hash-key'), 'utf8').trim();
    expect(third.callerHash).toBe(hashCaller('+8613927610490', key));
    expect(stored.filter((r) => r.outcome === 'abandoned')).toHaveLength(4);
    expect(stored.find((r) => r.callSid === 'ACD2026030200001')!.callerHash).toBeNull();
  });

  it('never stores a caller number in clear: none of the sample’s numbers is in the database files', async () => {
    const numbers = readFileSync(SAMPLE, 'utf8').match(/139\d{8}/g)!;
    expect(numbers.length).toBeGreaterThan(10);
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('acd.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('');
    expect(bytes).toContain('ACD2026030200003');
    expect(numbers.filter((n) => bytes.includes(n))).toEqual([]);
  });

  it('skips and counts records already stored when the same file is imported again', async () => {
    const { out } = await run(['import', 'acd.csv', '--map', MAP, '--db', 'acd.db']);
    expect(out).toBe('acd.csv: 0 imported, 20 skipped (CallSid already in acd.db), 0 bad\n');
  });

  it('hashes with the key the server takes: --hash-key-file, else HOTLINE_HASH_SALT', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    await run(['import', 'acd.csv', '--map', MAP, '--db', 'k1.db', '--hash-key-file', keyFile]);
    const salt = 'b'.repeat(40);
    await run(['import', 'acd.csv', '--map', MAP, '--db', 'k2.db'], { HOTLINE_HASH_SALT: salt });
    const pick = (rs: Awaited<ReturnType<typeof records>>) =>
      rs.find((r) => r.callSid === 'ACD2026030200003')!.callerHash;
    expect(pick(await records('k1.db'))).toBe(hashCaller('+8613927610490', 'a'.repeat(64)));
    expect(pick(await records('k2.db'))).toBe(hashCaller('+8613927610490', salt));
  });

  it('fails on bad rows with file:line and column and writes nothing; within --max-bad-rows skips and lists them', async () => {
    copyFileSync(join(ROOT, 'test/fixtures/records/bad-rows.csv'), join(dir, 'bad.csv'));
    const failed = await run(['import', 'bad.csv', '--db', 'bad.db']);
    expect(failed.code).toBe(2);
    expect(failed.err).toMatch(
      /^hotline: HOTLINE_RECORDS_INVALID: bad\.csv: more than 0 bad row\(s\) \(--max-bad-rows 0\); the first: \| bad\.csv:3: direction: "outbound" is not one of inbound, callback \| /,
    );
    expect(await records('bad.db')).toEqual([]);
    const tooMany = await run(['import', 'bad.csv', '--db', 'bad.db', '--max-bad-rows', '4']);
    expect(tooMany.code).toBe(2);
    expect(await records('bad.db')).toEqual([]);
    const { code, out, err } = await run(['import', 'bad.csv', '--db', 'bad.db', '--max-bad-rows', '5']);
    expect(code).toBe(0);
    expect(out).toBe('bad.csv: 3 imported, 0 skipped (CallSid already in bad.db), 5 bad\n');
    expect(err.trim().split('\n')).toEqual([
      'hotline: skipped bad row: bad.csv:3: direction: "outbound" is not one of inbound, callback',
      expect.stringMatching(/^hotline: skipped bad row: bad\.csv:4: arrivalSec: "2026-03-02 08:05:01" is not a time/),
      'hotline: skipped bad row: bad.csv:6: rating: "6" is not a whole number from 1 to 5',
      'hotline: skipped bad row: bad.csv:7: has 5 cell(s) where the header has 12',
      expect.stringMatching(/^hotline: skipped bad row: bad\.csv:8: callerHash: is not a caller hash/),
    ]);
  });

  it('names a CSV it cannot read, before making a database for it', async () => {
    const { code, err } = await run(['import', 'missing.csv', '--db', 'never.db']);
    expect(code).toBe(2);
    expect(err).toMatch(/^hotline: HOTLINE_FILE_ACCESS: cannot access .*missing\.csv \(ENOENT\)/);
    expect(readdirSync(dir).filter((f) => f.startsWith('never.db'))).toEqual([]);
  });

  it('refuses a bad map with file:line, and a bad --max-bad-rows', async () => {
    writeFileSync(
      join(dir, 'bad-map.yaml'),
      'columns:\n  arrivalSec: StartTime\ntime:\n  format: iso\n  zone: Mars/Olympus\n',
    );
    const map = await run(['import', 'acd.csv', '--map', 'bad-map.yaml', '--db', 'x.db']);
    expect(map.code).toBe(2);
    expect(map.err).toMatch(
      /^hotline: HOTLINE_RECORD_MAP_INVALID: bad-map\.yaml:5:9: time\.zone: expected an IANA time zone/,
    );
    const flag = await run(['import', 'acd.csv', '--db', 'x.db', '--max-bad-rows', '-1']);
    expect(flag.err).toMatch(/^hotline: HOTLINE_OPTION_INVALID: --max-bad-rows must be a whole number/);
  });
});
