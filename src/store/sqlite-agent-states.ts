/**
 * The SQLite call store's agent states, their log, and the reads the live line's wait announcements and
 * wrap-ups need (agents on duty, recent handle times, a handle time set after the call's end).
 */
import type Database from 'better-sqlite3';
import type { AgentPool } from '../record/call-record.js';
import { ON_DUTY_STATES, type AgentStateChange, type AgentStateLogQuery, type AgentStatus } from './agent-state.js';
import type { CallRecord } from '../record/call-record.js';
import type { WrapUp } from './call-store.js';
import { type Row, rowToRecord } from './sqlite-rows.js';

/** The agent-state tables and the index behind recent handle times (created by the schema, current and migrated). */
export const AGENT_STATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_states (
  agent_id TEXT PRIMARY KEY, state TEXT NOT NULL, since_sec REAL NOT NULL, call_sid TEXT, answer_sec REAL
);
CREATE TABLE IF NOT EXISTS agent_state_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,
  at_sec REAL NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agent_state_log_agent ON agent_state_log (agent_id, at_sec, seq);
CREATE INDEX IF NOT EXISTS call_records_recent_handle ON call_records (skill, end_sec) WHERE handle_sec IS NOT NULL;
`;

const ON_DUTY = ON_DUTY_STATES.map((s) => `'${s}'`).join(', ');

function rowToStatus(row: Row): AgentStatus {
  return {
    agentId: row.agent_id as string,
    state: row.state as AgentStatus['state'],
    sinceSec: row.since_sec as number,
    callSid: (row.call_sid as string | null) ?? null,
    answerSec: (row.answer_sec as number | null) ?? null,
  };
}

function rowToChange(row: Row): AgentStateChange {
  return {
    agentId: row.agent_id as string,
    from: row.from_state as AgentStateChange['from'],
    to: row.to_state as AgentStateChange['to'],
    atSec: row.at_sec as number,
    source: row.source as AgentStateChange['source'],
    reason: row.reason as string,
  };
}

/** Agent states in a SQLite call store's file (see CallStore for each method's contract). */
export class SqliteAgentStates {
  private readonly db: Database.Database;
  private readonly stmt: Record<string, Database.Statement>;

  constructor(db: Database.Database) {
    this.db = db;
    this.stmt = {
      get: db.prepare('SELECT * FROM agent_states WHERE agent_id = ?'),
      list: db.prepare('SELECT * FROM agent_states ORDER BY agent_id'),
      put: db.prepare(`INSERT INTO agent_states (agent_id, state, since_sec, call_sid, answer_sec) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(agent_id) DO UPDATE SET state = excluded.state, since_sec = excluded.since_sec,
        call_sid = excluded.call_sid, answer_sec = excluded.answer_sec`),
      log: db.prepare(
        'INSERT INTO agent_state_log (agent_id, from_state, to_state, at_sec, source, reason) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      readLog: db.prepare(`SELECT * FROM agent_state_log WHERE agent_id = ? AND at_sec >= ? AND at_sec < ?
        ORDER BY at_sec, seq LIMIT ?`),
      onDuty: db
        .prepare(`SELECT COUNT(*) FROM agents a JOIN agent_states s ON s.agent_id = a.id
          WHERE a.active = 1 AND a.pool = ? AND s.state IN (${ON_DUTY})
          AND EXISTS (SELECT 1 FROM json_each(a.skills) WHERE value = ?)`)
        .pluck(),
      setHandle: db.prepare('UPDATE call_records SET handle_sec = ? WHERE call_sid = ? AND handle_sec IS NULL'),
      setWrapUp: db.prepare('UPDATE call_records SET call_type = ?, resolved = ? WHERE call_sid = ?'),
      // The arrival index bounds the scan to the window (a day); an agent answers a small share of it.
      agentRecords: db.prepare(`SELECT * FROM call_records WHERE arrival_sec >= ? AND arrival_sec < ? AND agent_id = ?
        ORDER BY arrival_sec, call_sid LIMIT ?`),
      countInbound: db
        .prepare(`SELECT COUNT(*) FROM call_records WHERE caller_hash = ? AND arrival_sec >= ? AND arrival_sec < ?
          AND direction = 'inbound'`)
        .pluck(),
      recent: db.prepare(`SELECT COUNT(*) AS n, COALESCE(AVG(handle_sec), 0) AS mean FROM (
        SELECT handle_sec FROM call_records INDEXED BY call_records_recent_handle
        WHERE skill = ? AND handle_sec IS NOT NULL ORDER BY end_sec DESC LIMIT ?)`),
    };
  }

  countOnDuty(skill: string, pool: AgentPool): number {
    return this.stmt.onDuty!.get(pool, skill) as number;
  }

  get(agentId: string): AgentStatus | undefined {
    const row = this.stmt.get!.get(agentId) as Row | undefined;
    return row && rowToStatus(row);
  }

  list(): AgentStatus[] {
    return (this.stmt.list!.all() as Row[]).map(rowToStatus);
  }

  change(status: AgentStatus, change: AgentStateChange): void {
    this.db.transaction(() => {
      this.stmt.put!.run(status.agentId, status.state, status.sinceSec, status.callSid, status.answerSec);
      this.stmt.log!.run(change.agentId, change.from, change.to, change.atSec, change.source, change.reason);
    })();
  }

  log(query: AgentStateLogQuery): AgentStateChange[] {
    const rows = this.stmt.readLog!.all(
      query.agentId,
      query.fromSec ?? Number.NEGATIVE_INFINITY,
      query.toSec ?? Number.POSITIVE_INFINITY,
      query.limit,
    ) as Row[];
    return rows.map(rowToChange);
  }

  setHandleSec(callSid: string, handleSec: number): boolean {
    return this.stmt.setHandle!.run(handleSec, callSid).changes > 0;
  }

  setWrapUp(callSid: string, wrapUp: WrapUp): boolean {
    return this.stmt.setWrapUp!.run(wrapUp.callType, Number(wrapUp.resolved), callSid).changes > 0;
  }

  agentRecords(agentId: string, fromSec: number, toSec: number, limit: number): CallRecord[] {
    return (this.stmt.agentRecords!.all(fromSec, toSec, agentId, limit) as Row[]).map(rowToRecord);
  }

  countInboundCalls(callerHash: string, fromSec: number, beforeSec: number): number {
    return this.stmt.countInbound!.get(callerHash, fromSec, beforeSec) as number;
  }

  recentHandleSec(skill: string, count: number): { meanSec: number; count: number } {
    const row = this.stmt.recent!.get(skill, count) as { n: number; mean: number };
    return { meanSec: row.mean, count: row.n };
  }
}
