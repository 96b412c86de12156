import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { SESSION_COOKIE } from '../access/console-session.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { closeLocalLine } from '../line/local-line.js';
import { AgentDesktop } from './agent-desktop.js';
import { localAgentPhone } from './local-agent-phone.js';

/** Milliseconds between keep-alive comments on the events stream (proxies close a silent connection after 30–60 s). */
export const AGENT_KEEP_ALIVE_MS = 15_000;
/** Event streams one agent may hold open (tabs); a further one closes the oldest. */
export const MAX_STREAMS_PER_AGENT = 4;
/** Bytes a page may leave unread before its stream is cut off. */
const MAX_UNREAD_BYTES = 1 << 18;

const CALL_SID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a CallSid (letters, digits, - and _; 64 at most)');

/** The signed-in agent of a request (the role guard let only agents in). */
function agentOf(request: FastifyRequest): string {
  const agentId = request.consoleSession?.agentId;
  if (agentId === undefined)
    throw new HotlineError('HOTLINE_CONSOLE_FORBIDDEN', `${request.method} ${request.url}: sign in as an agent.`);
  return agentId;
}

/** Parses `body` with `schema`, or throws `code` naming the route, the field and what is expected. */
function parse<T>(
  schema: z.ZodType<T>,
  body: unknown,
  where: string,
  code: 'HOTLINE_AGENT_STATE_INVALID' | 'HOTLINE_AGENT_WRAP_UP_INVALID',
  hint: string,
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HotlineError(code, `${where}: ${issue.path.join('.') || 'body'}: ${issue.message}; send ${hint}.`);
}

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * /console/api/agent: the agent desktop, every route scoped to the signed-in agent (request.consoleSession.agentId):
 * GET /me (state, group, skills, the caller bridged), GET /events (server-sent `me` events on every change of the
 * agent's state or call), POST /state { state: 'ready' | 'away' }, POST /wrap-up { callSid, callType, resolved },
 * GET /calls (the agent's own calls of today); local mode only: POST /end-call (the emulated phone hangs up on the
 * caller).
 */
export const agentDesktopApi: FastifyPluginAsync<ConsoleViewOptions> = async (app, options) => {
  // Local mode (no public URL: no Twilio can reach this server) is the only one where the desktop places calls.
  const local = app.hotline.webhookSigning.publicUrl === null;
  const desktop = new AgentDesktop(app.hotline, { phone: local ? localAgentPhone(app) : null });
  if (local) app.addHook('onClose', async () => closeLocalLine(app));
  const streams = new Map<string, ServerResponse[]>();

  // A state set or a wrap-up ended here moves the agent on the wallboard too (as a webhook of the agent line would).
  app.addHook('onResponse', async (request) => {
    if (request.method === 'POST') app.hotline.feed.lineMayHaveChanged();
  });

  app.get('/me', async (request) => desktop.me(agentOf(request)));
  app.get('/calls', async (request) => ({ calls: await desktop.calls(agentOf(request)) }));

  app.post('/state', async (request) => {
    const body = parse(
      z.object({ state: z.enum(['ready', 'away']) }).strict(),
      request.body,
      'POST /console/api/agent/state',
      'HOTLINE_AGENT_STATE_INVALID',
      '{ state: "ready" } or { state: "away" }',
    );
    const status = await desktop.setState(agentOf(request), body.state);
    return { status: { state: status.state, sinceSec: status.sinceSec } };
  });

  app.post('/wrap-up', async (request) => {
    const types = desktop.callTypes as [string, ...string[]];
    const body = parse(
      z.object({ callSid: CALL_SID, callType: z.enum(types), resolved: z.boolean() }).strict(),
      request.body,
      'POST /console/api/agent/wrap-up',
      'HOTLINE_AGENT_WRAP_UP_INVALID',
      `{ callSid, callType (one of ${types.join(', ')}), resolved: true | false }`,
    );
    const { call, status } = await desktop.wrapUp(agentOf(request), body);
    return { call, status: { state: status.state, sinceSec: status.sinceSec } };
  });

  app.post('/end-call', async (request) => {
    desktop.endCall(agentOf(request));
    return { ok: true };
  });

  app.get('/events', async (request, reply) => {
    const agentId = agentOf(request);
    const first = await desktop.me(agentId);
    const res = reply.raw;
    reply.hijack();
    const mine = streams.get(agentId) ?? [];
    streams.set(agentId, mine);
    if (mine.length >= MAX_STREAMS_PER_AGENT) mine.shift()?.end();
    mine.push(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const cookie = request.cookies[SESSION_COOKIE];
    const send = (text: string) => {
      // The stream ends with its session (signed out, agent removed, idle past the limit): nothing more is pushed.
      if (!options.sessions.alive(cookie)) res.end();
      else if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
      else if (!res.writableEnded) res.write(text);
    };
    send(`retry: 3000\n${sseEvent('me', first)}`);
    // Hooked into the agent states: every change of this agent (the agent line, the console, an admin, the
    // system) is pushed as it is stored; nothing polls the store.
    const unsubscribe = app.hotline.agentStates.subscribe((status) => {
      if (status.agentId !== agentId) return;
      desktop.me(agentId).then(
        (me) => send(sseEvent('me', me)),
        (error: unknown) => app.log.warn({ err: error, agentId }, 'agent desktop: state not pushed'),
      );
    });
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), AGENT_KEEP_ALIVE_MS);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      const left = (streams.get(agentId) ?? []).filter((s) => s !== res);
      if (left.length > 0) streams.set(agentId, left);
      else streams.delete(agentId);
    });
  });

  // Open streams would hold `app.close()` until pages leave: end them first.
  app.addHook('preClose', async () => {
    for (const list of streams.values()) for (const res of list) res.end();
  });
};
