import type { FastifyPluginAsync } from 'fastify';
import { HotlineError } from '../../errors.js';
import { adminAuthHook } from '../plugins/admin-auth.js';
import { encodeCursor, parseCallsQuery } from './admin-calls-query.js';
import { E164 } from '../services/e164.js';
import { RecordPageStream } from './record-page-stream.js';
import { adminAgentStatesRoutes } from './admin-agent-states.js';
import type { AgentStates } from '../services/agent-states.js';
import type { CallbackDispatcher } from '../services/callback-dispatcher.js';
import type { Agent, CallStore } from '../../store/call-store.js';
import type { LiveFeed } from '../services/live-feed.js';
import { adminKpisRoutes } from './admin-kpis.js';
import { adminLiveRoutes, LiveTickets } from './admin-live.js';

/** What the admin routes need. */
export interface AdminOptions {
  readonly store: CallStore;
  readonly callbacks: CallbackDispatcher;
  /** Bearer token (32+ characters); null opens the admin API only while the server listens on loopback alone. */
  readonly adminToken: string | null;
  readonly nowSec: () => number;
  /** Hashes a PIN for storage (salted). */
  readonly hashPin: (agentId: string, pin: string) => string;
  readonly agentStates: AgentStates;
  /** The wallboard feed behind GET /admin/live. */
  readonly feed: LiveFeed;
  /** Wallboards served at once (default DEFAULT_LIVE_CLIENTS). */
  readonly liveClients?: number;
}

const AGENT_BODY = {
  type: 'object',
  required: ['name', 'skills', 'pool'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    phone: { type: ['string', 'null'], pattern: E164.source },
    skills: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
    pool: { type: 'string', enum: ['in-house', 'outsourced'] },
    group: { type: ['string', 'null'], minLength: 1, maxLength: 100 },
    active: { type: 'boolean' },
    pin: { type: 'string', pattern: '^[0-9]{4,8}$' },
  },
} as const;

/**
 * JSON admin API under /admin: agents (register, list), call records (paged),
 * callbacks (list, dispatch now). With HOTLINE_ADMIN_TOKEN every request needs
 * it; without one the API answers only while the server listens on loopback
 * addresses alone (see plugins/admin-auth.ts).
 */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (admin, options) => {
  const tickets = new LiveTickets(options.nowSec);
  admin.addHook(
    'onRequest',
    adminAuthHook(admin, options.adminToken, (request) => tickets.admits(request)),
  );
  // Agents registered, changed or removed move the wallboard's agent counts.
  admin.addHook('onResponse', async (request) => {
    if (request.method !== 'GET') options.feed.lineMayHaveChanged();
  });
  await admin.register(adminKpisRoutes, { store: options.store });
  await admin.register(adminLiveRoutes, {
    feed: options.feed,
    tickets,
    ...(options.liveClients === undefined ? {} : { maxClients: options.liveClients }),
  });
  await admin.register(adminAgentStatesRoutes, { store: options.store, agentStates: options.agentStates });

  admin.get('/agents', async () => ({
    agents: (await options.store.listAgents()).map(({ pinHash, ...agent }) => ({ ...agent, hasPin: pinHash !== null })),
  }));
  admin.put<{ Params: { id: string }; Body: Omit<Agent, 'id' | 'pinHash'> & { pin?: string } }>(
    '/agents/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,12}$' } } },
        body: AGENT_BODY,
      },
      config: { validationCode: 'HOTLINE_AGENT_INVALID' },
    },
    async (request) => {
      const body = request.body;
      const previous = await options.store.getAgent(request.params.id);
      const pinHash =
        body.pin !== undefined ? options.hashPin(request.params.id, body.pin) : (previous?.pinHash ?? null);
      const agent: Agent = {
        id: request.params.id,
        name: body.name,
        phone: body.phone ?? null,
        skills: body.skills,
        pool: body.pool,
        group: body.group ?? body.pool,
        active: body.active ?? true,
        pinHash,
      };
      if (agent.phone) {
        const holder = await options.store.findAgentByPhone(agent.phone);
        if (holder && holder.id !== agent.id) {
          throw new HotlineError(
            'HOTLINE_AGENT_INVALID',
            `PUT /admin/agents/${agent.id}: phone ${agent.phone} already belongs to agent ${holder.id}.`,
          );
        }
      }
      await options.store.putAgent(agent);
      const { pinHash: _hidden, ...shown } = agent;
      return { agent: { ...shown, hasPin: pinHash !== null } };
    },
  );
  // One page per request, streamed in slices of keyset queries: a year of records never blocks the webhooks sharing this event loop.
  admin.get('/calls', async (request, reply) => {
    const reader = await options.store.openRecordPage(parseCallsQuery(request.query));
    return reply.type('application/json; charset=utf-8').send(new RecordPageStream(reader, encodeCursor));
  });
  // One call's record by CallSid (the softphone and QA tools look up their own call without paging through a year).
  admin.get<{ Params: { callSid: string } }>(
    '/calls/:callSid',
    {
      schema: {
        params: { type: 'object', properties: { callSid: { type: 'string', pattern: '^CA[0-9A-Za-z]{1,64}$' } } },
      },
      config: { validationCode: 'HOTLINE_ADMIN_QUERY_INVALID' },
    },
    async (request) => {
      const call = await options.store.getRecord(request.params.callSid);
      if (!call)
        throw new HotlineError(
          'HOTLINE_UNKNOWN_CALL',
          `GET /admin/calls/${request.params.callSid}: no record of this call (it has not started here, or the CallSid is mistyped).`,
        );
      return { call };
    },
  );
  admin.get('/callbacks', async () => ({
    // Numbers stay in the store for dispatch only; the API never shows them.
    callbacks: (await options.store.listCallbacks()).map(({ number, ...rest }) => ({
      ...rest,
      hasNumber: number !== null,
    })),
  }));
  admin.post('/callbacks/run', async () => options.callbacks.runDue(options.nowSec()));
  // Temporary agents (the softphone's bot) are removed after use; a call record keeps the agent's id.
  admin.delete<{ Params: { id: string } }>(
    '/agents/:id',
    {
      schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,12}$' } } } },
      config: { validationCode: 'HOTLINE_AGENT_INVALID' },
    },
    async (request) => {
      if (!(await options.store.deleteAgent(request.params.id))) {
        throw new HotlineError(
          'HOTLINE_AGENT_UNKNOWN',
          `DELETE /admin/agents/${request.params.id}: no such agent (GET /admin/agents lists them).`,
        );
      }
      return { deleted: request.params.id };
    },
  );
};
