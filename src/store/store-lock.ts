import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';

/** Who holds a database's lock. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601, when that server started. */
  readonly startedAt: string;
}

/** The lock file of a SQLite database: beside it. */
export function lockFileOf(dbPath: string): string {
  return `${dbPath}.lock`;
}

function describe(owner: LockOwner | null): string {
  return owner
    ? `pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}`
    : 'a process that has not said who it is yet';
}

/** True when better-sqlite3 reports the file locked by another connection. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

/**
 * One `hotline serve` per SQLite file. The lock is a small SQLite file beside
 * the database (`<db>.lock`) on which the server keeps a write transaction
 * open for as long as it runs: the operating system's file lock under it is
 * dropped when the process ends in any way (kill -9 included), so a stale
 * lock never needs clearing and a reused pid can never keep one. The holder's
 * pid, host and start time are committed in the file before it takes the
 * lock, so a refused server can name it.
 *
 * Other tools (tests, `hotline load --db`) open the database without the lock;
 * the store's compare-and-set writes keep final records final in any case.
 */
export class StoreLock {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  /**
   * Takes the lock of `dbPath`, or throws HOTLINE_STORE_LOCKED naming the
   * file and the holder. `previous` is the owner recorded by a server that
   * ended without releasing it (killed): its lock is taken over.
   */
  static acquire(
    dbPath: string,
    owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() },
  ): { lock: StoreLock; previous: LockOwner | null } {
    const file = lockFileOf(dbPath);
    let db: Database.Database;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file, { timeout: 0 });
    } catch (error) {
      throw new HotlineError(
        'HOTLINE_STORE_FAILED',
        `Cannot open the lock file ${file}: ${(error as Error).message}. Check the folder is writable, or pass another --db.`,
        { cause: error },
      );
    }
    const refuse = (error: unknown): never => {
      let holder: LockOwner | null = null;
      try {
        holder = StoreLock.owner(db);
      } catch {
        // Mid-commit of the holder: it is there, only not named.
      }
      db.close();
      throw new HotlineError(
        'HOTLINE_STORE_LOCKED',
        `${dbPath} is in use by another \`hotline serve\` (${describe(holder)}). One server per database: stop that one first, or give this one another --db.`,
        { cause: error },
      );
    };
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (isBusy(error)) return refuse(error);
      db.close();
      throw new HotlineError('HOTLINE_STORE_FAILED', `Cannot take the lock ${file}: ${(error as Error).message}.`, {
        cause: error,
      });
    }
    db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)');
    const previous = StoreLock.owner(db);
    db.exec('DELETE FROM owner');
    db.prepare('INSERT INTO owner (pid, host, started_at) VALUES (?, ?, ?)').run(
      owner.pid,
      owner.host,
      owner.startedAt,
    );
    db.exec('COMMIT');
    // Published; now hold it. Another server that slipped in between these two statements holds it instead, and this one is refused.
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (isBusy(error)) return refuse(error);
      throw error;
    }
    return { lock: new StoreLock(db, file), previous };
  }

  private static owner(db: Database.Database): LockOwner | null {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'owner'").get();
    if (!exists) return null;
    const row = db.prepare('SELECT pid, host, started_at FROM owner LIMIT 1').get() as
      | { pid: number; host: string; started_at: string }
      | undefined;
    return row ? { pid: row.pid, host: row.host, startedAt: row.started_at } : null;
  }

  /** Releases the lock and clears the owner, so the next server starts without a takeover notice. */
  release(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('DELETE FROM owner');
      this.db.exec('COMMIT');
    } finally {
      this.db.close();
    }
  }
}
