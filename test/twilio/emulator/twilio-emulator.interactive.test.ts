import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerScript, CallerTurn, PlayedHeard } from '../../../src/twilio/emulator/caller-script.js';
import { SILENT_CALLER } from '../../../src/twilio/emulator/caller-script.js';
import { RealClock, VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { Softphone, type SoftphoneResult } from '../../../src/twilio/emulator/softphone.js';
import { TwilioEmulator } from '../../../src/twilio/emulator/twilio-emulator.js';
import { TwimlApp, twiml } from '../../helpers/twiml-app.js';

const TOKEN = 'emulator-interactive-token';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);

const app = new TwimlApp(TOKEN);
const REJECTED = '+8613900000009';

/** A person's answer: it comes after a few milliseconds of real time, as typing does. */
function later<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), 20));
}

interface Extra {
  readonly hangUp?: AbortSignal;
  readonly readsSpeech?: boolean;
}

function call(clock: VirtualClock, path: string, script: CallerScript, extra: Extra = {}) {
  const emulator = new TwilioEmulator({ authToken: TOKEN, clock, seed: `interactive-${path}` });
  return emulator.placeCall({ url: `${app.base}${path}`, from: '+8613800138000', to: '+8653112345', script, ...extra });
}

function of(callSid: string, path: string) {
  return app.to(path).filter((r) => r.params.CallSid === callSid);
}

beforeAll(async () => {
  const menu = '<Gather numDigits="1" timeout="5" action="/chosen"><Say language="cmn-CN">请按一</Say></Gather>';
  app.route('/menu', twiml(`${menu}<Say>no input</Say><Hangup/>`));
  app.route('/chosen', twiml('<Hangup/>'));
  app.route('/message', twiml('<Record maxLength="60" timeout="5" action="/recorded"/><Hangup/>'));
  app.route('/recorded', twiml('<Hangup/>'));
  app.route('/queue', twiml('<Enqueue action="/queue-result" waitUrl="/wait">general</Enqueue>'));
  app.route('/wait', twiml('<Say language="cmn-CN">请稍候</Say><Pause length="10"/>'));
  app.route('/queue-result', twiml('<Hangup/>'));
  // The softphone calls /voice: a menu with a 1 s timeout, or a <Reject> for the caller REJECTED.
  const quick = '<Gather numDigits="1" timeout="1" action="/picked"><Say>press one</Say></Gather>';
  app.route('/voice', (params) =>
    twiml(params.From === REJECTED ? '<Reject/>' : `${quick}<Say>no input</Say><Hangup/>`),
  );
  app.route('/voice/status', twiml(''));
  app.route('/picked', twiml('<Hangup/>'));
  await app.start();
});
afterAll(async () => {
  await app.close();
});

describe('a caller who answers later (a person at the softphone)', () => {
  it("waits for a gather's answer on a virtual clock standing still; its keys count from the opening", async () => {
    const clock = new VirtualClock(START);
    let otherFired = false;
    void clock.sleep(0.1).then(() => {
      otherFired = true;
    });
    let firedWhileTyping: boolean | undefined;
    const script: CallerScript = {
      async gather(gather): Promise<CallerTurn> {
        const turn = await later({ actions: [{ kind: 'key' as const, digit: '1', atSec: gather.promptSec + 0.5 }] });
        firedWhileTyping = otherFired;
        return turn;
      },
    };
    const result = await call(clock, '/menu', script);
    expect(firedWhileTyping).toBe(false);
    expect(of(result.callSid, '/chosen')[0]!.params).toMatchObject({ Digits: '1' });
    // 请按一: 3 characters at 4.5/s, then the key half a second later; the typing took no emulated time.
    expect(result.timeline.find((t) => t.what.startsWith('caller keyed'))!.atSec).toBeCloseTo(3 / 4.5 + 0.5, 3);
  });

  it("waits for a recording's answer", async () => {
    const record = () => later({ messageSec: 7, end: 'key' as const, key: '#' });
    const script: CallerScript = { ...SILENT_CALLER, record };
    const result = await call(new VirtualClock(START), '/message', script);
    expect(of(result.callSid, '/recorded')[0]!.params).toMatchObject({ RecordingDuration: '7', Digits: '#' });
  });

  it("hangs up wherever the call is when the plan's hangUp aborts; tells where each sound plays", async () => {
    const hangUp = new AbortController();
    const played: PlayedHeard['place'][] = [];
    const script: CallerScript = {
      ...SILENT_CALLER,
      played(sound) {
        played.push(sound.place);
        if (sound.verb === 'Pause') hangUp.abort();
      },
    };
    const result = await call(new VirtualClock(START), '/queue', script, { hangUp: hangUp.signal });
    expect(result.endedBy).toBe('caller');
    expect(played).toEqual(['queue', 'queue']);
    expect(of(result.callSid, '/queue-result')[0]!.params).toMatchObject({ QueueResult: 'hangup' });
  });

  it('lets a caller who reads speech hear each <Say> in no time; gather timeouts still take theirs', async () => {
    const result = await call(new VirtualClock(START), '/menu', SILENT_CALLER, { readsSpeech: true });
    // The prompt took no time: the 5 s timeout starts at the gather's opening.
    expect(result.timeline.find((t) => t.what.startsWith('no input'))!.atSec).toBeCloseTo(5, 3);
  });
});

/**
 * The softphone on a real clock, as against `npm start`: the person types for 10 s at each question (the machine
 * clock is moved on, not slept, so the test stays fast; every wait of the call is a real timer).
 */
async function softphoneCall(
  answer: string,
  from = '+8613800138000',
): Promise<{ result: SoftphoneResult; lines: string[] }> {
  let typedMs = 0;
  const clock = new RealClock(START, 1, () => performance.now() + typedMs);
  const emulator = new TwilioEmulator({ authToken: TOKEN, clock, seed: `softphone-${answer}-${from}` });
  const lines: string[] = [];
  const io = {
    print: (line: string) => lines.push(line),
    async ask(question: string) {
      typedMs += 10_000;
      lines.push(`${question}${answer}`);
      return answer;
    },
  };
  const phone = new Softphone(io, {
    emulator,
    clock,
    baseUrl: app.base,
    callSid: `CA${from.slice(1).padStart(32, '0')}`,
    from,
    to: '+8653112345',
    agentLegSid: `CA${'f'.repeat(32)}`,
    botAgent: { answer: () => Promise.reject(new Error('no queue in this app')), release: async () => undefined },
    agentAfterSec: 0,
    talkSec: 0,
    readsPrompts: true,
  });
  return { result: await phone.run(), lines };
}

describe('the softphone on a real clock (a person typing)', () => {
  it("sends the keys typed after longer than the gather's timeout: the typing never runs the gather out", async () => {
    const { result, lines } = await softphoneCall('1');
    const picked = app.to('/picked').filter((r) => r.params.From === '+8613800138000');
    expect(picked.map((r) => r.params.Digits)).toEqual(['1']);
    expect(result).toMatchObject({ endedBy: 'hangup-verb', failed: false, errors: [] });
    // The call's documents (/voice, /picked), not its status callback.
    expect(result.requests).toBe(2);
    expect(lines).toContain('  (the hotline hangs up)');
  });

  it('lets an empty answer fall through after the timeout, as Twilio does', async () => {
    const from = '+8613800138001';
    const { lines } = await softphoneCall('', from);
    expect(app.to('/picked').filter((r) => r.params.From === from)).toEqual([]);
    expect(lines).toContain('  (no input: Twilio falls through to the next verb)');
    expect(lines).toContain('  [en-US] no input');
  });

  it('says the hotline hangs up at a <Reject>', async () => {
    const { result, lines } = await softphoneCall('1', REJECTED);
    expect(result).toMatchObject({ endedBy: 'reject', failed: false, requests: 1 });
    expect(lines).toContain('  (the hotline hangs up)');
  });
});
