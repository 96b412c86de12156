import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerScript, CallerTurn, DialWorld } from '../../../src/twilio/emulator/caller-script.js';
import { keysCaller, SILENT_CALLER } from '../../../src/twilio/emulator/caller-script.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { TwilioEmulator, type EmulatorOptions } from '../../../src/twilio/emulator/twilio-emulator.js';
import { silentWav, TwimlApp, twiml } from '../../helpers/twiml-app.js';

const TOKEN = 'emulator-verbs-token';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);
const CITIZEN = '+8613800138000';
const HOTLINE = '+8653112345';

const app = new TwimlApp(TOKEN);
let seed = 0;

function emulator(options: Partial<EmulatorOptions> = {}): TwilioEmulator {
  seed += 1;
  return new TwilioEmulator({ authToken: TOKEN, clock: new VirtualClock(START), seed: `verbs-${seed}`, ...options });
}

function call(
  emu: TwilioEmulator,
  path: string,
  script: CallerScript,
  extra: Partial<Parameters<TwilioEmulator['placeCall']>[0]> = {},
) {
  return emu.placeCall({
    url: `${app.base}${path}`,
    from: CITIZEN,
    to: HOTLINE,
    script,
    statusCallback: `${app.base}/status`,
    ...extra,
  });
}

/** Requests of one call to a path. */
const of = (callSid: string, path: string) => app.ofCall(callSid, path);

function turn(actions: CallerTurn['actions'], hangupAfterSec?: number): CallerScript {
  return { gather: () => (hangupAfterSec === undefined ? { actions } : { actions, hangupAfterSec }) };
}

const wav = silentWav;

beforeAll(async () => {
  app.route('/status', '');
  app.route(
    '/menu',
    twiml(
      '<Gather numDigits="1" timeout="5" action="/chosen"><Say language="cmn-CN">请按一</Say></Gather><Say>no input</Say><Redirect>/menu-again</Redirect>',
    ),
  );
  app.route('/menu-again', twiml('<Hangup/>'));
  app.route('/chosen', twiml('<Hangup/>'));
  app.route(
    '/case',
    twiml(
      '<Gather timeout="3" finishOnKey="#" action="case-entered"><Say>Enter your case number then hash</Say></Gather><Hangup/>',
    ),
  );
  app.route('/case-entered', twiml('<Hangup/>'));
  app.route('/self', twiml('<Gather numDigits="1"><Say>Press any key</Say></Gather><Hangup/>'));
  app.route(
    '/empty',
    twiml('<Gather actionOnEmptyResult="true" timeout="2" action="/chosen"/><Say>never reached</Say>'),
  );
  app.route(
    '/speech',
    twiml(
      '<Gather input="dtmf speech" action="/chosen" language="cmn-Hans-CN"><Say language="cmn-CN">请说出您的问题</Say></Gather><Hangup/>',
    ),
  );
  app.route('/loop', twiml('<Redirect>/loop</Redirect>'));
  app.route(
    '/queue',
    twiml('<Enqueue action="/queue-result" waitUrl="/wait">general</Enqueue><Say>after the queue</Say>'),
  );
  app.route('/wait', (p) =>
    twiml(Number(p.QueueTime) >= 30 ? '<Leave/>' : '<Say language="cmn-CN">请稍候</Say><Pause length="10"/>'),
  );
  app.route('/queue-result', twiml('<Say>thanks</Say><Hangup/>'));
  app.route('/queue-stay', twiml('<Enqueue action="/queue-result" waitUrl="/hold">stay</Enqueue>'));
  app.route('/hold', twiml('<Play>/music.wav</Play>'));
  app.route('/music.wav', { body: '', type: 'audio/wav' });
  app.route('/queue-full', twiml('<Enqueue action="/queue-result" maxQueueSize="1" waitUrl="/hold">tiny</Enqueue>'));
  app.route('/agent', twiml('<Dial action="/agent-after"><Queue url="/whisper">stay</Queue></Dial>'));
  app.route('/whisper', twiml('<Say language="cmn-CN">工号8013为您服务</Say>'));
  app.route('/agent-after', twiml('<Hangup/>'));
  app.route(
    '/transfer',
    twiml('<Say>transferring</Say><Dial action="/dialled" timeout="20"><Number>+86531110</Number></Dial>'),
  );
  app.route('/transfer-plain', twiml('<Dial>+86531110</Dial><Say>after the dial</Say><Hangup/>'));
  app.route('/dialled', twiml('<Hangup/>'));
  app.route(
    '/message',
    twiml(
      '<Say>leave a message</Say><Record maxLength="60" timeout="5" action="/recorded" recordingStatusCallback="/recording-status"/><Say>no message</Say><Hangup/>',
    ),
  );
  app.route('/recorded', twiml('<Hangup/>'));
  app.route('/recording-status', '');
  app.route('/reject', twiml('<Reject reason="busy"/>'));
  app.route('/reject-late', twiml('<Say>hello</Say><Reject/>'));
  app.route('/play', twiml('<Play loop="2">/tone.wav</Play><Play digits="12w3"/><Hangup/>'));
  app.route('/tone.wav', { body: wav(3), type: 'audio/wav' });
  await app.start();
});
afterAll(async () => {
  await app.close();
});

describe('<Gather>', () => {
  it('submits as soon as numDigits keys are in, to its action, with FinishedOnKey empty', async () => {
    const result = await call(emulator(), '/menu', keysCaller(['1']));
    const [chosen] = of(result.callSid, '/chosen');
    expect(chosen!.params).toMatchObject({ Digits: '1', FinishedOnKey: '', CallStatus: 'in-progress' });
    expect(chosen!.signatureValid).toBe(true);
    expect(of(result.callSid, '/menu-again')).toHaveLength(0);
  });

  it('falls through to the next verb when the timeout passes with no key', async () => {
    const result = await call(emulator(), '/menu', SILENT_CALLER);
    expect(of(result.callSid, '/chosen')).toHaveLength(0);
    expect(of(result.callSid, '/menu-again')).toHaveLength(1);
    // 请按一: 3 characters at 4.5/s, then the 5 s timeout, then "no input".
    const fellThrough = result.timeline.find((t) => t.what.startsWith('no input'))!;
    expect(fellThrough.atSec).toBeCloseTo(3 / 4.5 + 5, 3);
  });

  it('ends on the finish key, excluding it from Digits and naming it in FinishedOnKey; the action resolves against the document URL', async () => {
    const result = await call(emulator(), '/case', keysCaller(['202611240001#']));
    const [entered] = of(result.callSid, '/case-entered');
    expect(entered!.params).toMatchObject({ Digits: '202611240001', FinishedOnKey: '#' });
  });

  it('treats the finish key alone as no input and falls through', async () => {
    const result = await call(emulator(), '/case', keysCaller(['#']));
    expect(of(result.callSid, '/case-entered')).toHaveLength(0);
    expect(result.endedBy).toBe('hangup-verb');
  });

  it('submits the keys so far when the next key does not come within the timeout', async () => {
    const script = turn([
      { kind: 'key', digit: '4', atSec: 3 },
      { kind: 'key', digit: '2', atSec: 4 },
      { kind: 'key', digit: '9', atSec: 9 },
    ]);
    const result = await call(emulator(), '/case', script);
    expect(of(result.callSid, '/case-entered')[0]!.params.Digits).toBe('42');
  });

  it('requests the current document again when it has no action', async () => {
    const result = await call(emulator(), '/self', keysCaller(['5', '']));
    const selves = of(result.callSid, '/self');
    expect(selves).toHaveLength(2);
    expect(selves[1]!.params.Digits).toBe('5');
  });

  it('sends the action with empty Digits when actionOnEmptyResult is true', async () => {
    const result = await call(emulator(), '/empty', SILENT_CALLER);
    const [chosen] = of(result.callSid, '/chosen');
    expect(chosen!.params.Digits).toBe('');
    expect(result.timeline.some((t) => t.what.includes('never reached'))).toBe(false);
  });

  it('sends SpeechResult and Confidence for speech', async () => {
    const script = turn([{ kind: 'speech', startSec: 2, endSec: 4, text: '我要投诉噪音', confidence: 0.87 }]);
    const result = await call(emulator(), '/speech', script);
    expect(of(result.callSid, '/chosen')[0]!.params).toMatchObject({
      SpeechResult: '我要投诉噪音',
      Confidence: '0.87',
    });
  });

  it('lets a key interrupt the prompt (barge-in)', async () => {
    const result = await call(emulator(), '/menu', turn([{ kind: 'key', digit: '1', atSec: 0.2 }]));
    const keyed = result.timeline.find((t) => t.what.startsWith('caller keyed'))!;
    expect(keyed.atSec).toBeCloseTo(0.2, 3);
  });

  it('ends the call when the caller hangs up at the gather', async () => {
    const result = await call(emulator(), '/menu', turn([], 1));
    expect(result.endedBy).toBe('caller');
    expect(of(result.callSid, '/status').at(-1)!.params).toMatchObject({ CallStatus: 'completed', CallDuration: '1' });
  });
});

describe('<Redirect>, <Hangup>, <Reject>, <Play>', () => {
  it('stops a chain of more than 10 redirects that play nothing', async () => {
    const result = await call(emulator(), '/loop', SILENT_CALLER);
    expect(of(result.callSid, '/loop')).toHaveLength(11);
    expect(result.errors[0]!.code).toBe(11215);
  });

  it('rejects without answering as busy when <Reject reason="busy"> comes first', async () => {
    const result = await call(emulator(), '/reject', SILENT_CALLER);
    expect(result.status).toBe('busy');
    expect(of(result.callSid, '/status').at(-1)!.params).toMatchObject({ CallStatus: 'busy', CallDuration: '0' });
  });

  it('treats a <Reject> after other verbs as a hang-up of an answered call', async () => {
    const result = await call(emulator(), '/reject-late', SILENT_CALLER);
    expect(result.status).toBe('completed');
    expect(result.endedBy).toBe('hangup-verb');
  });

  it('times <Play> by the WAV file it fetches (without call parameters) and tones by their count', async () => {
    const result = await call(emulator(), '/play', SILENT_CALLER);
    const fetched = app.to('/tone.wav');
    expect(fetched.at(-1)!.method).toBe('GET');
    expect(fetched.at(-1)!.params).toEqual({});
    // Two loops of 3 s, then tones 1, 2 (0.2 s each), w (0.5 s), 3 (0.2 s).
    expect(result.timeline.find((t) => t.what === '<Hangup>')!.atSec).toBeCloseTo(6 + 1.1, 3);
  });
});

describe('<Enqueue> and <Dial><Queue>', () => {
  it('loops the wait URL with queue parameters and sends QueueResult=leave to the action after <Leave>', async () => {
    const result = await call(emulator(), '/queue', SILENT_CALLER);
    const waits = of(result.callSid, '/wait');
    expect(waits[0]!.params).toMatchObject({
      QueuePosition: '1',
      QueueTime: '0',
      CurrentQueueSize: '1',
      MaxQueueSize: '1000',
    });
    expect(waits[0]!.params.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    expect(waits.map((w) => w.params.QueueTime)).toEqual(['0', '11', '21', '32']);
    expect(of(result.callSid, '/queue-result')[0]!.params).toMatchObject({ QueueResult: 'leave', QueueTime: '32' });
  });

  it('sends QueueResult=hangup when the caller hangs up while waiting', async () => {
    const script: CallerScript = { ...SILENT_CALLER, queuePatienceSec: () => 15 };
    const result = await call(emulator(), '/queue', script);
    expect(result.endedBy).toBe('caller');
    expect(of(result.callSid, '/queue-result')[0]!.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '15' });
  });

  it('answers queue-full when the queue is at its maxQueueSize', async () => {
    const emu = emulator();
    const patient: CallerScript = { ...SILENT_CALLER, queuePatienceSec: () => 100 };
    const [first, second] = await Promise.all([call(emu, '/queue-full', patient), call(emu, '/queue-full', patient)]);
    expect(of(first!.callSid, '/queue-result')[0]!.params.QueueResult).toBe('hangup');
    expect(of(second!.callSid, '/queue-result')[0]!.params).toEqual(
      expect.objectContaining({ QueueResult: 'queue-full' }),
    );
    expect(of(second!.callSid, '/queue-result')[0]!.params.QueueSid).toBeUndefined();
  });

  it("bridges an agent's <Dial><Queue> to the waiting caller: greeting on the caller's leg, then QueueResult=bridged and DialCallStatus=completed", async () => {
    const emu = emulator();
    const caller: CallerScript = { ...SILENT_CALLER, talkSec: () => 1e6 };
    const agent: CallerScript = { ...SILENT_CALLER, talkSec: () => 120 };
    const waiting = call(emu, '/queue-stay', caller);
    const clock = (emu as unknown as { o: { clock: VirtualClock } }).o.clock;
    await clock.sleep(40);
    const agentCall = emu.placeCall({ url: `${app.base}/agent`, from: '+8613900000001', to: HOTLINE, script: agent });
    const [callerResult, agentResult] = await Promise.all([waiting, agentCall]);
    const [whisper] = of(callerResult.callSid, '/whisper');
    expect(whisper!.params).toMatchObject({ DequeingCallSid: agentResult.callSid, QueueTime: '40' });
    const [result] = of(callerResult.callSid, '/queue-result');
    expect(result!.params).toMatchObject({ QueueResult: 'bridged', QueueTime: '40' });
    const [after] = of(agentResult.callSid, '/agent-after');
    expect(after!.params).toMatchObject({
      DialCallStatus: 'completed',
      DialCallSid: callerResult.callSid,
      DialCallDuration: '120',
      DialBridged: 'true',
    });
    // Hold music: a 5 s Play (the file is empty, so the default length) fetched once per URL.
    expect(app.to('/music.wav').length).toBeGreaterThanOrEqual(1);
  });

  it('ends the bridge when the agent hangs up on the caller before its talk time (bridgeEnd)', async () => {
    const emu = emulator();
    const clock = (emu as unknown as { o: { clock: VirtualClock } }).o.clock;
    const hangUpOnCaller = new AbortController();
    const caller: CallerScript = { ...SILENT_CALLER, talkSec: () => 1e6 };
    const agent: CallerScript = { ...SILENT_CALLER, bridgeEnd: () => hangUpOnCaller.signal };
    const waiting = call(emu, '/queue-stay', caller);
    await clock.sleep(40);
    const agentCall = emu.placeCall({ url: `${app.base}/agent`, from: '+8613900000001', to: HOTLINE, script: agent });
    // The agent stays on (no talkSec) until it hangs up on the caller, 25 s into the bridge.
    await clock.sleep(25);
    hangUpOnCaller.abort();
    const [callerResult, agentResult] = await Promise.all([waiting, agentCall]);
    expect(of(callerResult.callSid, '/queue-result')[0]!.params).toMatchObject({ QueueResult: 'bridged' });
    const after = of(agentResult.callSid, '/agent-after')[0]!.params;
    expect(after).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });
    expect(Number(after.DialCallDuration)).toBeGreaterThan(0);
    expect(Number(after.DialCallDuration)).toBeLessThanOrEqual(25);
  });

  it("ends an agent's Dial no-answer when nobody joins the queue within its timeout", async () => {
    const result = await call(emulator(), '/agent', SILENT_CALLER);
    expect(of(result.callSid, '/agent-after')[0]!.params).toMatchObject({ DialCallStatus: 'no-answer' });
    expect(result.timeline.at(-1)!.atSec).toBeGreaterThanOrEqual(30);
  });
});

describe('<Dial><Number> and <Record>', () => {
  it('reports DialCallStatus and DialCallDuration to the Dial action', async () => {
    const result = await call(emulator(), '/transfer', SILENT_CALLER);
    expect(of(result.callSid, '/dialled')[0]!.params).toMatchObject({
      DialCallStatus: 'completed',
      DialCallDuration: '60',
      DialBridged: 'true',
    });
  });

  it('reports busy from the dialled side, and goes on to the next verb when the Dial has no action', async () => {
    const busy: DialWorld = () => ({ status: 'busy', ringSec: 2, talkSec: 0 });
    const result = await call(emulator({ world: busy }), '/transfer', SILENT_CALLER);
    expect(of(result.callSid, '/dialled')[0]!.params.DialCallStatus).toBe('busy');
    const plain = await call(emulator(), '/transfer-plain', SILENT_CALLER);
    expect(plain.timeline.some((t) => t.what === 'Say [en-US] after the dial')).toBe(true);
  });

  it('sends no-answer when the number rings longer than the Dial timeout', async () => {
    const slow: DialWorld = () => ({ status: 'completed', ringSec: 25, talkSec: 30 });
    const result = await call(emulator({ world: slow }), '/transfer', SILENT_CALLER);
    expect(of(result.callSid, '/dialled')[0]!.params.DialCallStatus).toBe('no-answer');
  });

  it('posts the recording to the action and the recording status callback', async () => {
    const script: CallerScript = { ...SILENT_CALLER, record: () => ({ messageSec: 12, end: 'key', key: '#' }) };
    const result = await call(emulator(), '/message', script);
    const [recorded] = of(result.callSid, '/recorded');
    expect(recorded!.params).toMatchObject({ RecordingDuration: '12', Digits: '#' });
    expect(recorded!.params.RecordingUrl).toMatch(
      /^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}$/,
    );
    expect(of(result.callSid, '/recording-status')[0]!.params).toMatchObject({
      RecordingStatus: 'completed',
      RecordingDuration: '12',
    });
  });

  it('falls through to the next verb when nothing was recorded', async () => {
    const result = await call(emulator(), '/message', SILENT_CALLER);
    expect(of(result.callSid, '/recorded')).toHaveLength(0);
    expect(result.timeline.some((t) => t.what === 'Say [en-US] no message')).toBe(true);
  });

  it('sends Digits=hangup when the caller hangs up while recording', async () => {
    const script: CallerScript = { ...SILENT_CALLER, record: () => ({ messageSec: 8, end: 'hangup' }) };
    const result = await call(emulator(), '/message', script);
    expect(of(result.callSid, '/recorded')[0]!.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '8' });
    expect(result.endedBy).toBe('caller');
  });
});

describe('virtual time', () => {
  it('gives the same timeline on every run', async () => {
    const run = async () =>
      (await call(emulator({ seed: 'same' } as Partial<EmulatorOptions>), '/queue', SILENT_CALLER)).timeline;
    expect(await run()).toEqual(await run());
  });
});
