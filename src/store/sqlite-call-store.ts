import type Database from 'better-sqlite3';
import { BoundedMemo } from '../bounded-memo.js';
import { HotlineError } from '../errors.js';
import { isFinalRecord, type AgentPool, type CallRecord } from '../record/call-record.js';
import type { AgentStateChange, AgentStateLogQuery, AgentStatus } from './agent-state.js';
import type {
  Agent,
  CallbackRequest,
  CallSession,
  CallStore,
  PreviousCall,
  RecordPage,
  RecordPageQuery,
  RecordPageReader,
  WrapUp,
} from './call-store.js';
import { SqliteAgentStates } from './sqlite-agent-states.js';
import { SqliteRecordPages } from './sqlite-record-pages.js';
import {
  PUT_RECORD_UNLESS_FINAL,
  RECORD_COLUMNS,
  recordValues,
  rowToAgent,
  rowToCallback,
  rowToRecord,
  sameRecord,
  sessionFromValues,
  SESSION_COLUMNS,
  SESSION_WITH_RECORD,
  upsert,
  valuesToRecord,
  type Row,
} from './sqlite-rows.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { openCallDatabase } from './sqlite-schema.js';

/** How many sessions a store keeps in memory (far more than calls in progress on one server). */
const KNOWN_CAPACITY = 10_000;

/**
 * The default CallStore: one SQLite file (WAL mode), so a restarted server
 * continues its calls and every call record survives. Statements are prepared
 * once. Session writes are group-committed: the writes requested during one
 * turn of the event loop go into one transaction, and each caller's promise
 * resolves only once that transaction has committed (so a webhook is answered
 * only after its call state is on disk). Reads see writes still waiting, and
 * sessions this connection wrote or read are served from memory until another
 * connection commits to the file.
 */
export class SqliteCallStore implements CallStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly stmt: Record<string, Database.Statement>;
  private readonly commits: SqliteGroupCommit;
  /** Sessions written or ended (null) but not yet committed, by CallSid. */
  private readonly pendingSessions = new Map<string, CallSession | null>();
  private readonly pendingRecords = new Map<string, CallRecord>();
  /**
   * Sessions as this connection last wrote or read them (committed or still
   * pending), so a webhook's read costs no query and no JSON parsing. Valid
   * while no other connection commits: PRAGMA data_version tells, and any
   * change empties it.
   */
  private readonly known = new Map<string, CallSession>();
  /** Agents by id (null: no such agent), kept the same way as sessions: idle agents are looked up on every poll. */
  private readonly knownAgents = new BoundedMemo<Agent | null>(KNOWN_CAPACITY);
  private dataVersion = -1;
  /** listWaiting's and firstWaitingQueue's statements by the number of queue names (an agent's skills × pools: a handful of sizes). */
  private readonly waitingByCount = new Map<string, Database.Statement>();
  private readonly pages: SqliteRecordPages;
  private readonly states: SqliteAgentStates;

  constructor(path: string) {
    this.path = path;
    this.db = openCallDatabase(path);
    this.stmt = {
      getSession: this.db.prepare(`${SESSION_WITH_RECORD} WHERE s.call_sid = ?`).raw(),
      putSession: this.db.prepare(upsert('call_sessions', SESSION_COLUMNS)),
      deleteSession: this.db.prepare('DELETE FROM call_sessions WHERE call_sid = ?'),
      getRecord: this.db.prepare('SELECT * FROM call_records WHERE call_sid = ?'),
      putRecord: this.db.prepare(PUT_RECORD_UNLESS_FINAL),
      isFinal: this.db.prepare('SELECT 1 FROM call_records WHERE call_sid = ? AND end_sec IS NOT NULL').pluck(),
      sessionsArrivedBefore: this.db
        .prepare(`${SESSION_WITH_RECORD} WHERE r.arrival_sec < ? ORDER BY r.arrival_sec, s.call_sid`)
        .raw(),
      listRecords: this.db.prepare('SELECT * FROM call_records ORDER BY arrival_sec, call_sid'),
      latestInboundCall: this.db.prepare(
        `SELECT arrival_sec AS arrivalSec, attempt, outcome FROM call_records
           WHERE caller_hash = ? AND direction = 'inbound' AND arrival_sec >= ? AND arrival_sec < ?
           ORDER BY arrival_sec DESC LIMIT 1`,
      ),
      putAgent: this.db.prepare(
        'INSERT OR REPLACE INTO agents (id, name, phone, skills, pool, active, pin_hash, agent_group) VALUES (@id, @name, @phone, @skills, @pool, @active, @pin_hash, @agent_group)',
      ),
      getAgent: this.db.prepare('SELECT * FROM agents WHERE id = ?'),
      findAgentByPhone: this.db.prepare('SELECT * FROM agents WHERE phone = ?'),
      listAgents: this.db.prepare('SELECT * FROM agents ORDER BY id'),
      deleteAgent: this.db.prepare('DELETE FROM agents WHERE id = ?'),
      putCallback:
        this.db.prepare(`INSERT OR REPLACE INTO callbacks (id, call_sid, skill, number, status, created_sec, due_sec, attempts, placed_call_sid, last_error)
        VALUES (@id, @call_sid, @skill, @number, @status, @created_sec, @due_sec, @attempts, @placed_call_sid, @last_error)`),
      listCallbacks: this.db.prepare('SELECT * FROM callbacks ORDER BY due_sec, id'),
      listCallbacksByStatus: this.db.prepare('SELECT * FROM callbacks WHERE status = ? ORDER BY due_sec, id'),
      getSetting: this.db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: this.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
      deleteSetting: this.db.prepare('DELETE FROM settings WHERE key = ?'),
      eraseCallbackNumbers: this.db.prepare(`UPDATE callbacks SET number = NULL,
        placed_call_sid = CASE WHEN status = 'pending' THEN NULL ELSE placed_call_sid END,
        last_error = CASE WHEN status = 'pending' THEN ? ELSE last_error END,
        status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
        WHERE number IS NOT NULL AND due_sec <= ?`),
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(),
      countActiveAgents: this.db
        .prepare(
          'SELECT COUNT(*) FROM agents WHERE active = 1 AND EXISTS (SELECT 1 FROM json_each(agents.skills) WHERE value = ?)',
        )
        .pluck(),
    };
    this.states = new SqliteAgentStates(this.db);
    this.pages = new SqliteRecordPages(this.db, RECORD_COLUMNS, (row) => valuesToRecord(row, 0));
    this.commits = new SqliteGroupCommit(this.db, path, {
      committing: () => {
        this.pendingSessions.clear();
        this.pendingRecords.clear();
      },
      failed: () => this.known.clear(),
    });
  }

  /**
   * Writes a session row and, when `withRecord`, its record row, unless the
   * call's record is final. Runs inside the group commit's IMMEDIATE
   * transaction, so the check and the writes see and hold the latest file.
   */
  private writeSession(session: CallSession, options: { readonly withRecord: boolean }): boolean {
    if (this.stmt.isFinal!.get(session.callSid) !== undefined) {
      this.known.delete(session.callSid);
      return false;
    }
    // SESSION_COLUMNS order.
    this.stmt.putSession!.run(
      session.callSid,
      session.flowId,
      JSON.stringify(session.snapshot),
      session.turn,
      session.queueName,
      session.queueSinceSec,
      session.pendingLeave,
      Number(session.heardHold),
      JSON.stringify(session.marks),
      session.lastTwiml,
      JSON.stringify(session.journey),
    );
    if (options.withRecord) this.stmt.putRecord!.run(recordValues(session.record));
    return true;
  }

  /** The sessions (and agents) known to be current, emptied first if another connection has committed since the last look (about 1.5 µs). */
  private knownSessions(): Map<string, CallSession> {
    const version = this.stmt.dataVersion!.get() as number;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.known.clear();
      this.knownAgents.clear();
    }
    return this.known;
  }

  private remember(session: CallSession): void {
    this.known.delete(session.callSid);
    if (this.known.size >= KNOWN_CAPACITY) this.known.delete(this.known.keys().next().value as string);
    this.known.set(session.callSid, session);
  }

  /** True when the call's record is final as this connection sees it: written and pending, or in the file. */
  private knownFinal(callSid: string): boolean {
    const pending = this.pendingRecords.get(callSid);
    if (pending) return isFinalRecord(pending);
    return this.stmt.isFinal!.get(callSid) !== undefined;
  }

  /** A session from a SESSION_WITH_RECORD row (raw: an array). */
  private sessionFromRow(row: readonly unknown[]): CallSession {
    const record = row[SESSION_COLUMNS.length + RECORD_COLUMNS.indexOf('call_sid')];
    if (record === null)
      throw new HotlineError(
        'HOTLINE_STORE_FAILED',
        `Call session ${String(row[0])} has no call record in ${this.path}; the file was edited by hand?`,
      );
    try {
      return sessionFromValues(row);
    } catch (error) {
      throw new HotlineError(
        'HOTLINE_STORE_FAILED',
        `Call session ${String(row[0])} in ${this.path} is not readable (${(error as Error).message}); was the file edited by hand or damaged? Restore it from a backup, or delete that row from call_sessions (the call's record then stays open).`,
        { cause: error },
      );
    }
  }

  async getSession(callSid: string): Promise<CallSession | undefined> {
    if (this.pendingSessions.has(callSid)) return this.pendingSessions.get(callSid) ?? undefined;
    const known = this.knownSessions().get(callSid);
    if (known) return known;
    const row = this.stmt.getSession!.get(callSid) as unknown[] | undefined;
    if (!row) return undefined;
    const session = this.sessionFromRow(row);
    this.remember(session);
    return session;
  }

  saveSession(session: CallSession): Promise<boolean> {
    // A record row equal to the stored one is not written again (wait rounds, queue leaves).
    const previous = this.knownSessions().get(session.callSid);
    // A session this connection knows is live; otherwise look, so a final call is not shown reopened even before the commit.
    if (!previous && this.knownFinal(session.callSid)) return Promise.resolve(false);
    const withRecord = !previous || !sameRecord(previous.record, session.record);
    this.pendingSessions.set(session.callSid, session);
    this.pendingRecords.set(session.callSid, session.record);
    this.remember(session);
    return this.commits.enqueue(() => this.writeSession(session, { withRecord }));
  }

  endSession(callSid: string, record: CallRecord): Promise<boolean> {
    this.known.delete(callSid);
    if (!this.knownFinal(callSid)) this.pendingRecords.set(callSid, record);
    this.pendingSessions.set(callSid, null);
    return this.commits.enqueue(() => {
      this.stmt.deleteSession!.run(callSid);
      return this.stmt.putRecord!.run(recordValues(record)).changes > 0;
    });
  }

  async listSessionsArrivedBefore(arrivedBeforeSec: number): Promise<CallSession[]> {
    this.commits.flush();
    return (this.stmt.sessionsArrivedBefore!.all(arrivedBeforeSec) as unknown[][]).map((row) =>
      this.sessionFromRow(row),
    );
  }

  /** The statement selecting `what` of the sessions waiting in `count` queues, longest-waiting first. */
  private waitingStatement(what: 'sessions' | 'first queue', count: number): Database.Statement {
    const key = `${what}/${count}`;
    let statement = this.waitingByCount.get(key);
    if (!statement) {
      const where = `WHERE s.queue_name IN (${Array.from({ length: count }, () => '?').join(', ')}) AND s.pending_leave IS NULL AND r.call_sid IS NOT NULL
        ORDER BY r.queue_entry_sec, s.call_sid`;
      statement =
        what === 'sessions'
          ? this.db.prepare(`${SESSION_WITH_RECORD} ${where}`).raw()
          : this.db
              .prepare(
                `SELECT s.queue_name FROM call_sessions s LEFT JOIN call_records r ON r.call_sid = s.call_sid ${where} LIMIT 1`,
              )
              .pluck();
      this.waitingByCount.set(key, statement);
    }
    return statement;
  }

  async listWaiting(queueNames: readonly string[]): Promise<CallSession[]> {
    this.commits.flush();
    if (queueNames.length === 0) return [];
    const rows = this.waitingStatement('sessions', queueNames.length).all(...queueNames) as unknown[][];
    return rows.map((row) => this.sessionFromRow(row));
  }

  async firstWaitingQueue(queueNames: readonly string[]): Promise<string | null> {
    this.commits.flush();
    if (queueNames.length === 0) return null;
    return (this.waitingStatement('first queue', queueNames.length).get(...queueNames) as string | undefined) ?? null;
  }

  async getRecord(callSid: string): Promise<CallRecord | undefined> {
    const pending = this.pendingRecords.get(callSid);
    if (pending) return pending;
    const row = this.stmt.getRecord!.get(callSid) as Row | undefined;
    return row && rowToRecord(row);
  }

  async putRecord(record: CallRecord): Promise<void> {
    if (!this.knownFinal(record.callSid)) this.pendingRecords.set(record.callSid, record);
    await this.commits.enqueue(() => this.stmt.putRecord!.run(recordValues(record)).changes > 0);
  }

  async latestInboundCall(callerHash: string, fromSec: number, beforeSec: number): Promise<PreviousCall | null> {
    type Found = PreviousCall & { readonly arrivalSec: number };
    let latest = (this.stmt.latestInboundCall!.get(callerHash, fromSec, beforeSec) as Found | undefined) ?? null;
    // Records written in this tick wait for the group commit; they are looked at here rather than committed early,
    // so that a new call does not cut the batch short. A pending record is newer than its row in the file.
    for (const r of this.pendingRecords.values()) {
      if (r.callerHash !== callerHash || r.direction !== 'inbound' || r.arrivalSec < fromSec) continue;
      if (r.arrivalSec < beforeSec && (latest === null || r.arrivalSec >= latest.arrivalSec)) latest = r;
    }
    return latest ? { attempt: latest.attempt, outcome: latest.outcome } : null;
  }

  async listRecords(): Promise<CallRecord[]> {
    this.commits.flush();
    return (this.stmt.listRecords!.all() as Row[]).map(rowToRecord);
  }

  async listRecordsPage(query: RecordPageQuery): Promise<RecordPage> {
    this.commits.flush();
    return this.pages.list(query);
  }

  async openRecordPage(query: RecordPageQuery): Promise<RecordPageReader> {
    this.commits.flush();
    // Each slice reads what the webhooks wrote meanwhile, as listRecordsPage does.
    return this.pages.open(query, () => this.commits.flush());
  }

  async putAgent(agent: Agent): Promise<void> {
    this.knownAgents.delete(agent.id);
    this.stmt.putAgent!.run({
      id: agent.id,
      name: agent.name,
      phone: agent.phone,
      skills: JSON.stringify(agent.skills),
      pool: agent.pool,
      active: Number(agent.active),
      pin_hash: agent.pinHash,
      agent_group: agent.group ?? agent.pool,
    });
  }

  async getAgent(id: string): Promise<Agent | undefined> {
    this.knownSessions();
    const agent = this.knownAgents.get(id, () => {
      const row = this.stmt.getAgent!.get(id) as Row | undefined;
      return row ? rowToAgent(row) : null;
    });
    // A copy: what callers do with it does not change what is kept.
    return agent === null ? undefined : { ...agent, skills: [...agent.skills] };
  }

  async findAgentByPhone(phone: string): Promise<Agent | undefined> {
    const row = this.stmt.findAgentByPhone!.get(phone) as Row | undefined;
    return row && rowToAgent(row);
  }

  async listAgents(): Promise<Agent[]> {
    return (this.stmt.listAgents!.all() as Row[]).map(rowToAgent);
  }

  async deleteAgent(id: string): Promise<boolean> {
    this.knownAgents.delete(id);
    return this.stmt.deleteAgent!.run(id).changes > 0;
  }

  async countActiveAgents(skill: string): Promise<number> {
    return this.stmt.countActiveAgents!.get(skill) as number;
  }

  async countAgentsOnDuty(skill: string, pool: AgentPool): Promise<number> {
    return this.states.countOnDuty(skill, pool);
  }

  async getAgentStatus(agentId: string): Promise<AgentStatus | undefined> {
    return this.states.get(agentId);
  }

  async listAgentStatuses(): Promise<AgentStatus[]> {
    return this.states.list();
  }

  async changeAgentState(status: AgentStatus, change: AgentStateChange): Promise<void> {
    this.states.change(status, change);
  }

  async listAgentStateLog(query: AgentStateLogQuery): Promise<AgentStateChange[]> {
    return this.states.log(query);
  }

  async setHandleSec(callSid: string, handleSec: number): Promise<boolean> {
    // Writes still waiting for the group commit (the call's record among them) land first.
    this.commits.flush();
    const set = this.states.setHandleSec(callSid, handleSec);
    const known = this.known.get(callSid);
    if (set && known) this.known.set(callSid, { ...known, record: { ...known.record, handleSec } });
    return set;
  }

  async setWrapUp(callSid: string, wrapUp: WrapUp): Promise<boolean> {
    // As setHandleSec: pending writes land first, and the session this connection knows follows.
    this.commits.flush();
    const set = this.states.setWrapUp(callSid, wrapUp);
    const known = this.known.get(callSid);
    if (set && known) this.known.set(callSid, { ...known, record: { ...known.record, ...wrapUp } });
    return set;
  }

  async listAgentRecords(agentId: string, fromSec: number, toSec: number, limit: number): Promise<CallRecord[]> {
    this.commits.flush();
    return this.states.agentRecords(agentId, fromSec, toSec, limit);
  }

  async countInboundCalls(callerHash: string, fromSec: number, beforeSec: number): Promise<number> {
    this.commits.flush();
    return this.states.countInboundCalls(callerHash, fromSec, beforeSec);
  }

  async recentHandleSec(skill: string, count: number): Promise<{ meanSec: number; count: number }> {
    return this.states.recentHandleSec(skill, count);
  }

  async putCallback(callback: CallbackRequest): Promise<void> {
    this.stmt.putCallback!.run({
      id: callback.id,
      call_sid: callback.callSid,
      skill: callback.skill,
      number: callback.number,
      status: callback.status,
      created_sec: callback.createdSec,
      due_sec: callback.dueSec,
      attempts: callback.attempts,
      placed_call_sid: callback.placedCallSid,
      last_error: callback.lastError,
    });
  }

  async listCallbacks(status?: CallbackRequest['status']): Promise<CallbackRequest[]> {
    const rows = (
      status === undefined ? this.stmt.listCallbacks!.all() : this.stmt.listCallbacksByStatus!.all(status)
    ) as Row[];
    return rows.map(rowToCallback);
  }

  async eraseCallbackNumbers(dueAtOrBeforeSec: number, reason: string): Promise<number> {
    const erased = this.stmt.eraseCallbackNumbers!.run(reason, dueAtOrBeforeSec).changes;
    if (erased > 0) this.purgeWal();
    return erased;
  }

  /**
   * Copies the WAL into the file and empties it: secure_delete zeroes erased
   * values in the pages, and this makes the older page images in the WAL go too.
   */
  private purgeWal(): void {
    if (this.path !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = this.stmt.getSetting!.get(key) as { value: string } | undefined;
    return row?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.stmt.setSetting!.run(key, value);
  }

  async deleteSetting(key: string): Promise<void> {
    if (this.stmt.deleteSetting!.run(key).changes > 0) this.purgeWal();
  }

  async close(): Promise<void> {
    this.commits.flush();
    if (this.db.open) this.db.close();
  }
}
