import { resolve } from 'node:path';
import type { CallStore } from '../store/call-store.js';
import { resolveHashKey } from '../store/hash-key.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';

/** Where a command finds the caller-hash key: the environment, a --hash-key-file flag, the working folder. */
export interface CallerHashKeySource {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The command's --hash-key-file, if given (else HOTLINE_HASH_KEY_FILE). */
  readonly hashKeyFile?: string | undefined;
}

/**
 * The caller-hash key the server of `db` uses, as `hotline serve` resolves it: HOTLINE_HASH_SALT, else
 * --hash-key-file / HOTLINE_HASH_KEY_FILE, else the key file beside the database (`<db>.hash-key`, made if missing).
 * With `db` null (records read from a file, nothing stored) the last fallback is a throwaway key: hashes then
 * compare only within the run.
 */
export async function callerHashKey(db: string | null, source: CallerHashKeySource): Promise<string> {
  const keyFile = source.hashKeyFile ?? source.env.HOTLINE_HASH_KEY_FILE;
  const store: CallStore = db === null ? new MemoryCallStore() : new SqliteCallStore(db);
  try {
    const key = await resolveHashKey(store, {
      salt: source.env.HOTLINE_HASH_SALT || null,
      keyFile: keyFile ? resolve(source.cwd, keyFile) : null,
    });
    return key.key;
  } finally {
    await store.close();
  }
}
