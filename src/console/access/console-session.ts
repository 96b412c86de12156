import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { answersWithoutToken, isLoopbackHost } from '../../server/plugins/admin-access.js';
import type { ConsoleRole, PublicSession } from './session-wire.js';

export interface ConsoleSession {
  readonly role: ConsoleRole;
  /** The agent's number, for an agent's session. */
  readonly agentId?: string;
  /** The token every request that changes something must send back in `x-hotline-csrf`. */
  readonly csrf: string;
  /** Seconds since the epoch of the last request (sessions idle for SESSION_IDLE_SEC end). */
  lastSec: number;
  /**
   * An agent's registration as it was at sign-in (its PIN hash): the session ends when the agent is removed,
   * deactivated or re-registered with another PIN, so a reused agent number never inherits an old session.
   */
  readonly credential?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session of a request under /console/api, set by the guard (ConsoleSessions.guard). */
    consoleSession?: ConsoleSession;
  }
}

/** The session cookie: HTTP-only, same-site strict, scoped to /console. */
export const SESSION_COOKIE = 'hotline_console';
/** Seconds a session may stay idle: a shift. */
export const SESSION_IDLE_SEC = 8 * 3600;
/** Seconds between two background looks at an agent session's registration (see ConsoleSessions.revalidate). */
const REVALIDATE_SEC = 10;
/** Supervisor sessions kept at most (the oldest supervisor session is dropped first). */
const MAX_SUPERVISOR_SESSIONS = 64;
/** Agent sessions kept at most, all agents together (the oldest agent session is dropped first). */
const MAX_AGENT_SESSIONS = 1024;
/** Sessions one agent may hold at once (the agent's oldest is dropped first): sign-ins cannot push others out. */
const MAX_SESSIONS_PER_AGENT = 4;
/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-hotline-csrf';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a request's Origin (when it sends one) is this server: a page on another site can never act for a user. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const SignIn = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('supervisor'), token: z.string().max(512) }).strict(),
  z
    .object({
      kind: z.literal('agent'),
      agentId: z.string().regex(/^\d{1,16}$/, 'an agent number is 1 to 16 digits'),
      pin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits'),
    })
    .strict(),
]);

/**
 * An agent's registration now: its PIN hash while the agent is registered, active and has a PIN, else null (no
 * session of that agent may go on).
 */
export type AgentCredential = (agentId: string) => Promise<string | null>;

/**
 * The console's sessions, in memory (a restart signs everyone out). Supervisors and agents are capped apart, and each
 * agent to a few sessions, so no amount of sign-ins by one agent can push a supervisor (or another agent) out.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();
  /** When each agent session's registration was last looked at by revalidate(). */
  private readonly checkedSec = new Map<string, number>();

  constructor(
    private readonly nowSec: () => number,
    private readonly agentCredential: AgentCredential = async () => null,
  ) {}

  /** Drops the oldest sessions that `same` picks until fewer than `max` are left. */
  private makeRoom(max: number, same: (session: ConsoleSession) => boolean): void {
    const ids = [...this.sessions].filter(([, session]) => same(session)).map(([id]) => id);
    for (const id of ids.slice(0, Math.max(0, ids.length - max + 1))) this.close(id);
  }

  open(role: ConsoleRole, agentId?: string, credential?: string): { id: string; session: ConsoleSession } {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      role,
      ...(agentId === undefined ? {} : { agentId }),
      ...(credential === undefined ? {} : { credential }),
      csrf: randomBytes(24).toString('base64url'),
      lastSec: this.nowSec(),
    };
    if (role === 'supervisor') this.makeRoom(MAX_SUPERVISOR_SESSIONS, (s) => s.role === 'supervisor');
    else {
      this.makeRoom(MAX_SESSIONS_PER_AGENT, (s) => s.role === 'agent' && s.agentId === agentId);
      this.makeRoom(MAX_AGENT_SESSIONS, (s) => s.role === 'agent');
    }
    this.sessions.set(id, session);
    return { id, session };
  }

  /** An agent's registration now (see AgentCredential). */
  credentialOf(agentId: string): Promise<string | null> {
    return this.agentCredential(agentId);
  }

  /** The live session with this cookie value, or undefined; touching it keeps it alive. */
  find(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.nowSec() - session.lastSec > SESSION_IDLE_SEC) {
      this.close(id);
      return undefined;
    }
    session.lastSec = this.nowSec();
    return session;
  }

  /**
   * True while the session with this cookie value is live, without touching it: for a long-lived stream (server-sent
   * events), which ends when its session does (signed out, removed agent, idle past SESSION_IDLE_SEC).
   */
  alive(id: string | undefined): boolean {
    const session = id === undefined ? undefined : this.sessions.get(id);
    return session !== undefined && this.nowSec() - session.lastSec <= SESSION_IDLE_SEC;
  }

  /**
   * Looks again, in the background, whether an agent session's agent is still registered as at sign-in (at most once
   * every REVALIDATE_SEC per session), and ends the agent's sessions when not: a stream that makes no requests still
   * ends, at its next alive() check, once its agent is deactivated, removed or given a new PIN.
   */
  revalidate(id: string | undefined): void {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (session?.role !== 'agent' || this.nowSec() - (this.checkedSec.get(id!) ?? -Infinity) < REVALIDATE_SEC) return;
    this.checkedSec.set(id!, this.nowSec());
    void this.agentCredential(session.agentId!).then(
      (now) => {
        if (now === null || now !== session.credential) this.closeAgent(session.agentId!);
      },
      () => undefined,
    );
  }

  close(id: string | undefined): void {
    if (id === undefined) return;
    this.sessions.delete(id);
    this.checkedSec.delete(id);
  }

  /** Ends every session of an agent (the agent was removed or deactivated). */
  closeAgent(agentId: string): void {
    for (const [id, session] of this.sessions) if (session.agentId === agentId) this.close(id);
  }

  /**
   * An onRequest hook for a scope of console API routes: the request must carry a live session of one of `roles`,
   * come from this origin (when the browser says), and, unless it is GET or HEAD, send the session's CSRF token.
   * Sets `request.consoleSession`.
   */
  guard(...roles: ConsoleRole[]) {
    return async (request: FastifyRequest): Promise<void> => {
      const where = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
      const session = this.find(request.cookies[SESSION_COOKIE]);
      if (!session)
        throw new HotlineError(
          'HOTLINE_CONSOLE_UNAUTHORIZED',
          `${where}: not signed in (or the session ended); sign in at /console.`,
        );
      if (!sameOrigin(request))
        throw new HotlineError(
          'HOTLINE_CONSOLE_FORBIDDEN',
          `${where}: the request came from another origin (${request.headers.origin}).`,
        );
      if (session.role === 'agent') {
        const now = await this.agentCredential(session.agentId!);
        if (now === null || now !== session.credential) {
          this.closeAgent(session.agentId!);
          throw new HotlineError(
            'HOTLINE_CONSOLE_UNAUTHORIZED',
            `${where}: agent ${session.agentId} was removed, deactivated or given a new PIN since signing in; sign in again.`,
          );
        }
      }
      if (!roles.includes(session.role))
        throw new HotlineError(
          'HOTLINE_CONSOLE_FORBIDDEN',
          `${where}: not open to a signed-in ${session.role}; sign in as ${roles.join(' or ')}.`,
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !same(sent, session.csrf))
          throw new HotlineError(
            'HOTLINE_CONSOLE_FORBIDDEN',
            `${where}: missing or wrong ${CSRF_HEADER} header (the CSRF token of the session); reload the console.`,
          );
      }
      request.consoleSession = session;
    };
  }
}

/** What the session routes need. */
export interface SessionRoutesOptions {
  readonly sessions: ConsoleSessions;
  /** HOTLINE_ADMIN_TOKEN, or null: then supervisors sign in with no token, only on a server that listens on loopback alone. */
  readonly adminToken: string | null;
  /** Checks an agent's PIN (the agent line's PinGuard counts wrong ones and locks). */
  readonly verifyPin: (agentId: string, pin: string, source: string) => Promise<'ok' | 'wrong' | 'locked'>;
}

function publicSession(session: ConsoleSession): PublicSession {
  return session.role === 'agent'
    ? { role: session.role, agentId: session.agentId!, csrf: session.csrf }
    : { role: session.role, csrf: session.csrf };
}

/** Why a supervisor may not sign in with `token`, or null when they may. */
function supervisorProblem(
  app: FastifyInstance,
  adminToken: string | null,
  request: FastifyRequest,
  token: string,
): string | null {
  if (adminToken !== null) return same(token, adminToken) ? null : 'wrong admin token (HOTLINE_ADMIN_TOKEN)';
  if (!answersWithoutToken(app).ok)
    return 'this server listens beyond loopback and has no HOTLINE_ADMIN_TOKEN, so nobody can sign in as supervisor; set one';
  if (
    ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => request.headers[h] !== undefined) ||
    !isLoopbackHost(request.headers.host)
  )
    return 'without HOTLINE_ADMIN_TOKEN only a browser on this machine (http://127.0.0.1) may sign in as supervisor';
  return null;
}

function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAge: number) {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/console',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge,
  });
}

/** GET /console/api/session (who is signed in), POST (sign in), DELETE (sign out). */
export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, options) => {
  const { sessions } = options;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.get('/session', async (request) => {
    const session = sessions.find(request.cookies[SESSION_COOKIE]);
    return { session: session ? publicSession(session) : null };
  });
  app.post('/session', async (request, reply) => {
    if (!sameOrigin(request))
      throw new HotlineError(
        'HOTLINE_CONSOLE_FORBIDDEN',
        `POST /console/api/session: the request came from another origin (${request.headers.origin}).`,
      );
    const parsed = SignIn.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HotlineError(
        'HOTLINE_CONSOLE_UNAUTHORIZED',
        `POST /console/api/session: ${issue.path.join('.') || 'body'}: ${issue.message}; send { kind: "supervisor", token } or { kind: "agent", agentId, pin }.`,
      );
    }
    const body = parsed.data;
    let opened: { id: string; session: ConsoleSession };
    if (body.kind === 'supervisor') {
      const problem = supervisorProblem(app, options.adminToken, request, body.token);
      if (problem) throw new HotlineError('HOTLINE_CONSOLE_UNAUTHORIZED', `POST /console/api/session: ${problem}.`);
      opened = sessions.open('supervisor');
    } else {
      const verdict = await options.verifyPin(body.agentId, body.pin, request.ip);
      if (verdict !== 'ok')
        throw new HotlineError(
          'HOTLINE_CONSOLE_UNAUTHORIZED',
          verdict === 'locked'
            ? 'POST /console/api/session: too many wrong PINs; this agent is locked for a while, ask the supervisor.'
            : 'POST /console/api/session: wrong agent number or PIN (or the agent is not active).',
        );
      const credential = await sessions.credentialOf(body.agentId);
      if (credential === null)
        throw new HotlineError(
          'HOTLINE_CONSOLE_UNAUTHORIZED',
          'POST /console/api/session: wrong agent number or PIN (or the agent is not active).',
        );
      opened = sessions.open('agent', body.agentId, credential);
    }
    sessions.close(request.cookies[SESSION_COOKIE]);
    setCookie(request, reply, opened.id, SESSION_IDLE_SEC);
    return { session: publicSession(opened.session) };
  });
  app.delete('/session', async (request, reply) => {
    const session = sessions.find(request.cookies[SESSION_COOKIE]);
    const sent = request.headers[CSRF_HEADER];
    if (session && (!sameOrigin(request) || typeof sent !== 'string' || !same(sent, session.csrf)))
      throw new HotlineError(
        'HOTLINE_CONSOLE_FORBIDDEN',
        `DELETE /console/api/session: missing or wrong ${CSRF_HEADER} header, or another origin; reload the console.`,
      );
    sessions.close(request.cookies[SESSION_COOKIE]);
    setCookie(request, reply, '', 0);
    return { session: null };
  });
};
