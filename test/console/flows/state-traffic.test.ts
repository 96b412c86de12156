import { describe, expect, it } from 'vitest';
import menu from '../../../flows/hotline-12345-menu.js';
import { flowTraffic, soleEntries, stateDominators } from '../../../src/console/flows/state-traffic.js';
import { flowGraph } from '../../../src/flow/graph/flow-graph.js';
import { type CallRecord, newCallRecord } from '../../../src/record/call-record.js';

const inbound = flowGraph(menu);
const callback = flowGraph(menu, { input: { direction: 'callback', skill: 'general' } });
const legs = {
  inbound: { dominators: stateDominators(inbound), entries: soleEntries(inbound) },
  callback: { dominators: stateDominators(callback), entries: soleEntries(callback) },
};

function call(n: number, lastState: string, direction: CallRecord['direction'] = 'inbound', ended = true): CallRecord {
  const record = newCallRecord({
    callSid: `CA${n}`,
    flowId: menu.id,
    direction,
    callerHash: null,
    arrivalSec: 1000 + n,
    language: 'cmn-CN',
    lastState,
  });
  return ended ? { ...record, endSec: 1100 + n, outcome: 'ivr-hangup' } : record;
}

describe("today's traffic through a flow's states", () => {
  it('finds the states every way to a state passes (its dominators), per leg', () => {
    expect([...legs.inbound.dominators.get('caseLookup')!].sort()).toEqual(
      ['caseEntry', 'caseLookup', 'menu', 'welcome'].sort(),
    );
    // Into the queue from the menu, or from a case the caller wants an agent for: only the menu is certain.
    expect(legs.inbound.dominators.get('withAgent')!.has('menu')).toBe(true);
    expect([...legs.callback.dominators.get('queue')!].sort()).toEqual(['callbackIntro', 'queue']);
    expect(legs.inbound.entries.get('caseLookup')).toBe('caseEntry');
  });

  it('counts a call through its last state and the states every way to it passes, and where calls are now', () => {
    const traffic = flowTraffic({
      flowId: menu.id,
      window: { day: '2026-12-03', fromSec: 0, toSec: 86_400 },
      finished: [call(1, 'caseLookup'), call(2, 'menu'), call(3, 'queue', 'callback')],
      live: [call(4, 'caseEntry', 'inbound', false)],
      legs,
    });
    expect(traffic.calls).toEqual({ finished: 3, live: 1 });
    expect(traffic.states.welcome).toEqual({ through: 3, ended: 0, now: 0 });
    expect(traffic.states.menu).toEqual({ through: 3, ended: 1, now: 0 });
    expect(traffic.states.caseEntry).toEqual({ through: 2, ended: 0, now: 1 });
    expect(traffic.states.caseLookup).toEqual({ through: 1, ended: 1, now: 0 });
    expect(traffic.states.queue).toEqual({ through: 1, ended: 1, now: 0 });
    expect(traffic.states.callbackIntro).toEqual({ through: 1, ended: 0, now: 0 });
    expect(traffic.transitions['caseEntry -> caseLookup']).toBe(1);
    expect(traffic.transitions['callbackIntro -> queue']).toBe(1);
  });

  it('counts a last state the graph does not know only there, and a call with none nowhere', () => {
    const traffic = flowTraffic({
      flowId: menu.id,
      window: { day: '2026-12-03', fromSec: 0, toSec: 86_400 },
      finished: [call(1, 'renamedState'), call(2, '')],
      live: [],
      legs,
    });
    expect(traffic.states).toEqual({ renamedState: { through: 1, ended: 1, now: 0 } });
  });
});
