import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-export-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => runCli(args, { cwd: dir });

/** Records that differ in every way a field can: fractions, nulls, empty texts, CSV-hostile and non-ASCII text. */
function variedRecords(): CallRecord[] {
  return Array.from({ length: 60 }, (_, i) => {
    const base = newCallRecord({
      callSid: `CA${String(i).padStart(3, '0')}`,
      flowId: i % 2 ? 'hotline-12345-direct' : 'hotline-12345',
      direction: i % 7 === 0 ? 'callback' : 'inbound',
      callerHash: i % 3 === 0 ? null : (i * 7919).toString(16).padStart(32, '0'),
      arrivalSec: 1772409900 + i * 37.123456789 + (i % 5 === 0 ? 1e-7 : 0),
      language: i % 4 === 0 ? 'en-US' : 'cmn-CN',
      lastState: ['done', '', 'queue,"overflow"', 'line\nbreak', '满意度'][i % 5]!,
    });
    if (i % 11 === 10) return base; // in progress: no end, no outcome
    const answered = i % 3 !== 2;
    return {
      ...base,
      ivrExitSec: base.arrivalSec + 12.5,
      queueEntrySec: base.arrivalSec + 12.5,
      answerSec: answered ? base.arrivalSec + 20.25 : null,
      abandonSec: answered ? null : base.arrivalSec + 40,
      endSec: base.arrivalSec + 200.1,
      handleSec: answered ? 0.1 + 0.2 + i : null,
      talkSec: answered ? 179.85 : null,
      callType: i % 6 === 0 ? null : ['consult', 'complaint', ''][i % 3]!,
      attempt: 1 + (i % 3),
      skill: 'general',
      pool: i % 2 ? 'outsourced' : 'in-house',
      agentGroup: i % 2 ? 'ContractorA' : '城市热线一组',
      agentId: answered ? `${i % 2 ? 'ContractorA' : 'inhouse'}-${i}` : null,
      outcome: answered ? 'answered' : CALL_OUTCOMES[(i % CALL_OUTCOMES.length) + 0]!,
      rating: answered && i % 4 ? 1 + (i % 5) : null,
      surveyInvited: answered && i % 4 !== 0,
      callbackRequested: i % 9 === 0,
      transferTo: i % 13 === 0 ? '119' : null,
    };
  });
}

async function listed(db: string): Promise<CallRecord[]> {
  const store = new SqliteCallStore(join(dir, db));
  try {
    return await store.listRecords();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  const store = new SqliteCallStore(join(dir, 'a.db'));
  for (const record of variedRecords()) await store.putRecord(record);
  await store.close();
});

describe('hotline export', () => {
  it('round-trips exactly: export, import into a new store, the same records', async () => {
    const exported = await run(['export', '--db', 'a.db', '--out', 'a.csv']);
    expect(exported.code).toBe(0);
    expect(exported.err).toBe('hotline: 60 record(s) written to a.csv\n');
    const imported = await run(['import', 'a.csv', '--db', 'b.db']);
    expect(imported.out).toBe('a.csv: 60 imported, 0 skipped (CallSid already in b.db), 0 bad\n');
    const [a, b] = [await listed('a.db'), await listed('b.db')];
    expect(a).toHaveLength(60);
    expect(b).toEqual(a);
    expect(a).toEqual(variedRecords().sort((x, y) => x.arrivalSec - y.arrivalSec));
  });

  it("writes the record's field names as header, to stdout without --out", async () => {
    const { code, out } = await run(['export', '--db', 'a.db']);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
    expect(out.split('\n')[0]).toBe(
      'callSid,flowId,direction,callerHash,arrivalSec,ivrExitSec,queueEntrySec,answerSec,abandonSec,endSec,handleSec,talkSec,callType,attempt,skill,pool,agentGroup,agentId,outcome,rating,surveyInvited,language,callbackRequested,transferTo,lastState,resolved',
    );
  });

  it('keeps arrivals in [--from, --to), ISO with offset or epoch seconds', async () => {
    const from = new Date((1772409900 + 10 * 37.2) * 1000).toISOString();
    await run(['export', '--db', 'a.db', '--out', 'part.csv', '--from', from, '--to', String(1772409900 + 20 * 37.2)]);
    await run(['import', 'part.csv', '--db', 'part.db']);
    expect((await listed('part.db')).map((r) => r.callSid)).toEqual(
      Array.from({ length: 10 }, (_, i) => `CA${String(i + 11).padStart(3, '0')}`),
    );
  });

  it('refuses a time without its offset, and a missing store', async () => {
    const zone = await run(['export', '--db', 'a.db', '--from', '2026-03-02T08:00:00']);
    expect(zone.code).toBe(2);
    expect(zone.err).toMatch(/^hotline: HOTLINE_OPTION_INVALID: --from must be an ISO 8601 time with its offset/);
    const missing = await run(['export', '--db', 'none.db']);
    expect(missing.err).toMatch(/^hotline: HOTLINE_OPTION_INVALID: --db none\.db: no such file/);
  });
});
