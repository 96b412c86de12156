import type Database from 'better-sqlite3';
import { HotlineError } from '../errors.js';

/** One queued write: runs inside the commit's transaction; returns whether it applied (false: refused, e.g. final). */
export type QueuedWrite = () => boolean;

/** What a group commit tells its store. */
export interface GroupCommitHooks {
  /** The queued writes are about to be committed: what the store kept as "written but pending" is now the file's. */
  readonly committing: () => void;
  /** The commit failed: what the store remembered as written is not. */
  readonly failed: () => void;
}

/**
 * Group commit for the SQLite call store: the writes requested during one turn of the event loop go into
 * one IMMEDIATE transaction, and each writer's promise resolves only once that transaction has committed
 * (so a webhook is answered only after its call state is on disk), with what its write returned.
 */
export class SqliteGroupCommit {
  private readonly batch: Database.Transaction<(ops: readonly QueuedWrite[]) => boolean[]>;
  private ops: QueuedWrite[] = [];
  private waiters: { resolve: (applied: boolean) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /** `path` names the file in errors. */
  constructor(
    db: Database.Database,
    private readonly path: string,
    private readonly hooks: GroupCommitHooks,
  ) {
    this.batch = db.transaction((ops: readonly QueuedWrite[]) => ops.map((op) => op()));
  }

  /** Queues a write for the next commit; resolves once it is committed, with what the write returned. */
  enqueue(op: QueuedWrite): Promise<boolean> {
    this.ops.push(op);
    const done = new Promise<boolean>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Commits every queued write now, in one transaction (reads call it first, so they see the file as written). */
  flush(): void {
    this.scheduled = false;
    const ops = this.ops;
    const waiters = this.waiters;
    if (ops.length === 0) return;
    this.ops = [];
    this.waiters = [];
    this.hooks.committing();
    let applied: boolean[];
    try {
      // IMMEDIATE: the write lock is taken before anything is read, so another process's commit cannot slip in between.
      applied = this.batch.immediate(ops);
    } catch (error) {
      this.hooks.failed();
      const failure = new HotlineError(
        'HOTLINE_STORE_FAILED',
        `Writing ${ops.length} call update(s) to ${this.path} failed: ${(error as Error).message}.`,
        { cause: error },
      );
      for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    for (let i = 0; i < waiters.length; i += 1) waiters[i]!.resolve(applied[i]!);
  }
}
