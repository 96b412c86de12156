import type { FastifyPluginAsync } from 'fastify';
import type { CallService } from '../services/call-service.js';
import { CALL_BODY, TWIML_TYPE, type WebhookBody } from './webhook-schemas.js';

/** What the callback route calls. */
export interface CallbackRoutesOptions {
  readonly calls: CallService;
}

const CALLBACK_QUERY = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } as const;

/** `POST /callback/answer?id=…`: the citizen answered a callback the hotline placed; their call starts in the flow. */
export const callbackRoutes: FastifyPluginAsync<CallbackRoutesOptions> = async (app, { calls }) => {
  app.post<{ Body: WebhookBody; Querystring: { id: string } }>('/callback/answer', { schema: { body: CALL_BODY, querystring: CALLBACK_QUERY } }, async (req, reply) =>
    reply.type(TWIML_TYPE).send(await calls.serialized(req.body.CallSid, () => calls.callbackAnswered(req.query.id, req.body, req.body.CallSid))));
};
