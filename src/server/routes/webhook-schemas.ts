import type { TwilioParams } from '../services/webhook-events.js';

/** The content type of every TwiML answer. */
export const TWIML_TYPE = 'text/xml; charset=utf-8';

/**
 * Every webhook body: a CallSid, and every other parameter one string. A form
 * may repeat a name (From=a&From=b), which the form parser turns into an
 * array; Twilio never sends one, and the handlers (hashing, SQL binds) take
 * strings only, so a repeated parameter is a 400 here, not a 500 further on.
 */
export const CALL_BODY = {
  type: 'object',
  required: ['CallSid'],
  properties: { CallSid: { type: 'string', pattern: '^CA[0-9A-Za-z]{1,64}$' } },
  additionalProperties: { type: 'string' },
} as const;

/** `?turn=<n>`: the turn an action URL was rendered at (stale and replayed webhooks are recognised by it). */
export const TURN_QUERY = {
  type: 'object',
  required: ['turn'],
  properties: { turn: { type: 'integer', minimum: 0 } },
} as const;

/** `?agent=<digits>`: the agent number of the agent line's URLs. */
export const AGENT_QUERY = {
  type: 'object',
  required: ['agent'],
  properties: { agent: { type: 'string', pattern: '^[0-9]{1,12}$' } },
} as const;

/** A webhook body once CALL_BODY has checked it. */
export type WebhookBody = TwilioParams & { CallSid: string };
