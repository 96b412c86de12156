import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { parseTwiml, type TwimlNode } from '../../src/twilio/twiml-parser.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://hotline.test';
export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

export interface WebhookResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  /** Parsed verbs when the answer is TwiML. */
  readonly verbs: TwimlNode[];
  readonly json: { error: { code: string; message: string } } | undefined;
}

/** Signs form params the way Twilio does, over PUBLIC_URL + path. */
export function sign(path: string, params: Record<string, string>, token = AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(token, PUBLIC_URL + path, params);
}

/** POSTs a Twilio-style signed form to the app, through fastify's inject (no socket). */
export async function post(
  app: FastifyInstance,
  path: string,
  params: Record<string, string>,
  opts: { signature?: string | null } = {},
): Promise<WebhookResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signature = opts.signature === undefined ? sign(path, params) : opts.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
  const contentType = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    body: res.body,
    contentType,
    verbs: contentType.includes('xml') ? parseTwiml(res.body) : [],
    json: contentType.includes('json') ? (JSON.parse(res.body) as WebhookResponse['json']) : undefined,
  };
}

/** The standard parameters Twilio sends with every voice webhook. */
export function callParams(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'in-progress',
    Called: '+8653112345',
    Caller: '+8613800138000',
    Direction: 'inbound',
    From: '+8613800138000',
    To: '+8653112345',
    ...extra,
  };
}

/** Text of all `<Say>` verbs in document order, nested ones included. */
export function spoken(verbs: readonly TwimlNode[]): string[] {
  return verbs.flatMap((v) => (v.name === 'Say' ? [v.text] : spoken(v.children)));
}
