import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerScript, DialWorld } from '../../../src/twilio/emulator/caller-script.js';
import { SILENT_CALLER } from '../../../src/twilio/emulator/caller-script.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { rfc2822 } from '../../../src/twilio/emulator/rfc2822.js';
import { TwilioEmulator, type EmulatorOptions } from '../../../src/twilio/emulator/twilio-emulator.js';
import { silentWav, TwimlApp, twiml } from '../../helpers/twiml-app.js';

// Each test here cites the rule of Twilio's documentation it checks (TwiML <Enqueue>, <Pause>, <Dial>; see
// ../shared/reference/twilio-voice.md for the sources).

const TOKEN = 'emulator-rules-token';
const START = Date.UTC(2026, 10, 25, 3, 0, 0);
const CITIZEN = '+8613800138000';
const HOTLINE = '+8653112345';

const app = new TwimlApp(TOKEN);
let seed = 0;

function emulator(options: Partial<EmulatorOptions> = {}): TwilioEmulator {
  seed += 1;
  return new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START), seed: `rules-${seed}`, ...options });
}

function call(emu: TwilioEmulator, path: string, script: CallerScript) {
  return emu.placeCall({
    url: `${app.base}${path}`,
    from: CITIZEN,
    to: HOTLINE,
    script,
    statusCallback: `${app.base}/status`,
    statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
  });
}

/** Requests of one call to a path. */
const of = (callSid: string, path: string) => app.ofCall(callSid, path);

const wav = silentWav;

beforeAll(async () => {
  app.route('/status', '');
  app.route('/after', twiml('<Say>never reached</Say>'));
  app.route(
    '/hangup-queue',
    twiml('<Enqueue action="/after" waitUrl="/wait-hangup">rules-hangup</Enqueue><Say>after the queue</Say>'),
  );
  app.route('/wait-hangup', (p) => twiml(Number(p.QueueTime) >= 20 ? '<Hangup/>' : '<Pause length="10"/>'));
  app.route('/wav-queue', twiml('<Enqueue action="/after" waitUrl="/hold.wav">rules-wav</Enqueue>'));
  app.route('/hold.wav', { body: wav(3), type: 'audio/wav' });
  app.route('/mp3-queue', twiml('<Enqueue action="/after" waitUrl="/hold.mp3">rules-mp3</Enqueue>'));
  app.route('/hold.mp3', { body: Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0xff, 0xfb, 0x90]), type: 'audio/mpeg' });
  app.route('/avg-queue', twiml('<Enqueue action="/after" waitUrl="/wait-avg">rules-avg</Enqueue>'));
  app.route('/wait-avg', twiml('<Pause length="10"/>'));
  app.route('/pause-first', twiml('<Pause length="5"/><Say>hello</Say><Pause length="10"/><Hangup/>'));
  app.route('/pause-reject', twiml('<Pause length="3"/><Reject reason="busy"/>'));
  app.route('/pauses-first', twiml('<Pause length="2"/><Pause length="5"/><Say>hello</Say>'));
  app.route(
    '/transfer',
    twiml('<Dial action="/dialled" timeout="20"><Number>+86531110</Number></Dial><Say>never reached</Say>'),
  );
  app.route('/dialled', twiml('<Say>never reached</Say>'));
  await app.start();
});
afterAll(async () => {
  await app.close();
});

describe('<Enqueue> waitUrl', () => {
  // "<Hangup>: Hangs up the call and thereby leaving the queue and ending the call."
  it('ends the call on <Hangup> in the wait URL', async () => {
    const emu = emulator();
    const result = await call(emu, '/hangup-queue', SILENT_CALLER);
    expect(result.endedBy).toBe('hangup-verb');
    expect(result.status).toBe('completed');
    expect(result.timeline.some((t) => t.what.includes('after the queue'))).toBe(false);
    expect(emu.queues.sizes()['rules-hangup']).toBe(0);
    // The action is requested when the call leaves the queue; QueueResult "hangup" (the caller's call hung up).
    const [after] = of(result.callSid, '/after');
    expect(after!.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '20', CallStatus: 'completed' });
    expect(result.timeline.some((t) => t.what.includes('never reached'))).toBe(false);
    expect(of(result.callSid, '/status').at(-1)!.params).toMatchObject({ CallStatus: 'completed', CallDuration: '20' });
  });

  // Twilio's Enqueue doc: "The URL may return an MP3 file, a WAV file, or a TwiML document", and the waitUrl is
  // re-requested when it runs out, which "loops the hold music indefinitely".
  it('plays a WAV the wait URL answers for its length, then requests the wait URL again', async () => {
    const patient: CallerScript = { ...SILENT_CALLER, queuePatienceSec: () => 10 };
    const result = await call(emulator(), '/wav-queue', patient);
    expect(of(result.callSid, '/hold.wav').map((r) => r.params.QueueTime)).toEqual(['0', '3', '6', '9']);
    expect(result.errors).toEqual([]);
    expect(of(result.callSid, '/after')[0]!.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '10' });
  });

  it('plays an MP3 the wait URL answers for the assumed length of audio it cannot measure, and loops it', async () => {
    const patient: CallerScript = { ...SILENT_CALLER, queuePatienceSec: () => 10 };
    const result = await call(emulator({ unknownAudioSec: 4 }), '/mp3-queue', patient);
    expect(of(result.callSid, '/hold.mp3').map((r) => r.params.QueueTime)).toEqual(['0', '4', '8']);
    expect(result.errors).toEqual([]);
  });

  // "AvgQueueTime: An average of how long the current enqueued callers have been in the queue in seconds."
  it('sends AvgQueueTime as the average wait of the callers now in the queue', async () => {
    const clock = new VirtualClock(START);
    const emu = emulator({ clock });
    const first = call(emu, '/avg-queue', { ...SILENT_CALLER, queuePatienceSec: () => 25 });
    await clock.sleep(10);
    const second = await call(emu, '/avg-queue', { ...SILENT_CALLER, queuePatienceSec: () => 25 });
    await first;
    // At 10 s: the first caller 10 s, the second 0 s; at 20 s: 20 and 10; at 30 s the first has hung up (at 25 s):
    // only the second caller's 20 s counts, not the 25 s the first one waited.
    const rounds = of(second.callSid, '/wait-avg').map((r) => [r.params.QueueTime, r.params.AvgQueueTime]);
    expect(rounds).toEqual([
      ['0', '5'],
      ['10', '15'],
      ['20', '20'],
    ]);
  });
});

// Twilio's <Pause> doc: as the first verb, a <Pause> "delays answering the call".
describe('a leading <Pause>', () => {
  it('keeps the call ringing, unanswered and unbilled, until it ends', async () => {
    const result = await call(emulator(), '/pause-first', SILENT_CALLER);
    const callbacks = of(result.callSid, '/status');
    expect(callbacks.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(callbacks[2]!.params.Timestamp).toBe(rfc2822(START + 5000));
    expect(of(result.callSid, '/pause-first')[0]!.params.CallStatus).toBe('ringing');
    // Billable time starts at the answer: 'hello' (0.4 s) and the 10 s pause, not the 5 s of ringing.
    expect(callbacks[3]!.params.CallDuration).toBe('10');
    expect(result.durationSec).toBe(10);
  });

  it('does not delay an outbound-api call, which the called party answered before its first document', async () => {
    const emu = emulator();
    const result = await emu.placeCall({
      url: `${app.base}/pause-first`,
      from: HOTLINE,
      to: CITIZEN,
      direction: 'outbound-api',
      script: SILENT_CALLER,
      statusCallback: `${app.base}/status`,
      statusCallbackEvents: ['answered', 'completed'],
    });
    const callbacks = of(result.callSid, '/status');
    expect(callbacks[0]!.params.Timestamp).toBe(rfc2822(START));
    expect(result.durationSec).toBe(15);
  });

  it('still lets a <Reject> after it refuse the call unanswered (the call was never answered)', async () => {
    const result = await call(emulator(), '/pause-reject', SILENT_CALLER);
    expect(result.status).toBe('busy');
    expect(of(result.callSid, '/status').map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'busy']);
  });

  it('ends the call no-answer when the caller hangs up while it rings', async () => {
    const clock = new VirtualClock(START);
    const impatient: CallerScript = { ...SILENT_CALLER, hungUp: () => clock.now() >= START + 2000 };
    const result = await call(emulator({ clock }), '/pauses-first', impatient);
    expect(result.endedBy).toBe('caller');
    expect(result.status).toBe('no-answer');
    expect(of(result.callSid, '/status').at(-1)!.params).toMatchObject({ CallStatus: 'no-answer', CallDuration: '0' });
    expect(result.timeline.some((t) => t.what.includes('hello'))).toBe(false);
  });
});

// Twilio's <Dial> doc: "If you specify an action URL, Twilio will always pass along the status of the <Dial> attempt";
// DialCallStatus "canceled": the dialled call was canceled before it was answered. The docs are silent on the caller
// hanging up while it rings: the emulator reports canceled, with the caller's CallStatus=completed, and ignores the
// answer (README, decisions where Twilio's docs are silent).
describe('a caller hanging up while a <Dial> rings', () => {
  const ringing: DialWorld = () => ({ status: 'completed', ringSec: 15, talkSec: 60 });
  const leavesAfter = (sec: number): CallerScript => ({ ...SILENT_CALLER, dialPatienceSec: () => sec });

  it('sends DialCallStatus=canceled (not bridged, no DialCallDuration) to the action and ends the call', async () => {
    const result = await call(emulator({ world: ringing }), '/transfer', leavesAfter(6));
    const [dialled] = of(result.callSid, '/dialled');
    const expected = { DialCallStatus: 'canceled', DialBridged: 'false', CallStatus: 'completed' };
    expect(dialled!.params).toMatchObject(expected);
    expect(dialled!.params.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(dialled!.params.DialCallDuration).toBeUndefined();
    expect(result.endedBy).toBe('caller');
    expect(result.durationSec).toBe(6);
    expect(result.timeline.some((t) => t.what.includes('never reached'))).toBe(false);
  });

  it('reports canceled even when the number would have been busy, as the caller left first', async () => {
    const busyLate: DialWorld = () => ({ status: 'busy', ringSec: 10, talkSec: 0 });
    const result = await call(emulator({ world: busyLate }), '/transfer', leavesAfter(4));
    expect(of(result.callSid, '/dialled')[0]!.params.DialCallStatus).toBe('canceled');
  });
});
