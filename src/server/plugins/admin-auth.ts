import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HotlineError } from '../../errors.js';
import { answersWithoutToken, isLoopbackHost } from './admin-access.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The admin API's onRequest hook. With a token (HOTLINE_ADMIN_TOKEN, 32+
 * characters) every request must send it as a Bearer token; without one the
 * API answers only while `admin`'s server listens on loopback addresses alone,
 * and only requests that come straight to this machine (no forwarding
 * headers, a loopback Host). With a token, `admitsWithoutHeader` may admit a
 * request that cannot send headers (the wallboard's EventSource with a
 * single-use ticket: see routes/admin-live.ts).
 */
export function adminAuthHook(
  admin: FastifyInstance,
  adminToken: string | null,
  admitsWithoutHeader: (request: FastifyRequest) => boolean = () => false,
) {
  return async function checkAdminAccess(request: FastifyRequest): Promise<void> {
    if (adminToken === null) {
      const access = answersWithoutToken(admin);
      if (!access.ok) {
        throw new HotlineError(
          'HOTLINE_ADMIN_DISABLED',
          `${request.method} ${request.routeOptions.url ?? '/admin'}: this server listens on ${access.addresses.join(', ')}, beyond loopback, and HOTLINE_ADMIN_TOKEN is not set, so the admin API is off. Set HOTLINE_ADMIN_TOKEN=$(openssl rand -hex 16) and send "Authorization: Bearer <token>", or listen on 127.0.0.1.`,
        );
      }
      // Deny only, never admit on a header: a tunnel or proxy on this host reaches a loopback server too, and announces itself so.
      if (['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => request.headers[h] !== undefined)) {
        throw new HotlineError(
          'HOTLINE_ADMIN_UNAUTHORIZED',
          `${request.method} ${request.routeOptions.url ?? '/admin'}: a request relayed by a proxy or tunnel (forwarding headers) needs HOTLINE_ADMIN_TOKEN; set it on the server and send "Authorization: Bearer <token>".`,
        );
      }
      // A request for another host name reached this loopback server through a TCP tunnel (ssh -R) or a web page that
      // rebound its own name to 127.0.0.1 (DNS rebinding: the operator's browser becomes the attacker's client).
      if (!isLoopbackHost(request.headers.host)) {
        throw new HotlineError(
          'HOTLINE_ADMIN_UNAUTHORIZED',
          `${request.method} ${request.routeOptions.url ?? '/admin'}: without HOTLINE_ADMIN_TOKEN the admin API answers only requests addressed to this machine (Host 127.0.0.1, [::1] or localhost); set the token and send "Authorization: Bearer <token>".`,
        );
      }
      return;
    }
    const header = request.headers.authorization ?? '';
    if (header === '' && admitsWithoutHeader(request)) return;
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameToken(token, adminToken)) {
      throw new HotlineError(
        'HOTLINE_ADMIN_UNAUTHORIZED',
        `${request.method} ${request.routeOptions.url ?? '/admin'}: send "Authorization: Bearer <HOTLINE_ADMIN_TOKEN>".`,
      );
    }
  };
}
