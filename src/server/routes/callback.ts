import type { FastifyPluginAsync } from 'fastify';
import type { CallService } from '../services/call-service.js';
import { CALL_BODY, TWIML_TYPE, type WebhookBody } from './webhook-schemas.js';

/** What the callback route calls. */
export interface CallbackRoutesOptions {
  readonly calls: CallService;
}

const CALLBACK_QUERY = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1 } },
} as const;

/**
 * `POST /callback/answer?id=…`: the citizen answered a callback the hotline
 * placed; their call starts in the flow.
 */
export const callbackRoutes: FastifyPluginAsync<CallbackRoutesOptions> = async (app, { calls }) => {
  const schema = { body: CALL_BODY, querystring: CALLBACK_QUERY };
  app.post<{ Body: WebhookBody; Querystring: { id: string } }>('/callback/answer', { schema }, async (req, reply) => {
    const sid = req.body.CallSid;
    const twiml = await calls.serialized(sid, () => calls.callbackAnswered(req.query.id, req.body, sid));
    return reply.type(TWIML_TYPE).send(twiml);
  });
};
