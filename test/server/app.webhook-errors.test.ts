import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import twilio from 'twilio';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, sign } from '../helpers/signed-client.js';

const SID = `CA${'c'.repeat(32)}`;

describe('bad webhook requests get a clear 4xx, never a 500', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN });
  });
  afterAll(() => app.close());

  it('rejects a request without a signature with 403 and a one-line reason', async () => {
    const res = await post(app, '/voice', callParams(SID), { signature: null });
    expect(res.status).toBe(403);
    expect(res.json?.error.code).toBe('HOTLINE_SIGNATURE_MISSING');
    expect(res.json?.error.message).not.toContain('\n');
  });

  it('rejects a signature made with another token', async () => {
    const res = await post(app, '/voice', callParams(SID), {
      signature: sign('/voice', callParams(SID), 'wrong-token'),
    });
    expect(res.status).toBe(403);
    expect(res.json?.error.code).toBe('HOTLINE_SIGNATURE_INVALID');
  });

  it('rejects a signature computed over another path (replay to another route)', async () => {
    const res = await post(app, '/voice/no-input?turn=1', callParams(SID), {
      signature: sign('/voice', callParams(SID)),
    });
    expect(res.status).toBe(403);
  });

  it('accepts a signature over the URL with its default port, as validateRequest does (the exact-URL check comes first, not instead)', async () => {
    const params = callParams(`CA${'d'.repeat(32)}`);
    const withPort = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}:443/voice`, params);
    expect(withPort).not.toBe(sign('/voice', params));
    const res = await post(app, '/voice', params, { signature: withPort });
    expect(res.status).toBe(200);
  });

  it('answers a signed body without CallSid with 400 naming the field', async () => {
    const { CallSid: _drop, ...params } = callParams(SID);
    const res = await post(app, '/voice', params);
    expect(res.status).toBe(400);
    expect(res.json?.error.code).toBe('HOTLINE_BAD_WEBHOOK');
    expect(res.json?.error.message).toContain('body.CallSid');
  });

  it('answers a missing turn parameter with 400', async () => {
    const res = await post(app, '/voice/gather', callParams(SID, { Digits: '1' }));
    expect(res.status).toBe(400);
    expect(res.json?.error.message).toContain('querystring.turn');
  });

  it('answers an unknown CallSid with 404 and says where calls start', async () => {
    const res = await post(app, '/voice/gather?turn=1', callParams(`CA${'9'.repeat(32)}`, { Digits: '1' }));
    expect(res.status).toBe(404);
    expect(res.json?.error.code).toBe('HOTLINE_UNKNOWN_CALL');
    expect(res.json?.error.message).toContain('POST /voice');
  });

  it('answers a status callback for an unknown call with 404', async () => {
    const res = await post(app, '/voice/status', callParams(`CA${'8'.repeat(32)}`, { CallStatus: 'completed' }));
    expect(res.status).toBe(404);
  });

  it('answers JSON bodies with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/voice',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
      payload: '{"CallSid":"CA1"}',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('HOTLINE_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown routes with 404 JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('HOTLINE_ROUTE_NOT_FOUND');
  });

  it('answers an unknown QueueResult with 400', async () => {
    const sid = `CA${'7'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    await post(app, '/voice/no-input?turn=1', callParams(sid));
    const res = await post(app, '/voice/queue-result?turn=2', callParams(sid, { QueueResult: 'exploded' }));
    expect(res.status).toBe(400);
    expect(res.json?.error.message).toContain('exploded');
  });

  it('treats a replayed gather (stale turn) as a no-op and re-sends the current step', async () => {
    const sid = `CA${'6'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    const first = await post(app, '/voice/gather?turn=1', callParams(sid, { Digits: '9' }));
    const replay = await post(app, '/voice/gather?turn=1', callParams(sid, { Digits: '9' }));
    expect(replay.status).toBe(200);
    expect(replay.body).toBe(first.body);
  });

  it('never answers 500 to signed junk on any route', async () => {
    const routes = [
      '/voice',
      '/voice/gather?turn=1',
      '/voice/no-input?turn=x',
      '/voice/queue-result?turn=1',
      '/voice/status',
      '/queue/wait',
      '/queue/offer',
      '/agent/voice',
      '/agent/next?agent=1',
      '/agent/connect?agent=12',
      '/callback/answer?id=zz',
      '/voice/record-result?turn=1',
      '/voice/transfer-result?turn=0',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.dictionary(
          fc.constantFrom(
            'CallSid',
            'Digits',
            'SpeechResult',
            'QueueResult',
            'CallStatus',
            'QueuePosition',
            'DialCallStatus',
            'RecordingDuration',
            'From',
            'Extra',
          ),
          fc.string({ maxLength: 12 }),
        ),
        fc.boolean(),
        async (route, params, realSid) => {
          const body = realSid ? { ...params, CallSid: SID } : params;
          const res = await post(app, route, body);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 12345 },
    );
  });
});
