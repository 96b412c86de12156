import type { FastifyPluginAsync } from 'fastify';
import { HotlineError } from '../../errors.js';
import { renderEmpty } from '../../twilio/twiml-renderer.js';
import type { CallbackDispatcher } from '../services/callback-dispatcher.js';
import type { CallService } from '../services/call-service.js';
import { CALL_BODY, TURN_QUERY, TWIML_TYPE, type WebhookBody } from './webhook-schemas.js';

/** What the voice routes call. */
export interface VoiceRoutesOptions {
  readonly calls: CallService;
  /** Told a placed callback's status when its call is not one of ours yet (the citizen never answered). */
  readonly callbacks: CallbackDispatcher;
  /** The server's clock in seconds since the Unix epoch. */
  readonly nowSec: () => number;
}

type TurnHandler = (calls: CallService, callSid: string, turn: number, body: WebhookBody) => Promise<string>;

/** The action URLs of a turn's step, each carrying `?turn=`. */
const TURN_ROUTES: readonly (readonly [string, TurnHandler])[] = [
  ['/voice/gather', (calls, sid, turn, body) => calls.gathered(sid, turn, body)],
  ['/voice/no-input', (calls, sid, turn) => calls.noInput(sid, turn)],
  ['/voice/queue-result', (calls, sid, turn, body) => calls.queueResult(sid, turn, body)],
  ['/voice/transfer-result', (calls, sid, turn, body) => calls.transferred(sid, turn, body)],
  ['/voice/record-result', (calls, sid, turn, body) => calls.recorded(sid, turn, body)],
];

/**
 * A call's own webhooks: `POST /voice` (a new call), the action URLs of its
 * steps, and the status callback. Registered inside the Twilio webhook scope
 * (forms, signatures: see plugins/twilio-webhooks.ts).
 */
export const voiceRoutes: FastifyPluginAsync<VoiceRoutesOptions> = async (app, { calls, callbacks, nowSec }) => {
  const empty = renderEmpty();

  app.post<{ Body: WebhookBody }>('/voice', { schema: { body: CALL_BODY } }, async (req, reply) => {
    const sid = req.body.CallSid;
    return reply.type(TWIML_TYPE).send(await calls.serialized(sid, () => calls.incoming(req.body, sid)));
  });

  const withTurn = { schema: { body: CALL_BODY, querystring: TURN_QUERY } };
  for (const [path, handler] of TURN_ROUTES) {
    app.post<{ Body: WebhookBody; Querystring: { turn: number } }>(path, withTurn, async (req, reply) => {
      const sid = req.body.CallSid;
      const twiml = await calls.serialized(sid, () => handler(calls, sid, req.query.turn, req.body));
      return reply.type(TWIML_TYPE).send(twiml);
    });
  }

  app.post<{ Body: WebhookBody }>('/voice/status', { schema: { body: CALL_BODY } }, async (req, reply) => {
    const callSid = req.body.CallSid;
    const result = await calls.serialized(callSid, () => calls.status(callSid, req.body));
    if (result === 'unknown') {
      const ended = { nowSec: nowSec(), status: req.body.CallStatus ?? 'unknown' };
      if (!(await callbacks.placedCallEnded(callSid, ended))) {
        throw new HotlineError(
          'HOTLINE_UNKNOWN_CALL',
          `POST /voice/status: CallSid ${callSid} is neither a live call, a finished call, nor a placed callback.`,
        );
      }
    }
    return reply.type(TWIML_TYPE).send(empty);
  });
};
