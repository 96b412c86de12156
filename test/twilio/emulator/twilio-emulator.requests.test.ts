import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { SILENT_CALLER } from '../../../src/twilio/emulator/caller-script.js';
import { TwilioEmulator } from '../../../src/twilio/emulator/twilio-emulator.js';
import { connectionOverrides, TWILIO_TIMEOUT_MS, WebhookClient } from '../../../src/twilio/emulator/webhook-client.js';
import { TwimlApp, twiml } from '../../helpers/twiml-app.js';

const TOKEN = 'emulator-test-token';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);

describe('the emulator signs and sends requests like Twilio', () => {
  const app = new TwimlApp(TOKEN);
  const vectors = new TwimlApp('12345');

  beforeAll(async () => {
    app.route('/voice', twiml('<Say language="cmn-CN">您好</Say><Hangup/>'));
    app.route('/status', '');
    app.route('/cookie', {
      body: twiml('<Redirect>/cookie2</Redirect>'),
      headers: { 'set-cookie': 'session=abc123; Path=/' },
    });
    app.route('/cookie2', twiml('<Hangup/>'));
    app.route('/hop', (_p, r) => ({
      body: '',
      status: 302,
      headers: { location: `/hop?n=${Number(new URL(r.path, 'http://x').searchParams.get('n') ?? 0) + 1}` },
    }));
    app.route('/once', { body: '', status: 302, headers: { location: '/landed' } });
    app.route('/landed', twiml('<Hangup/>'));
    vectors.route('/myapp.php', '');
    await app.start();
    await vectors.start();
  });
  afterAll(async () => {
    await app.close();
    await vectors.close();
  });

  it('sends every standard parameter, Caller/Called as From/To (not swapped), and Twilio headers, signed', async () => {
    const emu = new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START) });
    const result = await emu.placeCall({
      url: `${app.base}/voice`,
      from: '+8613800138000',
      to: '+8653112345',
      script: SILENT_CALLER,
      statusCallback: `${app.base}/status`,
    });
    const [first] = app.to('/voice');
    expect(first!.signatureValid).toBe(true);
    expect(first!.params).toMatchObject({
      AccountSid: emu.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: result.callSid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+8613800138000',
      Caller: '+8613800138000',
      To: '+8653112345',
      Called: '+8653112345',
      FromCountry: 'CN',
      CalledCountry: 'CN',
    });
    expect(first!.params.AccountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(result.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(first!.headers['user-agent']).toBe('TwilioProxy/1.1');
    expect(first!.headers['i-twilio-idempotency-token']).toMatch(/^[0-9a-f]{40}$/);
    expect(first!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('reports the end with a signed status callback: completed, duration, sequence number, timestamp', async () => {
    const emu = new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START), seed: 'status-callbacks' });
    const result = await emu.placeCall({
      url: `${app.base}/voice`,
      from: '+8613800138000',
      to: '+8653112345',
      script: SILENT_CALLER,
      statusCallback: `${app.base}/status`,
      statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
    });
    const callbacks = app.to('/status').filter((r) => r.params.CallSid === result.callSid);
    expect(callbacks.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(callbacks.map((c) => c.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(callbacks.every((c) => c.signatureValid && c.params.CallbackSource === 'call-progress-events')).toBe(true);
    expect(callbacks[3]!.params.Timestamp).toBe('Wed, 25 Nov 2026 02:00:00 +0000');
    // 您好 is two characters at 4.5 a second: under a second, rounded to 0.
    expect(callbacks[3]!.params.CallDuration).toBe('0');
    expect(result.status).toBe('completed');
    expect(result.endedBy).toBe('hangup-verb');
  });

  it('signs like the reference vectors (Auth Token 12345, https://mycompany.com/myapp.php?foo=1&bar=2)', async () => {
    const clock = new VirtualClock(START);
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    const client = new WebhookClient({
      authToken: '12345',
      clock,
      rewrite: { actual: vectors.base, public: 'https://mycompany.com' },
    });
    await client.send('callback', 'POST', `${vectors.base}/myapp.php?foo=1&bar=2`, params);
    expect(vectors.requests.at(-1)!.headers['x-twilio-signature']).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    const node = { ...params, Caller: '+14158675309', From: '+14158675309', To: '+18005551212' };
    await client.send('callback', 'POST', `${vectors.base}/myapp.php?foo=1&bar=2`, node);
    expect(vectors.requests.at(-1)!.headers['x-twilio-signature']).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    for (const [publicBase, signature] of [
      ['https://mycompany.com:443', 'kvajT1Ptam85bY51eRf/AJRuM3w='],
      ['http://mycompany.com:80', '0ZXoZLH/DfblKGATFgpif+LLRf4='],
      ['http://mycompany.com:1234', 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='],
    ] as const) {
      const c = new WebhookClient({ authToken: '12345', clock, rewrite: { actual: vectors.base, public: publicBase } });
      await c.send('callback', 'POST', `${vectors.base}/myapp.php?foo=1&bar=2`, node);
      expect(vectors.requests.at(-1)!.headers['x-twilio-signature'], publicBase).toBe(signature);
    }
  });

  it('keeps cookies the server sets and sends them back for the rest of the call', async () => {
    const emu = new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START) });
    await emu.placeCall({
      url: `${app.base}/cookie`,
      from: '+8613800138000',
      to: '+8653112345',
      script: SILENT_CALLER,
    });
    expect(app.to('/cookie2').at(-1)!.headers.cookie).toBe('session=abc123');
  });

  it('follows an HTTP redirect, dropping the verb results but keeping the call parameters', async () => {
    const clock = new VirtualClock(START);
    const client = new WebhookClient({ authToken: TOKEN, clock });
    const exchange = await client.send('document', 'POST', `${app.base}/once`, {
      CallSid: 'CA1',
      From: '+8613800138000',
      Digits: '5',
    });
    expect(exchange.url).toBe(`${app.base}/landed`);
    const landed = app.to('/landed').at(-1)!;
    expect(landed.params).toEqual({ CallSid: 'CA1', From: '+8613800138000' });
    expect(landed.signatureValid).toBe(true);
  });

  it('fails with 11215 after 10 HTTP redirects', async () => {
    const client = new WebhookClient({ authToken: TOKEN, clock: new VirtualClock(START) });
    const exchange = await client.send('document', 'POST', `${app.base}/hop`, { CallSid: 'CA2' });
    expect(exchange.error?.code).toBe(11215);
    expect(app.to('/hop').filter((r) => r.params.CallSid === 'CA2')).toHaveLength(11);
  });

  it('waits 15 s for an answer by default, and reads #tt/#rt/#rc connection overrides', () => {
    expect(TWILIO_TIMEOUT_MS).toBe(15000);
    expect(connectionOverrides('https://h/voice#tt=2000&rc=2')).toEqual({
      url: 'https://h/voice',
      timeoutMs: 2000,
      retries: 2,
    });
    expect(connectionOverrides('https://h/voice#rt=20000')).toEqual({
      url: 'https://h/voice',
      timeoutMs: 15000,
      retries: 0,
    });
    expect(connectionOverrides('https://h/voice')).toEqual({ url: 'https://h/voice', retries: 0 });
  });

  it('sends the emulated time in a header only in virtual time', async () => {
    const emu = new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START) });
    await emu.placeCall({ url: `${app.base}/voice`, from: '+8613800138000', to: '+8653112345', script: SILENT_CALLER });
    expect(app.to('/voice').at(-1)!.headers['x-hotline-emulator-time']).toBe(String(START));
    // Real time at speed 1: the server's own clock is right, so no header.
    const live = new TwilioEmulator({
      authToken: TOKEN,
      clock: new RealClock(START, 1, () => performance.now()),
      seed: 'real-time',
    });
    await live.placeCall({
      url: `${app.base}/voice`,
      from: '+8613800138000',
      to: '+8653112345',
      script: SILENT_CALLER,
    });
    expect(app.to('/voice').at(-1)!.headers['x-hotline-emulator-time']).toBeUndefined();
  });
});
