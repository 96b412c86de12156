import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import { newSalt } from './caller-hash.js';
import type { CallStore } from './call-store.js';

/** The settings key older versions kept the caller-hash salt under, inside the database it protects. */
export const LEGACY_SALT_SETTING = 'caller_hash_salt';

/** The shortest key accepted: 32 characters (a 16-byte key in hex), so the 10^11 mobile numbers cannot be tried against it. */
export const MIN_HASH_KEY_CHARS = 32;

/** Where the key of a SQLite file's caller hashes lives by default: beside it, never in it. */
export function defaultHashKeyFile(dbPath: string): string {
  return `${dbPath}.hash-key`;
}

/** Where the caller-hash key comes from; the first one set wins. */
export interface HashKeySource {
  /** The key itself (HOTLINE_HASH_SALT). */
  readonly salt?: string | null;
  /** A file holding the key (HOTLINE_HASH_KEY_FILE), mode 0600. */
  readonly keyFile?: string | null;
}

/** The key in use, and what was done to find it (for the start-up log). */
export interface ResolvedHashKey {
  readonly key: string;
  /** Where the key came from: 'HOTLINE_HASH_SALT', a file path, or 'memory' (a throwaway key). */
  readonly source: string;
  /** The key file the database's old salt was moved to, when it was. */
  readonly movedTo: string | null;
}

function invalid(message: string): HotlineError {
  return new HotlineError('HOTLINE_HASH_KEY_INVALID', message);
}

function checkKey(key: string, where: string): string {
  if (key.length < MIN_HASH_KEY_CHARS) {
    throw invalid(
      `The caller-hash key in ${where} has ${key.length} characters; it needs at least ${MIN_HASH_KEY_CHARS}. Make one with: openssl rand -hex 32`,
    );
  }
  return key;
}

/**
 * Reads a key file: it must exist, be readable by its owner only (no group or
 * other permission bits: a looser file is refused, with the chmod that fixes
 * it) and hold a key of at least MIN_HASH_KEY_CHARS characters.
 */
export function readHashKeyFile(file: string): string {
  if (!existsSync(file)) {
    throw invalid(
      `The caller-hash key file ${file} does not exist. Create it outside the database folder: openssl rand -hex 32 > ${file} && chmod 600 ${file}`,
    );
  }
  const stats = statSync(file);
  if (!stats.isFile()) {
    throw invalid(
      `The caller-hash key file ${file} is not a file (a folder?). Name the key file itself: openssl rand -hex 32 > ${file}/hash-key && chmod 600 ${file}/hash-key, then point HOTLINE_HASH_KEY_FILE there.`,
    );
  }
  const mode = stats.mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw invalid(
      `The caller-hash key file ${file} has mode ${mode.toString(8).padStart(4, '0')}; other users could read the key. Run: chmod 600 ${file}`,
    );
  }
  return checkKey(readFileSync(file, 'utf8').trim(), file);
}

/** Creates a key file with mode 0600 holding `key`; fails if the file exists (never overwrites a key). */
export function createHashKeyFile(file: string, key: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${key}\n`);
  } finally {
    closeSync(fd);
  }
}

/** The file the store keeps its data in, or null (memory). */
function storeFile(store: CallStore): string | null {
  return store.path && store.path !== ':memory:' ? resolve(store.path) : null;
}

/**
 * Moves a salt older versions kept in the database into the key file beside
 * it (unless that file already holds the same key), then erases it from the
 * database, so hashes made before stay comparable and the database alone no
 * longer gives them away. Returns the file it went to, or null if there was none.
 */
async function migrateLegacySalt(store: CallStore, dbFile: string | null): Promise<string | null> {
  const legacy = await store.getSetting(LEGACY_SALT_SETTING);
  if (legacy === undefined) return null;
  if (dbFile !== null) {
    const file = defaultHashKeyFile(dbFile);
    if (!existsSync(file)) createHashKeyFile(file, legacy);
    else if (readHashKeyFile(file) !== legacy) {
      throw invalid(
        `${dbFile} still holds an old caller-hash salt, and ${file} holds another key. Keep the one the records were hashed with: move ${file} away and start again to have the old salt moved there.`,
      );
    }
    await store.deleteSetting(LEGACY_SALT_SETTING);
    return file;
  }
  await store.deleteSetting(LEGACY_SALT_SETTING);
  return null;
}

/**
 * The caller-hash key: HOTLINE_HASH_SALT, else the key file named by
 * HOTLINE_HASH_KEY_FILE, else the file beside the store's database (created
 * with a fresh random key, mode 0600, on first start), else (memory store) a
 * throwaway key. The key never lives in the database it protects: an old salt
 * found there is moved out first.
 */
export async function resolveHashKey(store: CallStore, source: HashKeySource = {}): Promise<ResolvedHashKey> {
  const dbFile = storeFile(store);
  const movedTo = await migrateLegacySalt(store, dbFile);
  if (source.salt) return { key: checkKey(source.salt, 'HOTLINE_HASH_SALT'), source: 'HOTLINE_HASH_SALT', movedTo };
  if (source.keyFile) {
    const file = resolve(source.keyFile);
    if (dbFile !== null && (file === dbFile || file.startsWith(`${dbFile}-`))) {
      throw invalid(
        `HOTLINE_HASH_KEY_FILE is ${file}, the database itself; the key must live outside it (e.g. /etc/hotline/hash-key).`,
      );
    }
    return { key: readHashKeyFile(file), source: file, movedTo };
  }
  if (dbFile === null) return { key: newSalt(), source: 'memory', movedTo };
  const file = defaultHashKeyFile(dbFile);
  try {
    createHashKeyFile(file, newSalt());
  } catch (error) {
    // Already there (from an earlier start, or another process just made it): that key is the one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { key: readHashKeyFile(file), source: file, movedTo };
}
