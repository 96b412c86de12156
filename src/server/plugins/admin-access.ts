import type { FastifyInstance } from 'fastify';
import { isIP } from 'node:net';

/** Shortest HOTLINE_ADMIN_TOKEN accepted: 32 characters, what `openssl rand -hex 16` prints (128 random bits). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** Why `token` cannot protect the admin API (too short, empty, or not sendable in a header), or null when it can. */
export function adminTokenProblem(token: string | null): string | null {
  // An HTTP header cannot carry a CR or LF and loses leading and trailing blanks: such a token could never be sent back
  // (a value read from a file with CRLF ends, or pasted with a space), and every admin request would get a bare 401.
  if (token !== null && token.length > 0 && !/^[\x21-\x7e]+$/.test(token)) {
    return 'HOTLINE_ADMIN_TOKEN holds a space, a control character (a stray CR or newline from a file?) or a non-ASCII character, which an Authorization header cannot carry; set it to printable ASCII: export HOTLINE_ADMIN_TOKEN=$(openssl rand -hex 16)';
  }
  if (token === null || token.length >= MIN_ADMIN_TOKEN_LENGTH) return null;
  return `HOTLINE_ADMIN_TOKEN is ${token.length === 0 ? 'empty' : `${token.length} characters long`}; it must have at least ${MIN_ADMIN_TOKEN_LENGTH}. Set it to a random value: export HOTLINE_ADMIN_TOKEN=$(openssl rand -hex 16)`;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/**
 * True when a Host header names this machine: localhost, a 127.0.0.0/8 or
 * ::1 address (bracketed), with or without a port. A missing Host (HTTP/1.0)
 * is not one.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase() === 'localhost' || isLoopbackAddress(name);
}

/**
 * The addresses the server listens on: fastify's list (it may listen on
 * several, e.g. 127.0.0.1 and ::1 for "localhost"), else the node server's own
 * (a server started with `app.server.listen`), else none (only `inject()`).
 * A Unix socket shows as its path.
 */
export function listeningAddresses(app: FastifyInstance): string[] {
  const listed = app.addresses().map((a) => (typeof a === 'string' ? a : a.address));
  if (listed.length > 0) return listed;
  const own = app.server.listening ? app.server.address() : null;
  if (own === null) return [];
  return [typeof own === 'string' ? own : own.address];
}

/**
 * Whether the admin API may answer without a token: only when nothing but this
 * machine can reach the server, which is decided by where the server itself
 * listens, never by what a request says about itself. A server that is not
 * listening (requests through `inject()`, in the same process) or listens on
 * loopback addresses only qualifies; 0.0.0.0, ::, a public address or a Unix
 * socket (a reverse proxy's usual door) does not.
 */
export function answersWithoutToken(app: FastifyInstance): { ok: true } | { ok: false; addresses: string[] } {
  const addresses = listeningAddresses(app);
  return addresses.every(isLoopbackAddress) ? { ok: true } : { ok: false, addresses };
}
