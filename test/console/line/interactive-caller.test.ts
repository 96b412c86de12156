import { describe, expect, it } from 'vitest';
import { InteractiveCaller } from '../../../src/console/line/interactive-caller.js';
import type { CallerEvent } from '../../../src/console/line/line-wire.js';
import type { GatherHeard } from '../../../src/twilio/emulator/caller-script.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';

function gather(place: 'call' | 'queue', input = 'dtmf'): GatherHeard {
  return {
    callSid: 'CA1',
    atSec: 0,
    place,
    prompts: [{ verb: 'Say', text: '请按键', language: 'cmn-CN', durationSec: 2 }],
    promptSec: 2,
    verb: { name: 'Gather', attrs: { input }, text: '', children: [] },
    documentUrl: 'http://localhost/voice',
  };
}

describe('the interactive caller', () => {
  it('tells the prompts and waits at an in-call gather until the page answers with keys', async () => {
    const events: CallerEvent[] = [];
    const caller = new InteractiveCaller(new VirtualClock(0), new AbortController(), (e) => events.push(e));
    expect(caller.answer({ kind: 'keys', digits: '1' })).toBe(false);
    const turn = caller.gather(gather('call', 'dtmf speech'));
    expect(events.map((e) => e.kind)).toEqual(['prompt', 'input']);
    expect(caller.waitingFor).toBe('call');
    expect(caller.answer({ kind: 'keys', digits: '12' })).toBe(true);
    const answered = await turn;
    expect(answered.actions.map((a) => (a.kind === 'key' ? a.digit : a.kind))).toEqual(['1', '2']);
    expect(caller.waitingFor).toBeUndefined();
  });

  it('turns words into speech, and a hang-up into a hang-up at once', async () => {
    const hangUp = new AbortController();
    const caller = new InteractiveCaller(new VirtualClock(0), hangUp, () => undefined);
    const words = caller.gather(gather('call', 'speech'));
    caller.answer({ kind: 'speech', text: '着火了' });
    expect((await words).actions[0]).toMatchObject({ kind: 'speech', text: '着火了' });
    const next = caller.gather(gather('call'));
    caller.answer({ kind: 'hangup' });
    expect(await next).toEqual({ actions: [], hangupAfterSec: 0 });
    expect(hangUp.signal.aborted).toBe(true);
    expect(caller.hungUp()).toBe(true);
  });

  it('lets the hold go on when nobody answers a wait URL gather', async () => {
    const caller = new InteractiveCaller(new VirtualClock(0), new AbortController(), () => undefined);
    expect(await caller.gather(gather('queue'))).toEqual({ actions: [] });
    expect(caller.waitingFor).toBeUndefined();
  });
});
