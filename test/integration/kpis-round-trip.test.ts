import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { queued, record } from '../helpers/call-records.js';
import { handRecords } from '../helpers/contract-records.js';
import { runCli } from '../helpers/run-cli.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const hash = (n: number): string => n.toString(16).padStart(32, '0');

/** Records of every kind: fractional times, ratings, redials, callbacks, timed-out, texts needing quotes, nulls. */
function variedRecords(): CallRecord[] {
  const t = at('2026-03-31T23:58:00+08:00');
  return [
    ...handRecords(),
    queued(
      t + 0.125,
      { ivrSec: 12.5, waitSec: 14.75, answered: true, talkSec: 181.5, handleSec: 240.25 },
      {
        callerHash: hash(1),
        rating: 2,
        surveyInvited: true,
        pool: 'outsourced',
        agentGroup: 'vendor-a',
        skill: 'complaint, urgent',
      },
    ),
    queued(t + 61.3, { ivrSec: 3, waitSec: 4.2, answered: false }, { callerHash: hash(1), attempt: 2, skill: null }),
    queued(t + 120, { ivrSec: 8, waitSec: 30, answered: true }, { callerHash: hash(2), surveyInvited: true }),
    queued(t + 180, { ivrSec: 8, waitSec: 9, answered: true }, { rating: 4, agentGroup: 'city "east"', callType: '' }),
    record(t + 200, { direction: 'callback', callerHash: hash(2), answerSec: t + 210, outcome: 'answered' }),
    record(t + 260, { outcome: 'timed-out', endSec: t + 14_660, callerHash: hash(3) }),
    record(t + 300, { outcome: 'callback', callbackRequested: true, language: 'en-US', flowId: 'other-flow' }),
    record(t + 400, { outcome: null, endSec: null, lastState: 'menu,\nsecond line' }),
  ];
}

let dir: string;
const run = async (args: string[]) => {
  const result = await runCli(args, { cwd: dir });
  expect(result.code, result.err).toBe(0);
  return result.out;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-round-trip-'));
  const store = new SqliteCallStore(join(dir, 'first.db'));
  for (const r of variedRecords()) await store.putRecord(r);
  await store.close();
  await run(['export', '--db', 'first.db', '--out', 'exported.csv']);
  await run(['import', 'exported.csv', '--db', 'second.db']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export → import → kpis', () => {
  it.each([
    [[]],
    [['--by', 'month', '--by', 'group']],
    [['--by', 'day', '--by', 'pool', '--by', 'skill', '--by', 'flow', '--sl-from', 'arrival']],
    [['--by', 'hour', '--repeat-window-hours', '1', '--from', '2026-03-01', '--to', '2026-04-02']],
  ])('gives byte-equal `kpis --json %j` on the store, its copy and the exported file', async (args) => {
    const first = await run(['kpis', '--json', '--db', 'first.db', ...args]);
    expect(JSON.parse(first).window.records).toBeGreaterThan(0);
    expect(await run(['kpis', '--json', '--db', 'second.db', ...args])).toBe(first);
    expect(await run(['kpis', '--json', '--records', 'exported.csv', ...args])).toBe(first);
  });

  it('keeps the contract assessment too', async () => {
    writeFileSync(
      join(dir, 'c.yaml'),
      'name: C\ngroup: [vendor-a, city]\nperiod: quarter\ntargets: { service_level_min: 0.9, satisfaction_min: 0.5 }\n',
    );
    const args = ['kpis', '--json', '--contract', 'c.yaml'];
    const first = await run([...args, '--db', 'first.db']);
    expect(JSON.parse(first).contracts[0].periods[0]).toMatchObject({ group: 'vendor-a+city' });
    expect(await run([...args, '--db', 'second.db'])).toBe(first);
    expect(await run([...args, '--records', 'exported.csv'])).toBe(first);
  });
});
