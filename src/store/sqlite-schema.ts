/**
 * The SQLite call store's file: its schema, the upgrades of older files, and opening it
 * (owner-only mode, WAL, pragmas, migrations). Statements and row mapping are sqlite-rows.ts.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';
import { AGENT_STATE_SCHEMA } from './sqlite-agent-states.js';
import { RECORD_PAGE_INDEX } from './sqlite-record-pages.js';

/** The schema version this hotline writes (PRAGMA user_version). */
export const SCHEMA_VERSION = 8;

/** A new call finds the caller's latest earlier call (its redial `attempt`) with one probe of this index. */
const CALLER_ARRIVAL_INDEX =
  'CREATE INDEX IF NOT EXISTS call_records_caller ON call_records (caller_hash, arrival_sec) WHERE caller_hash IS NOT NULL;';

/** The tables and indexes of a current file. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS call_records (
  call_sid TEXT PRIMARY KEY, flow_id TEXT NOT NULL, direction TEXT NOT NULL, caller_hash TEXT,
  arrival_sec REAL NOT NULL, ivr_exit_sec REAL, queue_entry_sec REAL, answer_sec REAL, abandon_sec REAL, end_sec REAL,
  handle_sec REAL, talk_sec REAL, call_type TEXT, attempt INTEGER NOT NULL,
  skill TEXT, pool TEXT, agent_group TEXT, agent_id TEXT, outcome TEXT, rating INTEGER,
  survey_invited INTEGER NOT NULL DEFAULT 0, language TEXT NOT NULL,
  callback_requested INTEGER NOT NULL, transfer_to TEXT, last_state TEXT NOT NULL, resolved INTEGER
);
CREATE TABLE IF NOT EXISTS call_sessions (
  call_sid TEXT PRIMARY KEY, flow_id TEXT NOT NULL, snapshot TEXT NOT NULL, turn INTEGER NOT NULL,
  queue_name TEXT, queue_since_sec REAL, pending_leave TEXT, heard_hold INTEGER NOT NULL, marks TEXT NOT NULL, last_twiml TEXT,
  journey TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS call_sessions_queue ON call_sessions (queue_name) WHERE queue_name IS NOT NULL;
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE, skills TEXT NOT NULL, pool TEXT NOT NULL, active INTEGER NOT NULL, pin_hash TEXT,
  agent_group TEXT
);
CREATE TABLE IF NOT EXISTS callbacks (
  id TEXT PRIMARY KEY, call_sid TEXT NOT NULL, skill TEXT NOT NULL, number TEXT, status TEXT NOT NULL,
  created_sec REAL NOT NULL, due_sec REAL NOT NULL, attempts INTEGER NOT NULL, placed_call_sid TEXT, last_error TEXT
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
${RECORD_PAGE_INDEX}
${CALLER_ARRIVAL_INDEX}
${AGENT_STATE_SCHEMA}
`;

/** Schema upgrades: [the version they upgrade from, SQL]. Applied in order to older files. */
const MIGRATIONS: readonly [number, string][] = [
  [
    1,
    `ALTER TABLE call_records ADD COLUMN handle_sec REAL;
       ALTER TABLE call_records ADD COLUMN call_type TEXT;
       ALTER TABLE call_records ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
       ALTER TABLE call_sessions ADD COLUMN last_twiml TEXT;
       ALTER TABLE agents ADD COLUMN pin_hash TEXT;`,
  ],
  [2, `ALTER TABLE call_sessions ADD COLUMN journey TEXT NOT NULL DEFAULT '[]';`],
  // Only callers in a queue are looked up by queue: new calls and IVR turns no longer write an index entry.
  [
    3,
    `DROP INDEX IF EXISTS call_sessions_queue;
       CREATE INDEX call_sessions_queue ON call_sessions (queue_name) WHERE queue_name IS NOT NULL;`,
  ],
  // GET /admin/calls pages through records by (arrival_sec, call_sid).
  [4, RECORD_PAGE_INDEX],
  // Issue 13: talk time apart from handle time, the agent group, the survey invitation. Older records keep
  // null talk time and group (unknown), and count as invited when they hold a rating.
  [
    5,
    `ALTER TABLE call_records ADD COLUMN talk_sec REAL;
       ALTER TABLE call_records ADD COLUMN agent_group TEXT;
       ALTER TABLE call_records ADD COLUMN survey_invited INTEGER NOT NULL DEFAULT 0;
       UPDATE call_records SET survey_invited = 1 WHERE rating IS NOT NULL;`,
  ],
  // Issue 13 (6 -> 7): a new call looks up the caller's latest call by (caller_hash, arrival_sec) (live redials);
  // agents' groups (null: the pool's name) and states (their tables and indexes come with SCHEMA).
  [
    6,
    `${CALLER_ARRIVAL_INDEX}
       ALTER TABLE agents ADD COLUMN agent_group TEXT;`,
  ],
  // Issue 14 (7 -> 8): whether the request was resolved at this contact; older records: null (not recorded).
  [7, 'ALTER TABLE call_records ADD COLUMN resolved INTEGER;'],
];

/**
 * Makes the database file readable by its owner only (0600), creating it so
 * when new. It holds callback numbers in clear until they are erased, agents'
 * phones and the call records: other users of the machine have no business
 * reading it. A file made by an older version (0644) is tightened at open.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Opens (creating if needed) the call store's SQLite file: mode 0600, WAL, the pragmas,
 * schema upgrades of older files. Failures become HOTLINE_STORE_FAILED naming the file.
 */
export function openCallDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      ownerOnly(path);
    }
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // SQLite gives the -wal and -shm files the database's mode when it creates them; older ones are tightened too.
    if (path !== ':memory:')
      for (const extra of [`${path}-wal`, `${path}-shm`]) if (existsSync(extra)) chmodSync(extra, 0o600);
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Deleted and overwritten values (an erased callback number, a moved-out key) are zeroed, not left in free space.
    db.pragma('secure_delete = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `the file has schema version ${version}, newer than this hotline's ${SCHEMA_VERSION}; upgrade hotline or use another --db file`,
      );
    }
    if (version >= 1 && version < SCHEMA_VERSION) {
      const open = db;
      open.transaction(() => {
        for (const [from, sql] of MIGRATIONS) if (version <= from) open.exec(sql);
      })();
    }
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    // Sessions beside a final record were left by versions that let a late webhook reopen a call: the record wins.
    db.exec(
      'DELETE FROM call_sessions WHERE call_sid IN (SELECT call_sid FROM call_records WHERE end_sec IS NOT NULL)',
    );
  } catch (error) {
    db?.close();
    throw new HotlineError(
      'HOTLINE_STORE_FAILED',
      `Cannot open the call store at ${path}: ${(error as Error).message}. Check the path is writable, or pass another --db.`,
      { cause: error },
    );
  }
  return db;
}
