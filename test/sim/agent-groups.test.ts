import { describe, expect, it } from 'vitest';
import { AgentGroups } from '../../src/sim/agent-groups.js';
import { CallSlots, CallState } from '../../src/sim/call-slots.js';
import type { AgentGroupModel } from '../../src/sim/sim-model.js';

const group = (name: string, extra: Partial<AgentGroupModel> = {}): AgentGroupModel => ({
  name,
  pool: 'in-house',
  skills: [0],
  agentsByInterval: [1],
  minWaitSec: 0,
  priority: 1,
  ...extra,
});

/** A caller of skill 0 entering the queue at `entrySec`; returns its slot and the granted group (-1 = waits). */
function caller(calls: CallSlots, agents: AgentGroups, entrySec: number): { slot: number; granted: number } {
  const slot = calls.alloc();
  calls.skill[slot] = 0;
  calls.queueEntry[slot] = entrySec;
  return { slot, granted: agents.request(slot, 0) };
}

describe('agent groups as a resource (request, cancel, release)', () => {
  it('grants a request at once while an agent is idle, then queues callers', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a')], 1, calls);
    expect(agents.restaff(0, 1)).toBe(1);
    expect(agents.release(0, 0, 0)).toBe(-1); // the agent comes on duty, nobody waits
    const first = caller(calls, agents, 0);
    expect(first.granted).toBe(0);
    expect(calls.state[first.slot]).toBe(CallState.WithAgent);
    const second = caller(calls, agents, 1);
    expect(second.granted).toBe(-1);
    expect(agents.isWaiting(second.slot)).toBe(true);
  });

  it('skips a cancelled request: the released agent takes the next caller in FIFO order', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a')], 1, calls);
    agents.restaff(0, 1);
    agents.release(0, 0, 0);
    caller(calls, agents, 0);
    const gone = caller(calls, agents, 1);
    const next = caller(calls, agents, 2);
    agents.cancel(gone.slot, 5);
    expect(agents.isWaiting(gone.slot)).toBe(false);
    expect(agents.release(0, 10, 1)).toBe(next.slot);
    expect(calls.group[next.slot]).toBe(0);
  });

  it('lets an overflow group take only callers who waited its minimum wait', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('city'), group('vendor', { minWaitSec: 30, priority: 2 })], 1, calls);
    agents.restaff(1, 1);
    agents.release(1, 0, 0);
    const waiting = caller(calls, agents, 0);
    expect(waiting.granted).toBe(-1);
    expect(agents.overflowWaitsSec[0]).toEqual([30]);
    expect(agents.overflow(1, 29)).toBe(-1);
    expect(agents.overflow(1, 30)).toBe(waiting.slot);
  });

  it('sends busy agents home when they finish if the plan went down, and keeps them if it goes up again', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a')], 1, calls);
    agents.restaff(0, 2);
    agents.release(0, 0, 0);
    agents.release(0, 0, 0);
    caller(calls, agents, 0);
    caller(calls, agents, 0);
    expect(agents.restaff(0, 0)).toBe(0);
    expect(agents.groups[0]).toMatchObject({ staffed: 2, free: 0, leaving: 2 });
    expect(agents.restaff(0, 1)).toBe(0);
    expect(agents.groups[0]).toMatchObject({ staffed: 2, leaving: 1 });
    caller(calls, agents, 5);
    expect(agents.release(0, 10, 1)).toBe(-1); // goes home although a caller waits
    expect(agents.groups[0]).toMatchObject({ staffed: 1, free: 0, leaving: 0 });
  });
});

describe('numbered agents and the group holding an unanswered caller', () => {
  it('gives each busy agent its own number, the longest-idle agent answering first', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a')], 1, calls);
    agents.restaff(0, 3);
    for (let i = 0; i < 3; i += 1) agents.release(0, 0, 0);
    const busy = [caller(calls, agents, 0), caller(calls, agents, 1)].map((c) => calls.agent[c.slot]);
    expect(busy).toEqual([1, 2]);
    // Agent 1 finishes: agent 3 (idle since 0) has waited longer than agent 1 and takes the next caller.
    expect(agents.release(0, 10, 1)).toBe(-1);
    const next = caller(calls, agents, 11);
    expect(calls.agent[next.slot]).toBe(3);
    expect(agents.agentId(0, 3)).toBe('a-3');
    const after = caller(calls, agents, 12);
    expect(calls.agent[after.slot]).toBe(1);
  });

  it('sends idle agents home longest idle first and gives returning agents the lowest free numbers', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a')], 1, calls);
    agents.restaff(0, 3);
    for (let i = 0; i < 3; i += 1) agents.release(0, 0, 0);
    const busy = caller(calls, agents, 0); // agent 1; agents 2 and 3 idle
    expect(agents.restaff(0, 2)).toBe(0); // agent 2 (idle longest) goes home
    expect(agents.release(0, 5, calls.agent[busy.slot] as number)).toBe(-1);
    expect(agents.restaff(0, 3)).toBe(1);
    agents.release(0, 6, 0); // comes on duty as number 2 again
    const taken = [caller(calls, agents, 7), caller(calls, agents, 7), caller(calls, agents, 7)];
    expect(taken.map((c) => calls.agent[c.slot])).toEqual([3, 1, 2]);
  });

  it('names the primary group for a caller who leaves before the overflow wait, the overflow group after it', () => {
    const calls = new CallSlots();
    const models = [
      group('city'),
      group('vendor', { pool: 'outsourced', minWaitSec: 30, priority: 2 }),
      group('late', { minWaitSec: 90, priority: 3 }),
    ];
    const agents = new AgentGroups(models, 1, calls);
    const early = caller(calls, agents, 0);
    expect(agents.heldBy(early.slot, 29)).toBe(0);
    expect(agents.heldBy(early.slot, 30)).toBe(1);
    expect(agents.heldBy(early.slot, 200)).toBe(2);
    agents.cancel(early.slot, 45);
    expect(calls.group[early.slot]).toBe(1);
  });

  it('breaks ties of equal minimum waits by priority, and falls back to the first overflow group', () => {
    const calls = new CallSlots();
    const tied = new AgentGroups([group('b', { priority: 2 }), group('a', { priority: 1 })], 1, calls);
    expect(tied.heldBy(caller(calls, tied, 0).slot, 5)).toBe(1);
    const onlyOverflow = new AgentGroups([group('v', { minWaitSec: 60 })], 1, calls);
    expect(onlyOverflow.heldBy(caller(calls, onlyOverflow, 0).slot, 5)).toBe(0);
  });
});

describe('agent groups whose idle agents look at the queues now and then (pools[].poll_sec)', () => {
  it("keeps a caller waiting for the idle agent's next look: idle since 0, polling every 10 s, a caller at 3 s waits to 10 s", () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a', { pollSec: 10 })], 1, calls);
    agents.restaff(0, 1);
    expect(agents.release(0, 0, 0)).toBe(-1);
    const first = caller(calls, agents, 3);
    expect(first.granted).toBe(-1);
    expect(agents.nextLook(0, 3)).toEqual({ agent: 1, atSec: 10 });
    expect(agents.look(0, 1, 7)).toBe(-2); // not one of its looks: stale
    expect(agents.look(0, 1, 10)).toBe(first.slot);
    expect(calls.state[first.slot]).toBe(CallState.WithAgent);
    expect(calls.agent[first.slot]).toBe(1);
    expect(agents.nextLook(0, 10)).toBeNull(); // nobody idle now
  });

  it('lets an agent who finishes a call take a waiting caller at once, and restarts its looks from then', () => {
    const calls = new CallSlots();
    const agents = new AgentGroups([group('a', { pollSec: 10 })], 1, calls);
    agents.restaff(0, 1);
    agents.release(0, 0, 0);
    const first = caller(calls, agents, 1);
    expect(agents.look(0, 1, 10)).toBe(first.slot);
    const second = caller(calls, agents, 12);
    expect(second.granted).toBe(-1);
    expect(agents.release(0, 15, 1)).toBe(second.slot); // finished at 15: looks at once
    expect(agents.release(0, 40, 1)).toBe(-1); // finished at 40, nobody waits: idle from 40
    expect(agents.nextLook(0, 43)).toEqual({ agent: 1, atSec: 50 });
    expect(agents.nextLook(0, 50)).toEqual({ agent: 1, atSec: 50 });
    expect(agents.nextLook(0, 51)).toEqual({ agent: 1, atSec: 60 });
  });
});
