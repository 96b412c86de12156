import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';
import type { AgentPool } from '../record/call-record.js';
import type { AgentState } from './agent-state.js';

/** One line of the agent-state log with the agent's group, pool and skills (from `agents`), for calibration. */
export interface AgentDutyChange {
  readonly agentId: string;
  /** The agent's group (default its pool's name), as records' `agentGroup`; null for an agent no longer listed. */
  readonly group: string | null;
  readonly pool: AgentPool | null;
  readonly skills: readonly string[];
  readonly from: AgentState;
  readonly to: AgentState;
  /** Seconds since the epoch. */
  readonly atSec: number;
}

/**
 * Reads a call store's agent-state log READ-ONLY (`agent_state_log` joined to `agents`), every line before
 * `toSec` (epoch seconds, exclusive; all when omitted), by agent then time: an agent's state at the period's
 * start is the state its last earlier line entered. A store from before agent states (schema < 7) has no log:
 * the answer is empty.
 */
export function readAgentDutyLog(path: string, toSec = Number.POSITIVE_INFINITY): AgentDutyChange[] {
  if (!existsSync(path))
    throw new HotlineError(
      'HOTLINE_STORE_FAILED',
      `Cannot read agent states from ${path}: no such file; pass the --db file.`,
    );
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agent_state_log'").get();
    if (!hasLog) return [];
    const rows = db
      .prepare(
        `SELECT l.agent_id, COALESCE(a.agent_group, a.pool) AS grp, a.pool, a.skills, l.from_state, l.to_state, l.at_sec
         FROM agent_state_log l LEFT JOIN agents a ON a.id = l.agent_id
         WHERE l.at_sec < ? ORDER BY l.agent_id, l.at_sec, l.seq`,
      )
      .all(toSec) as Record<string, unknown>[];
    return rows.map((row) => ({
      agentId: row.agent_id as string,
      group: (row.grp as string | null) ?? null,
      pool: (row.pool as AgentPool | null) ?? null,
      skills: typeof row.skills === 'string' ? (JSON.parse(row.skills) as string[]) : [],
      from: row.from_state as AgentState,
      to: row.to_state as AgentState,
      atSec: row.at_sec as number,
    }));
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    throw new HotlineError(
      'HOTLINE_STORE_FAILED',
      `Cannot read agent states from ${path}: ${(error as Error).message}; check the file is a hotline SQLite store.`,
      { cause: error },
    );
  } finally {
    db?.close();
  }
}
