import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { serveSettings } from '../../src/cli/server-config.js';
import { startServer } from '../../src/cli/serve-command.js';
import { hashCaller } from '../../src/store/caller-hash.js';
import { buildApp } from '../../src/server/app.js';
import { LEGACY_SALT_SETTING, defaultHashKeyFile, resolveHashKey } from '../../src/store/hash-key.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { TestClock } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hotline-key-'));
  dirs.push(d);
  return d;
}

/** The SQLite file and its WAL, as bytes: what someone holding a copy of the file can read. */
function fileBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0))));
}

const posix = process.platform !== 'win32';

describe('the caller-hash key never lives in the database it protects', () => {
  it('is generated beside the database with mode 0600, and the database holds no key', async () => {
    const file = join(tempDir(), 'calls.db');
    const store = new SqliteCallStore(file);
    const app = await buildApp({
      flow: direct,
      store,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      clock: new TestClock().now,
      lookups: {},
    });
    const sid = `CA${'d1'.repeat(16)}`;
    await post(app, '/voice', callParams(sid, { From: '+8613800138000' }));
    const keyFile = defaultHashKeyFile(file);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    if (posix) expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await store.getRecord(sid))?.callerHash).toBe(hashCaller('+8613800138000', key));
    expect(await store.getSetting(LEGACY_SALT_SETTING)).toBeUndefined();
    await app.close();
    await store.close();
    expect(fileBytes(file).includes(Buffer.from(key))).toBe(false);
  });

  it('moves a salt an older version kept in the database into the key file, erases it there, and old hashes still match', async () => {
    const file = join(tempDir(), 'calls.db');
    const legacySalt = 'a1'.repeat(32);
    const old = new SqliteCallStore(file);
    await old.setSetting(LEGACY_SALT_SETTING, legacySalt);
    await old.close();
    expect(fileBytes(file).includes(Buffer.from(legacySalt))).toBe(true);

    const store = new SqliteCallStore(file);
    const resolved = await resolveHashKey(store);
    expect(resolved).toEqual({ key: legacySalt, source: defaultHashKeyFile(file), movedTo: defaultHashKeyFile(file) });
    expect(await store.getSetting(LEGACY_SALT_SETTING)).toBeUndefined();
    await store.close();
    expect(readFileSync(defaultHashKeyFile(file), 'utf8').trim()).toBe(legacySalt);
    if (posix) expect(statSync(defaultHashKeyFile(file)).mode & 0o777).toBe(0o600);
    // Read the file directly: no copy of the salt is left in it, nor in its WAL.
    expect(fileBytes(file).includes(Buffer.from(legacySalt))).toBe(false);

    const again = new SqliteCallStore(file);
    expect((await resolveHashKey(again)).movedTo, 'moved once').toBeNull();
    expect((await resolveHashKey(again)).key).toBe(legacySalt);
    await again.close();
  });

  it('`hotline serve` on an old database: moves the salt out at start, says so, and the file holds no copy while it runs', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'data', 'hotline.db');
    const legacySalt = 'e5'.repeat(32);
    const old = new SqliteCallStore(file);
    await old.setSetting(LEGACY_SALT_SETTING, legacySalt);
    await old.close();
    const lines: string[] = [];
    const running = await startServer(
      serveSettings({ db: file, port: '0' }, { TWILIO_AUTH_TOKEN: 't' }, cwd),
      (line) => lines.push(line),
      cwd,
    );
    try {
      expect(lines.join('\n')).toContain(`moved to ${defaultHashKeyFile(file)}`);
      expect(fileBytes(file).includes(Buffer.from(legacySalt))).toBe(false);
      expect(readFileSync(defaultHashKeyFile(file), 'utf8').trim()).toBe(legacySalt);
    } finally {
      await running.close();
    }
    expect(fileBytes(file).includes(Buffer.from(legacySalt))).toBe(false);
  });

  it.skipIf(!posix)('refuses a key file other users can read, with the chmod that fixes it', async () => {
    const d = tempDir();
    const keyFile = join(d, 'hash-key');
    writeFileSync(keyFile, `${'b2'.repeat(32)}\n`);
    chmodSync(keyFile, 0o644);
    await expect(resolveHashKey(new MemoryCallStore(), { keyFile })).rejects.toMatchObject({
      code: 'HOTLINE_HASH_KEY_INVALID',
      message: expect.stringContaining(`chmod 600 ${keyFile}`),
    });
    chmodSync(keyFile, 0o600);
    expect((await resolveHashKey(new MemoryCallStore(), { keyFile })).key).toBe('b2'.repeat(32));
  });

  it('refuses a missing key file, a short key, and a key file that is the database', async () => {
    const d = tempDir();
    await expect(resolveHashKey(new MemoryCallStore(), { keyFile: join(d, 'nope') })).rejects.toMatchObject({
      code: 'HOTLINE_HASH_KEY_INVALID',
      message: expect.stringContaining('openssl rand -hex 32'),
    });
    await expect(resolveHashKey(new MemoryCallStore(), { salt: 'short' })).rejects.toMatchObject({
      code: 'HOTLINE_HASH_KEY_INVALID',
    });
    const file = join(d, 'calls.db');
    const store = new SqliteCallStore(file);
    await expect(resolveHashKey(store, { keyFile: file })).rejects.toMatchObject({
      code: 'HOTLINE_HASH_KEY_INVALID',
      message: expect.stringContaining('the database itself'),
    });
    await store.close();
    const folder = join(d, 'keys');
    mkdirSync(folder, { mode: 0o700 });
    await expect(resolveHashKey(new MemoryCallStore(), { keyFile: folder })).rejects.toMatchObject({
      code: 'HOTLINE_HASH_KEY_INVALID',
      message: expect.stringContaining(`${folder} is not a file`),
    });
  });

  it('is required with a public PUBLIC_URL: HOTLINE_HASH_SALT or HOTLINE_HASH_KEY_FILE', () => {
    const cwd = tempDir();
    const env = {
      PUBLIC_URL: 'https://hotline.example.cn',
      TWILIO_AUTH_TOKEN: 't',
      HOTLINE_ADMIN_TOKEN: 'a'.repeat(32),
    };
    expect(() => serveSettings({}, env, cwd)).toThrow(/no caller-hash key is configured.*HOTLINE_HASH_KEY_FILE/);
    expect(serveSettings({}, { ...env, HOTLINE_HASH_KEY_FILE: '/etc/hotline/hash-key' }, cwd).hashKeyFile).toBe(
      '/etc/hotline/hash-key',
    );
    expect(serveSettings({}, { ...env, HOTLINE_HASH_SALT: 'c3'.repeat(32) }, cwd).salt).toBe('c3'.repeat(32));
    // Locally none is needed: the key file beside the database is made.
    expect(serveSettings({}, { TWILIO_AUTH_TOKEN: 't' }, cwd).hashKeyFile).toBeNull();
  });

  it('reads the callback retention from --callback-retention or HOTLINE_CALLBACK_RETENTION_SEC (default one day)', () => {
    const cwd = tempDir();
    const env = { TWILIO_AUTH_TOKEN: 't' };
    expect(serveSettings({}, env, cwd).callbackRetentionSec).toBe(86_400);
    expect(
      serveSettings({ callbackRetention: '3600' }, { ...env, HOTLINE_CALLBACK_RETENTION_SEC: '7200' }, cwd)
        .callbackRetentionSec,
    ).toBe(3600);
    expect(serveSettings({}, { ...env, HOTLINE_CALLBACK_RETENTION_SEC: '7200' }, cwd).callbackRetentionSec).toBe(7200);
    expect(() => serveSettings({ callbackRetention: 'forever' }, env, cwd)).toThrow(
      /--callback-retention must be a number/,
    );
  });
});
