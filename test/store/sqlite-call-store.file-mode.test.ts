import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-file-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite file is readable by its owner only', () => {
  it('creates a new database, its WAL and shared-memory files 0600, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const db = join(dir, 'new', 'calls.db');
      const store = new SqliteCallStore(db);
      await store.setSetting('probe', 'x');
      expect(mode(db)).toBe(0o600);
      expect(mode(`${db}-wal`)).toBe(0o600);
      expect(mode(`${db}-shm`)).toBe(0o600);
      await store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a database an older version left world-readable, and keeps its data', async () => {
    const db = join(dir, 'old.db');
    const first = new SqliteCallStore(db);
    await first.setSetting('kept', 'yes');
    await first.close();
    chmodSync(db, 0o644);
    const second = new SqliteCallStore(db);
    expect(mode(db)).toBe(0o600);
    expect(await second.getSetting('kept')).toBe('yes');
    await second.close();
  });
});
