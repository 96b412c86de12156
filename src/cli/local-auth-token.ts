import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HotlineError } from '../errors.js';

/**
 * The local auth token: without TWILIO_AUTH_TOKEN the server still checks
 * signatures, against a random token kept in `data/local-auth-token` under the
 * working folder, which `hotline call --url` reads to sign its requests.
 */
export function localTokenFile(cwd: string): string {
  return resolve(cwd, 'data', 'local-auth-token');
}

/**
 * Reads or creates the local auth token (32 hex digits, file mode 0600).
 *
 * @throws HotlineError HOTLINE_AUTH_TOKEN_INVALID when the file holds no usable token (empty, short, or not printable).
 */
export function readOrCreateLocalToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    // An empty or short file (touched, truncated by a full disk) would sign with a key anyone can guess: an empty
    // HMAC key makes every forged signature valid.
    if (token.length < 32 || !/^[\x21-\x7e]+$/.test(token)) {
      throw new HotlineError(
        'HOTLINE_AUTH_TOKEN_INVALID',
        `The local auth token file ${file} holds ${token.length === 0 ? 'nothing' : 'no usable token'} (32+ printable characters needed); webhook signatures made with it would be forgeable. Delete the file to have a new token made, or set TWILIO_AUTH_TOKEN.`,
      );
    }
    return token;
  }
  mkdirSync(dirname(file), { recursive: true });
  const token = randomBytes(16).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
