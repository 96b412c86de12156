import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readAgentDutyLog } from '../../src/store/sqlite-agent-duty-log.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-duty-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readAgentDutyLog', () => {
  it("reads every state change before the end, by agent and time, with the agent's group, pool and skills", async () => {
    const file = join(dir, 'line.db');
    const store = new SqliteCallStore(file);
    const agent = { name: 'A', phone: null, active: true, pinHash: null };
    await store.putAgent({ ...agent, id: '8013', skills: ['general'], pool: 'in-house' });
    await store.putAgent({
      ...agent,
      id: '9001',
      skills: ['general', 'enterprise'],
      pool: 'outsourced',
      group: 'vendor-a',
    });
    const change = async (agentId: string, from: string, to: string, atSec: number) =>
      store.changeAgentState(
        { agentId, state: to as 'ready', sinceSec: atSec, callSid: null, answerSec: null },
        { agentId, from: from as 'ready', to: to as 'ready', atSec, source: 'agent-line', reason: 'test' },
      );
    await change('9001', 'logged-out', 'ready', 100);
    await change('8013', 'logged-out', 'ready', 50);
    await change('8013', 'ready', 'on-call', 200);
    await change('8013', 'on-call', 'wrap-up', 500);
    await store.close();

    const log = readAgentDutyLog(file, 500);
    expect(log.map((l) => [l.agentId, l.to, l.atSec])).toEqual([
      ['8013', 'ready', 50],
      ['8013', 'on-call', 200],
      ['9001', 'ready', 100],
    ]);
    expect(log[0]).toMatchObject({ group: 'in-house', pool: 'in-house', skills: ['general'], from: 'logged-out' });
    expect(log[2]).toMatchObject({ group: 'vendor-a', pool: 'outsourced', skills: ['general', 'enterprise'] });
    expect(readAgentDutyLog(file)).toHaveLength(4);
  });

  it('answers empty for a store without the state log, and fails with a coded error for a missing or foreign file', () => {
    const old = join(dir, 'old.db');
    new Database(old).exec('CREATE TABLE call_records (call_sid TEXT)');
    expect(readAgentDutyLog(old)).toEqual([]);
    expect(() => readAgentDutyLog(join(dir, 'none.db'))).toThrow(/no such file/);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text that is long enough to have a header');
    expect(() => readAgentDutyLog(junk)).toThrow(expect.objectContaining({ code: 'HOTLINE_STORE_FAILED' }));
  });
});
