import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HotlineError } from '../../errors.js';
import { loggedOut, type AgentState } from '../../store/agent-state.js';
import type { CallStore } from '../../store/call-store.js';
import type { AgentStates } from '../services/agent-states.js';

/** What the agent-state admin routes need. */
export interface AdminAgentStatesOptions {
  readonly store: CallStore;
  readonly agentStates: AgentStates;
}

/** Most state-log lines one GET answers (default and maximum); page on with `from` = the last line's atSec. */
export const STATE_LOG_LIMIT = 1000;

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,12}$' } } } as const;

const STATE_BODY = {
  type: 'object',
  required: ['state'],
  additionalProperties: false,
  properties: {
    // on-call and wrap-up come from calls, never from an admin.
    state: { type: 'string', enum: ['logged-out', 'ready', 'away'] },
    reason: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const LOG_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'number' },
    to: { type: 'number' },
    limit: { type: 'integer', minimum: 1, maximum: STATE_LOG_LIMIT },
  },
} as const;

/**
 * A preValidation hook refusing fields the schema does not name (fastify's validator would drop them
 * silently): a misspelt `form` must not read the whole log.
 */
function onlyKnown(part: 'body' | 'query', names: readonly string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const value = request[part];
    if (value === null || typeof value !== 'object') return;
    const unknown = Object.keys(value).find((key) => !names.includes(key));
    if (unknown !== undefined)
      throw new HotlineError(
        'HOTLINE_AGENT_STATE_INVALID',
        `${request.method} ${request.url.split('?')[0]}: unknown ${part === 'body' ? 'field' : 'parameter'} "${unknown}" (allowed: ${names.join(', ')}).`,
      );
  };
}

/**
 * Agents' states in the admin API: GET /agents/states (every registered agent's state and group),
 * POST /agents/:id/state (an admin sets logged-out, ready or away), GET /agents/:id/state-log (the changes,
 * oldest first, `from`/`to` in Unix seconds, at most `limit`). Registered inside the admin scope (its auth).
 */
export const adminAgentStatesRoutes: FastifyPluginAsync<AdminAgentStatesOptions> = async (admin, options) => {
  const { store, agentStates } = options;
  const known = async (id: string, where: string) => {
    const agent = await store.getAgent(id);
    if (!agent)
      throw new HotlineError(
        'HOTLINE_AGENT_UNKNOWN',
        `${where}: agent ${id} is not registered (GET /admin/agents lists them).`,
      );
    return agent;
  };

  admin.get('/agents/states', async () => {
    const statuses = new Map((await store.listAgentStatuses()).map((s) => [s.agentId, s]));
    return {
      agents: (await store.listAgents()).map((agent) => {
        const { state, sinceSec, callSid } = statuses.get(agent.id) ?? loggedOut(agent.id);
        return { id: agent.id, group: agent.group ?? agent.pool, pool: agent.pool, state, sinceSec, callSid };
      }),
    };
  });

  admin.post<{ Params: { id: string }; Body: { state: AgentState; reason?: string } }>(
    '/agents/:id/state',
    {
      schema: { params: ID_PARAMS, body: STATE_BODY },
      config: { validationCode: 'HOTLINE_AGENT_STATE_INVALID' },
      preValidation: onlyKnown('body', Object.keys(STATE_BODY.properties)),
    },
    async (request) => {
      const where = `POST /admin/agents/${request.params.id}/state`;
      const agent = await known(request.params.id, where);
      const current = await agentStates.current(agent.id);
      if (current.state === 'on-call')
        throw new HotlineError(
          'HOTLINE_AGENT_ON_CALL',
          `${where}: agent ${agent.id} is on call ${current.callSid ?? ''}; change the state once the call has ended.`,
        );
      const { state, sinceSec } = await agentStates.change(
        agent.id,
        request.body.state,
        'admin',
        request.body.reason ?? 'admin',
      );
      return { agent: { id: agent.id, state, sinceSec } };
    },
  );

  admin.get<{ Params: { id: string }; Querystring: { from?: number; to?: number; limit?: number } }>(
    '/agents/:id/state-log',
    {
      schema: { params: ID_PARAMS, querystring: LOG_QUERY },
      config: { validationCode: 'HOTLINE_AGENT_STATE_INVALID' },
      preValidation: onlyKnown('query', Object.keys(LOG_QUERY.properties)),
    },
    async (request) => {
      const agent = await known(request.params.id, `GET /admin/agents/${request.params.id}/state-log`);
      const { from, to, limit = STATE_LOG_LIMIT } = request.query;
      const changes = await store.listAgentStateLog({
        agentId: agent.id,
        ...(from !== undefined ? { fromSec: from } : {}),
        ...(to !== undefined ? { toSec: to } : {}),
        limit,
      });
      return { changes };
    },
  );
};
