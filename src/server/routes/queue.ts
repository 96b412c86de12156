import type { FastifyPluginAsync } from 'fastify';
import type { CallService } from '../services/call-service.js';
import { CALL_BODY, TWIML_TYPE, type WebhookBody } from './webhook-schemas.js';

/** What the queue routes call. */
export interface QueueRoutesOptions {
  readonly calls: CallService;
}

/**
 * A waiting caller's webhooks: the Enqueue wait URL (`POST /queue/wait`) and
 * the callback offer's answer (`POST /queue/offer`).
 */
export const queueRoutes: FastifyPluginAsync<QueueRoutesOptions> = async (app, { calls }) => {
  app.post<{ Body: WebhookBody }>('/queue/wait', { schema: { body: CALL_BODY } }, async (req, reply) => {
    const sid = req.body.CallSid;
    return reply.type(TWIML_TYPE).send(await calls.serialized(sid, () => calls.waitRound(sid, req.body)));
  });
  app.post<{ Body: WebhookBody }>('/queue/offer', { schema: { body: CALL_BODY } }, async (req, reply) => {
    const sid = req.body.CallSid;
    return reply.type(TWIML_TYPE).send(await calls.serialized(sid, () => calls.offerAnswered(sid, req.body)));
  });
};
