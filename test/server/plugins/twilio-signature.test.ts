import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';

// Published vectors from twilio-voice.md §2.9 (Twilio docs and twilio-node's spec/validation.spec.js).
const TOKEN = '12345';
const URL_BASE = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const SPEC_PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};

describe('X-Twilio-Signature published vectors', () => {
  it.each([
    [
      'Twilio docs example',
      URL_BASE,
      {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+12349013030',
        Digits: '1234',
        From: '+12349013030',
        To: '+18005551212',
      },
      '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
    ],
    ['twilio-node default', URL_BASE, SPEC_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['https with :443', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', SPEC_PARAMS, 'kvajT1Ptam85bY51eRf/AJRuM3w='],
    ['http with :80', 'http://mycompany.com:80/myapp.php?foo=1&bar=2', SPEC_PARAMS, '0ZXoZLH/DfblKGATFgpif+LLRf4='],
    ['http with :1234', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', SPEC_PARAMS, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='],
  ])('%s', (_name, url, params, signature) => {
    expect(twilio.getExpectedTwilioSignature(TOKEN, url, params)).toBe(signature);
    expect(twilio.validateRequest(TOKEN, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(TOKEN, signature, url, { ...params, Digits: '9999' })).toBe(false);
  });

  it('array parameters', () => {
    const params = { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] };
    expect(twilio.validateRequest(TOKEN, 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', URL_BASE, params as never)).toBe(true);
  });

  it('JSON body signed through bodySHA256', () => {
    const body = '{"property": "value", "boolean": true}';
    const hash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    expect(
      twilio.validateRequestWithBody(TOKEN, 'a9nBmqA0ju/hNViExpshrM61xv4=', `${URL_BASE}&bodySHA256=${hash}`, body),
    ).toBe(true);
    expect(
      twilio.validateRequestWithBody(
        TOKEN,
        'Ldidvp12m26NI7eqEvxnEpkd9Hc=',
        `${URL_BASE}&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a`,
        '{}',
      ),
    ).toBe(true);
  });

  it('the server accepts the docs vector on a route at the vector URL, and rejects it with one field changed', async () => {
    // PUBLIC_URL + path = https://mycompany.com/myapp.php?foo=1&bar=2 is not a route of ours, so sign /voice the same way.
    const app = await buildApp({
      flow: direct,
      store: new MemoryCallStore(),
      publicUrl: 'https://mycompany.com',
      authToken: TOKEN,
    });
    const params = { ...SPEC_PARAMS, CallSid: `CA${'1'.repeat(32)}` };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, 'https://mycompany.com/voice', params);
    const send = (p: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/voice',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams(p).toString(),
      });
    expect((await send(params)).statusCode).toBe(200);
    const tampered = await send({ ...params, From: '+14158675300' });
    expect(tampered.statusCode).toBe(403);
    expect(tampered.json().error.code).toBe('HOTLINE_SIGNATURE_INVALID');
    await app.close();
  });
});
