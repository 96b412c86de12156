import { dirname, sep } from 'node:path';
import { HotlineError } from '../errors.js';
import { adminTokenProblem, isLoopbackAddress } from '../server/plugins/admin-access.js';
import { canonicalPath } from './canonical-path.js';

/** True when `url`'s host is this machine (127.0.0.1, localhost, [::1]). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** How `hotline serve` would check webhook signatures when no TWILIO_AUTH_TOKEN is set. */
export interface UnsignedServer {
  /** PUBLIC_URL, without trailing slashes, or null in local mode. */
  readonly publicUrl: string | null;
  readonly insecureSkipSignature: boolean;
}

/**
 * Refuses to run a server that Twilio reaches (a PUBLIC_URL not on this machine) without TWILIO_AUTH_TOKEN, unless
 * signatures are skipped on purpose: Twilio signs with the account's Auth Token, which a local token is not, so no
 * webhook's signature could be checked. Run before a local token file is made.
 *
 * @throws HotlineError HOTLINE_PUBLIC_SERVER_UNSAFE saying which setting to add.
 */
export function checkUnsignedServer(server: UnsignedServer): void {
  const { publicUrl } = server;
  if (publicUrl !== null && !isLoopbackUrl(publicUrl) && !server.insecureSkipSignature) {
    throw new HotlineError(
      'HOTLINE_PUBLIC_SERVER_UNSAFE',
      `PUBLIC_URL is ${publicUrl} but TWILIO_AUTH_TOKEN is not set: Twilio's signatures cannot be checked. Set TWILIO_AUTH_TOKEN to your account's Auth Token.`,
    );
  }
}

/** The settings of `hotline serve` that decide who can reach the server and what a copy of its data would reveal. */
export interface ServerExposure {
  /** PUBLIC_URL, without trailing slashes, or null in local mode. */
  readonly publicUrl: string | null;
  /** The address the server listens on (--host / HOST). */
  readonly host: string;
  /** --emulator-clock / HOTLINE_EMULATOR_CLOCK: any request may set the server's clock. */
  readonly emulatorClock: boolean;
  /** HOTLINE_ADMIN_TOKEN, or null. */
  readonly adminToken: string | null;
  /** HOTLINE_HASH_SALT, or null. */
  readonly salt: string | null;
  /** HOTLINE_HASH_KEY_FILE, resolved, or null. */
  readonly hashKeyFile: string | null;
  /** The database's canonical path, or null for the in-memory store. */
  readonly db: string | null;
}

/**
 * The checks that keep a server others can reach safe, in this order: the emulator clock only on a server of this
 * machine (by PUBLIC_URL and by listening address); an admin token strong enough when given, and given on a public
 * server; a caller-hash key on a public server, kept outside the database's folder.
 *
 * @throws HotlineError HOTLINE_PUBLIC_SERVER_UNSAFE, HOTLINE_ADMIN_TOKEN_INVALID or HOTLINE_HASH_KEY_INVALID, each
 *   saying which setting to change.
 * @example
 * checkPublicServerSafety({ publicUrl: null, host: '127.0.0.1', emulatorClock: true, adminToken: null, salt: null,
 *   hashKeyFile: null, db: null }); // a local test server: passes
 */
export function checkPublicServerSafety(exposure: ServerExposure): void {
  const { publicUrl, host, emulatorClock, adminToken, salt, hashKeyFile, db } = exposure;
  if (emulatorClock && publicUrl !== null && !isLoopbackUrl(publicUrl)) {
    throw new HotlineError(
      'HOTLINE_PUBLIC_SERVER_UNSAFE',
      `--emulator-clock lets every webhook set the server's clock; it is for local tests only, but PUBLIC_URL is ${publicUrl}. Drop --emulator-clock (and HOTLINE_EMULATOR_CLOCK) on a server Twilio reaches.`,
    );
  }
  // The time header is read from any request, signed or not, before routing: whoever reaches the port moves the clock
  // (PIN locks expire, every live call is swept as timed out). Only this machine may reach such a server.
  if (emulatorClock && host !== 'localhost' && !isLoopbackAddress(host)) {
    throw new HotlineError(
      'HOTLINE_PUBLIC_SERVER_UNSAFE',
      `--emulator-clock lets any request set the server's clock; it is for local tests only, but --host is ${host}, reachable from other machines. Listen on 127.0.0.1 (the default) or drop --emulator-clock (and HOTLINE_EMULATOR_CLOCK).`,
    );
  }
  const weakAdminToken = adminTokenProblem(adminToken);
  if (weakAdminToken !== null) throw new HotlineError('HOTLINE_ADMIN_TOKEN_INVALID', weakAdminToken);
  if (publicUrl !== null && !isLoopbackUrl(publicUrl) && adminToken === null) {
    throw new HotlineError(
      'HOTLINE_PUBLIC_SERVER_UNSAFE',
      `PUBLIC_URL is ${publicUrl} but HOTLINE_ADMIN_TOKEN is not set: a public server needs a token for its /admin API. Set HOTLINE_ADMIN_TOKEN (e.g. $(openssl rand -hex 16)).`,
    );
  }
  if (publicUrl !== null && !isLoopbackUrl(publicUrl) && salt === null && hashKeyFile === null) {
    throw new HotlineError(
      'HOTLINE_PUBLIC_SERVER_UNSAFE',
      `PUBLIC_URL is ${publicUrl} but no caller-hash key is configured: a key kept beside the database would leave callers' numbers recoverable from a copy of the data folder. Set HOTLINE_HASH_KEY_FILE to a file outside it (openssl rand -hex 32 > /etc/hotline/hash-key && chmod 600 /etc/hotline/hash-key), or HOTLINE_HASH_SALT.`,
    );
  }
  if (publicUrl !== null && !isLoopbackUrl(publicUrl) && salt === null && hashKeyFile !== null && db !== null) {
    const keyFolder = dirname(canonicalPath(hashKeyFile));
    const dataFolder = dirname(db);
    // The key file named explicitly must not sit with the data it protects (a copy of the folder would carry both).
    if (keyFolder === dataFolder || keyFolder.startsWith(`${dataFolder}${sep}`)) {
      throw new HotlineError(
        'HOTLINE_HASH_KEY_INVALID',
        `HOTLINE_HASH_KEY_FILE ${hashKeyFile} is in the database's folder ${dataFolder}: a copy of that folder would carry the key with the hashes it protects. Keep it elsewhere (openssl rand -hex 32 > /etc/hotline/hash-key && chmod 600 /etc/hotline/hash-key).`,
      );
    }
  }
}
