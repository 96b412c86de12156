import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerHashKey } from '../../src/cli/caller-hash-key.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-hash-key-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('callerHashKey', () => {
  it('takes HOTLINE_HASH_SALT first, then the key file, as `hotline serve` does', async () => {
    const salt = 'a'.repeat(32);
    expect(await callerHashKey(null, { env: { HOTLINE_HASH_SALT: salt }, cwd: dir })).toBe(salt);
    writeFileSync(join(dir, 'key'), 'b'.repeat(40), { mode: 0o600 });
    expect(await callerHashKey(null, { env: {}, cwd: dir, hashKeyFile: 'key' })).toBe('b'.repeat(40));
    expect(await callerHashKey(null, { env: { HOTLINE_HASH_KEY_FILE: 'key' }, cwd: dir })).toBe('b'.repeat(40));
  });

  it('makes the key file beside a database, and a throwaway key without one', async () => {
    const key = await callerHashKey(join(dir, 'calls.db'), { env: {}, cwd: dir });
    expect(statSync(join(dir, 'calls.db.hash-key')).mode & 0o777).toBe(0o600);
    expect(await callerHashKey(join(dir, 'calls.db'), { env: {}, cwd: dir })).toBe(key);
    const a = await callerHashKey(null, { env: {}, cwd: dir });
    expect(a).not.toBe(await callerHashKey(null, { env: {}, cwd: dir }));
  });

  it('refuses a key that is too short', async () => {
    await expect(callerHashKey(null, { env: { HOTLINE_HASH_SALT: 'short' }, cwd: dir })).rejects.toThrow(
      /HOTLINE_HASH_SALT has 5 characters/,
    );
  });
});
