import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { CallRecord } from '../record/call-record.js';
import type { EmulatorClock } from '../twilio/emulator/emulator-clock.js';

/** A server under test for a flow, and how the emulator reaches it. */
export interface ServerUnderTest {
  readonly flow: FlowDefinition;
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** The URL the server checks signatures against (its PUBLIC_URL), when not baseUrl. */
  readonly publicUrl?: string;
  readonly authToken: string;
  /** Bearer token of the server's /admin API (HOTLINE_ADMIN_TOKEN); null when the server has none (its admin API then answers only while it listens on loopback alone). */
  readonly adminToken: string | null;
  readonly clock: EmulatorClock;
  /** The test agent registered on the server to take callers from queues. */
  readonly agent?: { readonly id: string; readonly phone: string };
}

/** Where admin requests go, and what to say when no server answers there. */
export interface AdminTarget {
  /** The server, e.g. http://127.0.0.1:3000 (no trailing slash). */
  readonly baseUrl: string;
  /** Bearer token of the server's /admin API (HOTLINE_ADMIN_TOKEN), or null when it has none. */
  readonly token: string | null;
  /** The command that starts such a server, named when it cannot be reached. Default `npx hotline serve --emulator-clock`. */
  readonly serveCommand?: string;
}

/**
 * Sends one request to a server's admin API and returns its answer, whatever
 * the status (the caller decides which statuses are answers, see
 * `adminRequestFailed`); throws HOTLINE_SERVER_UNREACHABLE when no server answers.
 */
export async function sendAdminRequest(
  target: AdminTarget,
  method: 'GET' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Response> {
  try {
    return await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_SERVER_UNREACHABLE',
      `Cannot reach the server at ${target.baseUrl} (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); start it with \`${target.serveCommand ?? 'npx hotline serve --emulator-clock'}\`, or pass the right --url.`,
    );
  }
}

/**
 * The HOTLINE_ADMIN_REQUEST_FAILED error for an admin request answered with an
 * error status: the request, the status and the start of the answer, and for
 * 401 or 403 which token to set. Reads the answer's body.
 */
export async function adminRequestFailed(method: string, url: string, res: Response): Promise<HotlineError> {
  const hint = res.status === 401 || res.status === 403 ? " Set HOTLINE_ADMIN_TOKEN to the server's admin token." : '';
  return new HotlineError(
    'HOTLINE_ADMIN_REQUEST_FAILED',
    `${method} ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}.${hint}`,
  );
}

/**
 * A small client of a server's JSON admin API (/admin): agents, call records,
 * callbacks. Errors say which request failed and what to do.
 */
export function adminClient(baseUrl: string, token: string | null) {
  return async (method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown> => {
    const res = await sendAdminRequest({ baseUrl, token }, method, path, body);
    if (!res.ok) throw await adminRequestFailed(method, `${baseUrl}${path}`, res);
    return res.json();
  };
}

/** The admin client's request function. */
export type AdminRequest = ReturnType<typeof adminClient>;

/**
 * Every call record of the server, read page by page through GET /admin/calls
 * (at most 1,000 a request), optionally from an arrival time (Unix seconds) on.
 */
export async function listAllCalls(admin: AdminRequest, fromSec?: number): Promise<CallRecord[]> {
  const calls: CallRecord[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({
      limit: '1000',
      ...(fromSec !== undefined ? { from: String(fromSec) } : {}),
      ...(cursor !== null ? { cursor } : {}),
    });
    const page = (await admin('GET', `/admin/calls?${query.toString()}`)) as {
      calls: CallRecord[];
      nextCursor: string | null;
    };
    calls.push(...page.calls);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return calls;
}
