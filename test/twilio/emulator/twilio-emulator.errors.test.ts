import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_CALLER } from '../../../src/twilio/emulator/caller-script.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { TwilioEmulator } from '../../../src/twilio/emulator/twilio-emulator.js';
import { TwimlApp, twiml } from '../../helpers/twiml-app.js';

const TOKEN = 'emulator-errors-token';
const app = new TwimlApp(TOKEN);
let seed = 0;

function place(path: string, options: { fallback?: boolean; timeoutMs?: number } = {}) {
  seed += 1;
  const emu = new TwilioEmulator({
    authToken: TOKEN,
    clock: new VirtualClock(Date.UTC(2026, 10, 25)),
    seed: `errors-${seed}`,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return emu.placeCall({
    url: `${app.base}${path}`,
    from: '+8613800138000',
    to: '+8653112345',
    script: SILENT_CALLER,
    ...(options.fallback === false ? {} : { fallbackUrl: `${app.base}/fallback` }),
  });
}

function fallbacks(callSid: string) {
  return app.to('/fallback').filter((r) => r.params.CallSid === callSid);
}

beforeAll(async () => {
  app.route('/fallback', twiml('<Say>Sorry, please call again later.</Say><Hangup/>'));
  app.route('/broken', { body: 'boom', status: 500, type: 'text/plain' });
  app.route('/slow', { body: twiml('<Hangup/>'), delayMs: 600 });
  app.route('/not-xml', '<Response><Say>unclosed</Response>');
  app.route('/json', { body: '{"say":"hello"}', type: 'application/json' });
  app.route('/unknown-verb', twiml('<Speak>hello</Speak>'));
  app.route('/bad-nesting', twiml('<Gather><Dial>+86531110</Dial></Gather>'));
  app.route('/plain', { body: 'The office is closed today.', type: 'text/plain' });
  app.route('/plain-twiml', { body: twiml('<Say>plain but TwiML</Say><Hangup/>'), type: 'text/plain' });
  await app.start();
});
afterAll(async () => {
  await app.close();
});

describe('fatal fetch errors and the fallback URL', () => {
  it('posts ErrorCode 11200 and ErrorUrl to the fallback URL after an HTTP error, and runs its TwiML', async () => {
    const result = await place('/broken');
    const [fallback] = fallbacks(result.callSid);
    expect(fallback!.params).toMatchObject({
      ErrorCode: '11200',
      ErrorUrl: `${app.base}/broken`,
      CallSid: result.callSid,
    });
    expect(fallback!.signatureValid).toBe(true);
    expect(result.endedBy).toBe('hangup-verb');
    expect(result.errors.map((e) => e.code)).toEqual([11200]);
  });

  it('gives up on an answer slower than the limit with 11205', async () => {
    const result = await place('/slow', { timeoutMs: 200 });
    expect(fallbacks(result.callSid)[0]!.params.ErrorCode).toBe('11205');
    expect(result.errors[0]!.message).toContain('no answer within 0.2 s');
  });

  it('honours a #tt connection override on the URL', async () => {
    const result = await place('/slow#tt=200');
    expect(fallbacks(result.callSid)[0]!.params).toMatchObject({
      ErrorCode: '11205',
      ErrorUrl: `${app.base}/slow#tt=200`,
    });
  });

  it('fails documents that are not XML (12100), not TwiML content (12300), or use unknown or misplaced verbs (12200)', async () => {
    for (const [path, code] of [
      ['/not-xml', 12100],
      ['/json', 12300],
      ['/unknown-verb', 12200],
      ['/bad-nesting', 12200],
    ] as const) {
      const result = await place(path);
      expect(fallbacks(result.callSid)[0]!.params.ErrorCode, path).toBe(String(code));
    }
  });

  it("ends the call after Twilio's application-error message when there is no fallback", async () => {
    const result = await place('/broken', { fallback: false });
    expect(result.endedBy).toBe('error');
    expect(result.status).toBe('completed');
    expect(result.timeline.at(-1)!.atSec).toBe(4);
  });

  it('runs text/plain that is TwiML, and reads other plain text aloud before hanging up', async () => {
    const twimlResult = await place('/plain-twiml');
    expect(twimlResult.timeline.some((t) => t.what === 'Say [en-US] plain but TwiML')).toBe(true);
    const plain = await place('/plain');
    expect(plain.errors).toEqual([]);
    expect(plain.timeline.some((t) => t.what.includes('read aloud'))).toBe(true);
    expect(plain.durationSec).toBe(2);
  });
});
