import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { agentAvailable, arrive } from '../../src/sim/call-process.js';
import { createSimState } from '../../src/sim/sim-state.js';

const YAML = (policy: boolean) => `name: screened flag
horizon: { calls: 10 }
demand: { calls_per_hour: 60 }
call_types:
  - { name: consult, share: 0.5, skill: g, handle_sec: { dist: deterministic, value: 200 } }
  - { name: haircut, share: 0.5, skill: g, handle_sec: { dist: deterministic, value: 120 } }
pools: [{ name: city, pool: in-house, skills: [g], agents: 1 }]
behaviour:
  screening: { invalid_types: [haircut], policy: ${policy}, screened_handle_sec: { dist: deterministic, value: 30 } }
`;

/** Answers one call of type `callType` at once; returns the state and the call's slot. */
function answerOne(policy: boolean, callType: number) {
  const s = createSimState(
    buildSimModel(parseScenario(YAML(policy), 't.yaml'), { seed: 1, replication: 0 }),
    1,
    0,
    () => {},
  );
  s.agents.restaff(0, 1);
  agentAvailable(s, 0, 0);
  const slot = s.calls.alloc();
  s.calls.screened[slot] = 1; // a stale flag from the slot's last call
  s.calls.callType[slot] = callType;
  s.calls.direction[slot] = 0;
  arrive(s, slot);
  return { calls: s.calls, slot };
}

describe('answer() with screening (CallSlots.screened: the flag the satisfaction model reads)', () => {
  it('marks a screened-out invalid request and gives it the screened handle time', () => {
    const { calls, slot } = answerOne(true, 1);
    expect(calls.screened[slot]).toBe(1);
    expect(calls.handle[slot]).toBe(30);
    expect(calls.talk[slot]).toBe(30);
  });

  it('leaves valid requests, and invalid ones without the policy, unmarked at their type handle time', () => {
    const valid = answerOne(true, 0);
    expect(valid.calls.screened[valid.slot]).toBe(0);
    expect(valid.calls.handle[valid.slot]).toBe(200);
    const unscreened = answerOne(false, 1);
    expect(unscreened.calls.screened[unscreened.slot]).toBe(0);
    expect(unscreened.calls.handle[unscreened.slot]).toBe(120);
  });
});
