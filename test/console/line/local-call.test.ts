import { describe, expect, it } from 'vitest';
import { InteractiveCaller } from '../../../src/console/line/interactive-caller.js';
import { LocalCall } from '../../../src/console/line/local-call.js';
import type { LocalCallEvent } from '../../../src/console/line/line-wire.js';
import type { EmulatedCallResult } from '../../../src/twilio/emulator/emulated-call.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';

function call(run: () => Promise<EmulatedCallResult>) {
  const clock = new VirtualClock(1_000_000);
  let local!: LocalCall;
  const caller = new InteractiveCaller(clock, new AbortController(), (e) => local.emit(e));
  local = new LocalCall({
    callSid: 'CA1',
    startMs: clock.now(),
    caller,
    base: 'http://localhost',
    nowSec: () => clock.now() / 1000,
    run,
  });
  return { local, caller };
}

describe('a call on the local line', () => {
  it("turns a wait URL's request into the queue position as heard, and keeps the webhook without the host", () => {
    const { local } = call(() => new Promise(() => undefined));
    const seen: LocalCallEvent[] = [];
    local.subscribe((e) => seen.push(e));
    local.exchange({
      kind: 'document',
      method: 'POST',
      url: 'http://localhost/queue/wait?skill=general',
      params: { CallSid: 'CA1', QueuePosition: '2', QueueTime: '15', CurrentQueueSize: '3' },
      status: 200,
      contentType: 'text/xml',
      body: '<Response><Pause length="5"/></Response>',
      latencyMs: 1,
      atMs: 1_004_000,
    });
    expect(seen[0]).toMatchObject({ kind: 'webhook', path: '/queue/wait?skill=general', atSec: 4 });
    expect(seen[1]).toEqual({ kind: 'queue', atSec: 4, position: 2, waitSec: 15, size: 3 });
    expect(local.live).toBe(true);
  });

  it("keeps the caller's answers at the call's gathers, as a scripted call gives them", async () => {
    const { local, caller } = call(() => new Promise(() => undefined));
    const gather = (place: 'call' | 'queue') =>
      caller.gather({
        callSid: 'CA1',
        atSec: 0,
        place,
        prompts: [],
        promptSec: 1,
        verb: { name: 'Gather', attrs: {}, text: '', children: [] },
        documentUrl: 'http://localhost/voice',
      });
    const first = gather('call');
    expect(local.input({ kind: 'keys', digits: '' })).toBe(true);
    await first;
    const second = gather('call');
    local.input({ kind: 'speech', text: '查询' });
    await second;
    expect(local.input({ kind: 'keys', digits: '1' })).toBe(false);
    expect(local.answers).toEqual([{ none: true }, { say: '查询' }]);
  });

  it('ends with an error event when the emulator fails, never a rejection', async () => {
    const { local } = call(() => Promise.reject(new Error('boom')));
    const result = await local.done;
    expect(result.endedBy).toBe('error');
    expect(local.events.at(-1)).toMatchObject({ kind: 'ended', errors: ['boom'] });
  });
});
