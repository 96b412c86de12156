import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { twilioSignatureHook, type SignatureOptions } from './twilio-signature.js';

/**
 * Makes `scope` a home for Twilio's webhooks: form bodies only (no JSON
 * parser), and every request's X-Twilio-Signature checked before its schema
 * (see twilio-signature.ts). Applied to the scope itself, not registered as a
 * child, so that the routes registered in `scope` afterwards inherit both.
 */
export async function twilioWebhooks(scope: FastifyInstance, signature: SignatureOptions): Promise<void> {
  scope.removeContentTypeParser('application/json');
  await scope.register(formbody);
  scope.addHook('preValidation', twilioSignatureHook(signature));
}
