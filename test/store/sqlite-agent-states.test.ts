import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-agent-states-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite agent states', () => {
  it('upgrades a version-6 file: agents get their pool as group, records stay, states and their log work', async () => {
    const file = join(dir, 'v6.db');
    const current = new SqliteCallStore(file);
    await current.putAgent({
      id: '8013',
      name: 'A',
      phone: null,
      skills: ['general'],
      pool: 'outsourced',
      active: true,
      pinHash: null,
    });
    const old = {
      ...newCallRecord({
        callSid: 'CAold',
        flowId: 'f',
        direction: 'inbound',
        callerHash: 'h',
        arrivalSec: 1,
        language: 'cmn-CN',
        lastState: 'rated',
      }),
      answerSec: 3,
      endSec: 9,
      talkSec: 5,
      skill: 'general',
      pool: 'outsourced' as const,
      outcome: 'answered' as const,
    };
    await current.putRecord(old);
    await current.close();
    // What a version-6 hotline left: no group column, no state tables.
    const db = new Database(file);
    db.exec(`DROP TABLE agent_states; DROP TABLE agent_state_log; DROP INDEX call_records_recent_handle;
      ALTER TABLE agents DROP COLUMN agent_group; ALTER TABLE call_records DROP COLUMN resolved;`);
    db.pragma('user_version = 6');
    db.close();

    const store = new SqliteCallStore(file);
    expect(await store.getAgent('8013')).toMatchObject({ pool: 'outsourced', group: 'outsourced' });
    expect(await store.getRecord('CAold')).toEqual(old);
    expect(await store.getAgentStatus('8013')).toBeUndefined();
    await store.changeAgentState(
      { agentId: '8013', state: 'ready', sinceSec: 10, callSid: null, answerSec: null },
      { agentId: '8013', from: 'logged-out', to: 'ready', atSec: 10, source: 'agent-line', reason: 'login' },
    );
    expect(await store.countAgentsOnDuty('general', 'outsourced')).toBe(1);
    expect(await store.setHandleSec('CAold', 40)).toBe(true);
    await store.close();
    const upgraded = new Database(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(8);
    const plan = upgraded
      .prepare(
        `EXPLAIN QUERY PLAN SELECT handle_sec FROM call_records INDEXED BY call_records_recent_handle
         WHERE skill = ? AND handle_sec IS NOT NULL ORDER BY end_sec DESC LIMIT 5`,
      )
      .all('general')
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('call_records_recent_handle');
    upgraded.close();
  });

  it('keeps states and their log across a restart on the same file', async () => {
    const file = join(dir, 'restart.db');
    const first = new SqliteCallStore(file);
    await first.changeAgentState(
      { agentId: '7', state: 'away', sinceSec: 5, callSid: null, answerSec: null },
      { agentId: '7', from: 'ready', to: 'away', atSec: 5, source: 'admin', reason: 'lunch' },
    );
    await first.close();
    const second = new SqliteCallStore(file);
    expect((await second.getAgentStatus('7'))?.state).toBe('away');
    expect(await second.listAgentStateLog({ agentId: '7', limit: 5 })).toEqual([
      { agentId: '7', from: 'ready', to: 'away', atSec: 5, source: 'admin', reason: 'lunch' },
    ]);
    await second.close();
  });
});
