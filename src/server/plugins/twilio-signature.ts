import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { HotlineError } from '../../errors.js';

/** Most form fields a webhook may have (Twilio's carry about 30). */
export const MAX_FORM_FIELDS = 200;

/** How webhook signatures are checked. */
export interface SignatureOptions {
  /**
   * The base URL Twilio is configured with, e.g. 'https://hotline.example.cn'.
   * Null in local mode: the request's own scheme and Host header are the base.
   */
  readonly publicUrl: string | null;
  /** The Twilio Auth Token that signs webhooks. */
  readonly authToken: string;
  /** Development switch: accept unsigned requests. Off unless HOTLINE_INSECURE_SKIP_SIGNATURE=1 or --insecure-skip-signature. */
  readonly skip: boolean;
}

/**
 * A preValidation hook that checks `X-Twilio-Signature` with twilio's own
 * `validateRequest` over PUBLIC_URL + the request path and query, and the form
 * parameters. Runs before schema validation, so unsigned requests learn nothing
 * about what a valid body looks like.
 */
export function twilioSignatureHook(options: SignatureOptions) {
  const fixedBase = options.publicUrl?.replace(/\/+$/, '') ?? null;
  return async function checkTwilioSignature(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (options.skip) return;
    const header = request.headers['x-twilio-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!signature) {
      throw new HotlineError(
        'HOTLINE_SIGNATURE_MISSING',
        `${request.method} ${request.url}: no X-Twilio-Signature header; only Twilio may call this webhook (for local tries use \`hotline call\`, which signs its requests).`,
      );
    }
    const url = (fixedBase ?? `${request.protocol}://${request.headers.host ?? ''}`) + request.url;
    const params = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string>;
    // Checking sorts and hashes every field, several times over (validateRequest's URL variants): a form of thousands
    // of fields would cost anyone tens of milliseconds of event loop per request. Twilio sends a few dozen.
    const fields = Object.keys(params).length;
    if (fields > MAX_FORM_FIELDS) {
      throw new HotlineError(
        'HOTLINE_BAD_WEBHOOK',
        `${request.method} ${request.url}: the form has ${fields} fields; Twilio's webhooks have at most a few dozen (limit ${MAX_FORM_FIELDS}).`,
      );
    }
    if (
      !signedExactly(options.authToken, signature, url, params) &&
      !twilio.validateRequest(options.authToken, signature, url, params)
    ) {
      throw new HotlineError(
        'HOTLINE_SIGNATURE_INVALID',
        `${request.method} ${request.url}: X-Twilio-Signature does not match ${url}; check PUBLIC_URL is the exact URL configured in Twilio and TWILIO_AUTH_TOKEN is this account's token.`,
      );
    }
  };
}

/**
 * Twilio signs the exact URL it calls, so that is checked first, with one
 * HMAC. `validateRequest` accepts the same URL among its candidates but tries
 * the URL without its port first: a server on a port (local mode) would pay
 * two HMACs on every webhook. It still decides every request this one does not
 * accept (the port, escaping and legacy query-string variants).
 */
function signedExactly(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
  const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
