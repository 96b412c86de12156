import { describe, expect, it } from 'vitest';
import { AgentLegScript } from '../../../src/console/line/agent-leg-script.js';
import type { GatherHeard } from '../../../src/twilio/emulator/caller-script.js';

function gather(action: string): GatherHeard {
  return {
    callSid: 'CA1',
    atSec: 0,
    place: 'call',
    prompts: [],
    promptSec: 1,
    verb: { name: 'Gather', attrs: { action }, text: '', children: [] },
    documentUrl: 'http://localhost/agent/voice',
  };
}

const keys = (turn: { actions: readonly { kind: string; digit?: string }[] }) =>
  turn.actions.map((a) => a.digit).join('');

describe("the agent's phone on the agent line", () => {
  it('keys the agent number and the PIN when asked', async () => {
    const script = new AgentLegScript('3001', '2468');
    expect(keys(await script.gather(gather('/agent/login')))).toBe('3001#');
    expect(keys(await script.gather(gather('/agent/pin?agent=3001')))).toBe('2468#');
    expect(await new AgentLegScript('3001', undefined).gather(gather('/agent/pin?agent=3001'))).toEqual({
      actions: [],
      hangupAfterSec: 0,
    });
  });

  it('waits at the after-call menu until told: next keys 1, away keys 2, hangup leaves', async () => {
    const script = new AgentLegScript('3001', undefined);
    const menu = script.gather(gather('/agent/next?agent=3001'));
    script.command('next');
    expect(keys(await menu)).toBe('1');
    script.command('away');
    expect(keys(await script.gather(gather('/agent/next?agent=3001')))).toBe('2');
    const last = script.gather(gather('/agent/next?agent=3001'));
    script.command('hangup');
    expect(await last).toEqual({ actions: [], hangupAfterSec: 0 });
    expect(script.hungUp()).toBe(true);
  });

  it('talks until it hangs up on the caller', () => {
    const script = new AgentLegScript('3001', undefined);
    expect(script.talkSec()).toBe(Infinity);
    const bridge = script.bridgeEnd({ callSid: 'CA1', atSec: 0, target: 'general.in-house' });
    expect(bridge.aborted).toBe(false);
    script.endCall();
    expect(bridge.aborted).toBe(true);
    expect(script.signal.aborted).toBe(false);
  });
});
