import type { FastifyPluginAsync } from 'fastify';
import type { AgentLine } from '../services/agent-line.js';
import type { CallService } from '../services/call-service.js';
import { AGENT_QUERY, CALL_BODY, TWIML_TYPE, type WebhookBody } from './webhook-schemas.js';

/** What the agent routes call. */
export interface AgentRoutesOptions {
  readonly agents: AgentLine;
  readonly calls: CallService;
}

type AgentRequest = { Body: WebhookBody; Querystring: { agent: string } };

/**
 * The agent line's webhooks (`/agent/voice`, `/login`, `/pin`, `/next`,
 * `/after`) and `/agent/connect`, the `<Queue url>` that tells the caller's
 * call an agent took it.
 */
export const agentRoutes: FastifyPluginAsync<AgentRoutesOptions> = async (app, { agents, calls }) => {
  const withAgent = { schema: { body: CALL_BODY, querystring: AGENT_QUERY } };
  app.post<{ Body: WebhookBody }>('/agent/voice', { schema: { body: CALL_BODY } }, async (req, reply) =>
    reply.type(TWIML_TYPE).send(await agents.incoming(req.body.From)),
  );
  app.post<{ Body: WebhookBody }>('/agent/login', { schema: { body: CALL_BODY } }, async (req, reply) =>
    reply.type(TWIML_TYPE).send(await agents.login(req.body.Digits)),
  );
  app.post<AgentRequest>('/agent/pin', withAgent, async (req, reply) => {
    const source = req.body.From ?? `address ${req.ip}`;
    return reply.type(TWIML_TYPE).send(await agents.checkPin(req.query.agent, req.body.Digits, source));
  });
  app.post<AgentRequest>('/agent/next', withAgent, async (req, reply) =>
    reply.type(TWIML_TYPE).send(await agents.next(req.query.agent, req.body.Digits)),
  );
  app.post<AgentRequest>('/agent/after', withAgent, async (req, reply) =>
    reply.type(TWIML_TYPE).send(await agents.after(req.query.agent)),
  );
  app.post<AgentRequest>('/agent/connect', withAgent, async (req, reply) => {
    const agent = await agents.registered(req.query.agent, 'POST /agent/connect');
    const sid = req.body.CallSid;
    const group = agent.group ?? agent.pool;
    const twiml = await calls.serialized(sid, () => calls.agentConnected(sid, agent.id, agent.pool, group));
    await agents.tookCaller(agent.id, sid);
    return reply.type(TWIML_TYPE).send(twiml);
  });
};
