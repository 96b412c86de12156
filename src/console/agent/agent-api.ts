import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { SseClients } from '../../server/routes/sse-clients.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { parseRequest } from '../access/parse-request.js';
import { sessionAlive } from '../access/session-alive.js';
import { closeLocalLine } from '../line/local-line.js';
import { AgentDesktop } from './agent-desktop.js';
import { localAgentPhone } from './local-agent-phone.js';

/** Milliseconds between keep-alive comments on the events stream (proxies close a silent connection after 30–60 s). */
export const AGENT_KEEP_ALIVE_MS = 15_000;
/** Event streams one agent may hold open (tabs); a further one closes the oldest. */
export const MAX_STREAMS_PER_AGENT = 4;
/** Bytes a page may leave unread before its stream is cut off. */
const MAX_UNREAD_BYTES = 1 << 18;
/** Agent event streams open at once, across all agents. */
const MAX_STREAMS = 256;

const CALL_SID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a CallSid (letters, digits, - and _; 64 at most)');

/** The signed-in agent of a request (the role guard let only agents in). */
function agentOf(request: FastifyRequest): string {
  const agentId = request.consoleSession?.agentId;
  if (agentId === undefined)
    throw new HotlineError('HOTLINE_CONSOLE_FORBIDDEN', `${request.method} ${request.url}: sign in as an agent.`);
  return agentId;
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
  const streams = new SseClients({
    maxClients: MAX_STREAMS,
    maxPerKey: MAX_STREAMS_PER_AGENT,
    maxUnreadBytes: MAX_UNREAD_BYTES,
    keepAliveMs: AGENT_KEEP_ALIVE_MS,
    full: (open) =>
      new HotlineError(
        'HOTLINE_LIVE_FEED_FULL',
        `GET /console/api/agent/events: ${open} agent pages are open, the most this server serves; close one.`,
      ),
  });

  // A state set or a wrap-up ended here moves the agent on the wallboard too (as a webhook of the agent line would).
  app.addHook('onResponse', async (request) => {
    if (request.method === 'POST') app.hotline.feed.lineMayHaveChanged();
  });

  app.get('/me', async (request) => desktop.me(agentOf(request)));
  app.get('/calls', async (request) => ({ calls: await desktop.calls(agentOf(request)) }));

  app.post('/state', async (request) => {
    const body = parseRequest(z.object({ state: z.enum(['ready', 'away']) }).strict(), request.body, {
      code: 'HOTLINE_AGENT_STATE_INVALID',
      where: 'POST /console/api/agent/state',
      hint: '{ state: "ready" } or { state: "away" }',
    });
    const status = await desktop.setState(agentOf(request), body.state);
    return { status: { state: status.state, sinceSec: status.sinceSec } };
  });

  app.post('/wrap-up', async (request) => {
    const types = desktop.callTypes as [string, ...string[]];
    const body = parseRequest(
      z.object({ callSid: CALL_SID, callType: z.enum(types), resolved: z.boolean() }).strict(),
      request.body,
      {
        code: 'HOTLINE_AGENT_WRAP_UP_INVALID',
        where: 'POST /console/api/agent/wrap-up',
        hint: `{ callSid, callType (one of ${types.join(', ')}), resolved: true | false }`,
      },
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
    // The stream ends with its session (signed out, agent removed, idle past the limit): nothing more is pushed.
    streams.open(
      reply,
      (stream) => {
        stream.event('me', first);
        // Hooked into the agent states: every change of this agent (the agent line, the console, an admin, the
        // system) is pushed as it is stored; nothing polls the store.
        return app.hotline.agentStates.subscribe((status) => {
          if (status.agentId !== agentId) return;
          desktop.me(agentId).then(
            (me) => stream.event('me', me),
            (error: unknown) => app.log.warn({ err: error, agentId }, 'agent desktop: state not pushed'),
          );
        });
      },
      { key: agentId, alive: sessionAlive(options.sessions, request) },
    );
  });

  // Open streams would hold `app.close()` until pages leave: end them first.
  app.addHook('preClose', async () => streams.endAll());
};
