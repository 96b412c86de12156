import { beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadScenario, parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';

function run(scenario: Scenario, seed = 7, replication = 0, calls?: number): CallRecord[] {
  const out: CallRecord[] = [];
  const model = buildSimModel(scenario, calls === undefined ? { seed, replication } : { seed, replication, calls });
  runCallCentre(model, seed, replication, (r) => out.push({ ...r }));
  return out;
}

const records = (yaml: string, seed = 7, replication = 0) => run(parseScenario(yaml, 'test.yaml'), seed, replication);

/** Nobody on duty: callers abandon after `patienceSec`, held by the city's queue, by the vendor's after 30 s. */
const NOBODY = (patienceSec: number) => `name: nobody
horizon: { calls: 50 }
demand: { calls_per_hour: 600 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 100 } }]
callers: { patience_sec: { dist: deterministic, value: ${patienceSec} } }
pools:
  - { name: city-staff, pool: in-house, skills: [g], agents: 0 }
  - { name: vendor-overflow, pool: outsourced, skills: [g], agents: 0, min_wait_sec: 30 }
`;

/** One agent, calls of 100 s of which `acwSec` after-call work, and a survey every answered caller is asked. */
const ONE_AGENT = (acw: string) => `name: one
horizon: { calls: 200 }
demand: { calls_per_hour: 20 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 100 }${acw} }]
callers:
  survey: { participation: 0.5, ratings: [1, 1, 1, 1, 1] }
pools: [{ name: desk, pool: in-house, skills: [g], agents: 1 }]
`;

const BUSY = `name: busy
horizon: { calls: 3000 }
demand: { calls_per_hour: 240 }
call_types:
  - name: g
    share: 1
    skill: g
    handle_sec: { dist: exponential, mean: 150 }
    acw_sec: { dist: exponential, mean: 30 }
callers:
  patience_sec: { dist: exponential, mean: 60 }
  redial: { probability: 0.5, delay_sec: { dist: deterministic, value: 300 } }
pools:
  - { name: city-staff, pool: in-house, skills: [g], agents: 8 }
  - { name: vendor-overflow, pool: outsourced, skills: [g], agents: 3, min_wait_sec: 20 }
`;

describe('simulated records: pool and agent group on calls no agent took', () => {
  it('names the primary group for a caller who abandons before the overflow wait', () => {
    const out = records(NOBODY(20));
    expect(out).toHaveLength(50);
    for (const r of out) {
      expect(r).toMatchObject({ outcome: 'abandoned', pool: 'in-house', agentGroup: 'city-staff', agentId: null });
    }
  });

  it('names the overflow group for a caller who abandons after its minimum wait', () => {
    for (const r of records(NOBODY(45))) {
      expect(r).toMatchObject({ outcome: 'abandoned', pool: 'outsourced', agentGroup: 'vendor-overflow' });
    }
  });

  it('names the last group a caller left waiting at the end had become eligible for (queue-failed)', () => {
    // Without patience the run ends after the last caller's overflow moment: every caller waited past 30 s.
    const out = records(NOBODY(20).replace(/callers: .*\n/, ''));
    expect(out).toHaveLength(50);
    for (const r of out) {
      expect(r).toMatchObject({ outcome: 'queue-failed', pool: 'outsourced', agentGroup: 'vendor-overflow' });
      expect(r.endSec! - r.queueEntrySec!).toBeGreaterThanOrEqual(30);
    }
  });

  it('sets pool and group on every call that reached a queue, and on no other', () => {
    for (const r of records(BUSY)) {
      expect(r.agentGroup !== null).toBe(r.queueEntrySec !== null);
      expect(r.pool).toBe(r.agentGroup === null ? null : r.agentGroup === 'city-staff' ? 'in-house' : 'outsourced');
    }
  });
});

describe('simulated records: agents, call ids, talk and handle time', () => {
  it('gives each agent busy at the same time its own id, <group>-<n>, busy through after-call work', () => {
    const answered = records(BUSY).filter((r) => r.agentId !== null);
    const byAgent = new Map<string, CallRecord[]>();
    for (const r of answered) {
      expect(r.agentId).toMatch(new RegExp(`^${r.agentGroup}-(\\d+)$`));
      byAgent.set(r.agentId!, [...(byAgent.get(r.agentId!) ?? []), r]);
    }
    expect([...byAgent.keys()].sort()).toEqual([
      ...['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `city-staff-${n}`),
      ...['1', '2', '3'].map((n) => `vendor-overflow-${n}`),
    ]);
    for (const calls of byAgent.values()) {
      const sorted = calls.sort((a, b) => a.answerSec! - b.answerSec!);
      for (let i = 1; i < sorted.length; i += 1) {
        // The agent's next call starts after its previous handle time (talk + wrap-up), not its talk.
        expect(sorted[i]!.answerSec!).toBeGreaterThanOrEqual(sorted[i - 1]!.answerSec! + sorted[i - 1]!.handleSec!);
      }
    }
  });

  it('gives every call a callSid unique across the replications of a run', () => {
    const all = [...records(BUSY, 7, 0), ...records(BUSY, 7, 1), ...records(BUSY, 7, 12)];
    expect(new Set(all.map((r) => r.callSid)).size).toBe(all.length);
    expect(all[0]!.callSid).toBe('SIM0-1');
    for (const r of all) expect(r.callSid).toMatch(/^SIM(0|1|12)-[1-9]\d*$/);
  });

  it('ends the caller line after the talk (handle − acw) while the agent stays busy for the handle time', () => {
    const out = records(ONE_AGENT(', acw_sec: { dist: deterministic, value: 30 }')).filter((r) => r.answerSec !== null);
    expect(out.length).toBeGreaterThan(150);
    for (const r of out) {
      expect(r).toMatchObject({ handleSec: 100, talkSec: 70, agentId: 'desk-1' });
      expect(r.endSec).toBe(r.answerSec! + 70);
    }
    const answers = out.map((r) => r.answerSec!).sort((a, b) => a - b);
    for (let i = 1; i < answers.length; i += 1) expect(answers[i]! - answers[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(answers.some((a, i) => i > 0 && a - answers[i - 1]! === 100)).toBe(true);
  });

  it('caps after-call work at the handle time (talk 0), and without acw_sec talk is the handle time', () => {
    const capped = records(ONE_AGENT(', acw_sec: { dist: deterministic, value: 150 }'));
    expect(capped.every((r) => r.talkSec === 0 && r.handleSec === 100 && r.endSec === r.answerSec)).toBe(true);
    const plain = records(ONE_AGENT('')).filter((r) => r.answerSec !== null);
    expect(plain.every((r) => r.talkSec === 100 && r.endSec === r.answerSec! + 100)).toBe(true);
  });

  it('gives the same records, byte for byte, for the same seed', () => {
    expect(JSON.stringify(records(BUSY, 3))).toBe(JSON.stringify(records(BUSY, 3)));
  });
});

describe('simulated records: survey invitations', () => {
  it('without a flow, invites every answered caller to the survey; only some of them rate', () => {
    const out = records(ONE_AGENT(''));
    for (const r of out) expect(r.surveyInvited).toBe(r.outcome === 'answered');
    const invited = out.filter((r) => r.surveyInvited);
    const rated = invited.filter((r) => r.rating !== null).length;
    expect(out.filter((r) => !r.surveyInvited).every((r) => r.rating === null)).toBe(true);
    expect(rated / invited.length).toBeGreaterThan(0.35);
    expect(rated / invited.length).toBeLessThan(0.65);
  });

  it('invites nobody when the scenario has no survey', () => {
    const out = records(ONE_AGENT('').replace(/callers:\n {2}survey: .*\n/, ''));
    expect(out.some((r) => r.outcome === 'answered')).toBe(true);
    expect(out.every((r) => !r.surveyInvited)).toBe(true);
  });

  describe('with a flow', () => {
    let direct: Scenario;
    beforeAll(async () => {
      const dir = new URL('../../scenarios/', import.meta.url).pathname;
      direct = loadScenario('midsize-city-direct', process.cwd(), dir).scenario;
      await prepareScenario(direct);
    });

    it('invites the callers whose call passed through a survey state, answered ones only', () => {
      const out = run(direct, 7, 0, 3000);
      const answered = out.filter((r) => r.outcome === 'answered');
      expect(answered.length).toBeGreaterThan(1000);
      expect(answered.every((r) => r.surveyInvited)).toBe(true);
      expect(out.filter((r) => r.answerSec === null).every((r) => !r.surveyInvited)).toBe(true);
      expect(out.filter((r) => r.rating !== null).every((r) => r.surveyInvited)).toBe(true);
    });

    it('takes the scenario after-call work off the talk: consult calls talk 60 s less than they handle', () => {
      const out = run(direct, 7, 0, 3000);
      const consult = out.filter((r) => r.callType === 'consult' && r.answerSec !== null);
      expect(consult.length).toBeGreaterThan(500);
      for (const r of consult) {
        expect(r.talkSec).toBe(Math.max(0, r.handleSec! - 60));
        // The survey comes after the talk, while the agent is still wrapping up.
        expect(r.endSec!).toBeGreaterThan(r.answerSec! + r.talkSec!);
      }
    });
  });
});
