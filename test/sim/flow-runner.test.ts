import { beforeAll, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import type { CallEvent } from '../../src/flow/call-event.js';
import { defineFlow } from '../../src/flow/flow-definition.js';
import { flowActions } from '../../src/flow/flow-actions.js';
import { flowGuards } from '../../src/flow/flow-guards.js';
import { say } from '../../src/flow/prompt.js';
import { gather, hangup } from '../../src/flow/step.js';
import { CompiledFlow } from '../../src/flow/runtime/compiled-flow.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadScenario, parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;

function run(scenario: Scenario, seed = 3): CallRecord[] {
  const out: CallRecord[] = [];
  runCallCentre(buildSimModel(scenario, { seed, replication: 0 }), seed, 0, (r) => out.push({ ...r }));
  return out;
}

describe('callers running the shipped flows in simulation', () => {
  let direct: Scenario;
  let menu: Scenario;
  beforeAll(async () => {
    direct = loadScenario('midsize-city-direct', process.cwd(), DIR).scenario;
    menu = loadScenario('midsize-city-menu', process.cwd(), DIR).scenario;
    await prepareScenario(direct);
    await prepareScenario(menu);
  });

  it('spends the direct flow greeting in the IVR and takes callers to an agent and the survey', () => {
    const records = run(direct);
    const answered = records.filter((r) => r.outcome === 'answered' && r.direction === 'inbound');
    expect(answered.length / records.length).toBeGreaterThan(0.9);
    const ivr = answered.map((r) => r.queueEntrySec! - r.arrivalSec);
    // Greeting + recording notice + emergency notice + "press 9" at 4.5 characters/s, plus the 2 s gather timeout.
    expect(Math.min(...ivr)).toBeGreaterThan(15);
    expect(Math.max(...ivr)).toBeLessThan(30);
    const rated = answered.filter((r) => r.rating !== null);
    // Half rate at the first prompt; the flow asks once more after no input, and half of the rest rate then: 1 − 0.5² = 75 %.
    expect(rated.length / answered.length).toBeGreaterThan(0.72);
    expect(rated.length / answered.length).toBeLessThan(0.78);
    expect(answered.every((r) => r.lastState === 'rated' || r.lastState === 'goodbye')).toBe(true);
  });

  it('transfers callers who say an emergency word, and hangs up the ones who hang up', () => {
    const records = run(direct);
    const transferred = records.filter((r) => r.outcome === 'transferred');
    expect(transferred.length).toBeGreaterThan(0);
    expect(new Set(transferred.map((r) => r.transferTo))).toEqual(new Set(['119', '120']));
    expect(records.some((r) => r.outcome === 'ivr-hangup' && r.queueEntrySec === null)).toBe(true);
  });

  it("names the state a caller hung up in as lastState, as the live server does, not the flow's callerHungUp", () => {
    const records = run(direct);
    const lastStates = (outcome: string) =>
      new Set(records.filter((r) => r.outcome === outcome).map((r) => r.lastState));
    expect(lastStates('abandoned')).toEqual(new Set(['queue']));
    expect(lastStates('ivr-hangup')).toEqual(new Set(['welcome']));
  });

  it('routes English callers to the foreign-language queue', () => {
    const english = run(direct).filter((r) => r.language === 'en-US');
    expect(english.length).toBeGreaterThan(0);
    expect(english.every((r) => r.skill === 'foreign-language' || r.outcome !== 'answered')).toBe(true);
  });

  it('serves some menu callers by case-status self-service, and sends the rest to the menu queues', () => {
    const records = run(menu);
    expect(records.filter((r) => r.outcome === 'self-service').length).toBeGreaterThan(100);
    const skills = new Set(records.filter((r) => r.skill !== null).map((r) => r.skill));
    for (const skill of ['general', 'enterprise', 'social-insurance', 'consumer']) expect(skills.has(skill)).toBe(true);
    const ivr = (rs: CallRecord[]) =>
      rs.filter((r) => r.queueEntrySec !== null).reduce((a, r) => a + r.queueEntrySec! - r.arrivalSec, 0) /
      rs.filter((r) => r.queueEntrySec !== null).length;
    expect(ivr(records)).toBeGreaterThan(ivr(run(direct)) + 10);
  });

  it('books callbacks after 60 s of waiting and places them as callback legs', () => {
    const crowded = {
      ...direct,
      pools: direct.pools.map((p) => ({
        ...p,
        agents_by_hour: p.agents_by_hour!.map((n) => Math.max(1, Math.round(n * 0.6))),
      })),
    };
    const records = run(crowded);
    const booked = records.filter((r) => r.outcome === 'callback');
    expect(booked.length).toBeGreaterThan(10);
    for (const r of booked) expect(r.endSec! - r.queueEntrySec!).toBeGreaterThanOrEqual(60);
    const legs = records.filter((r) => r.direction === 'callback');
    expect(legs.length).toBeGreaterThan(0);
    expect(legs.length).toBeLessThanOrEqual(booked.length);
  });

  it('gives the same records for the same seed', () => {
    expect(JSON.stringify(run(menu, 9))).toBe(JSON.stringify(run(menu, 9)));
  });

  it('rejects a flow queue no pool serves, naming the skills to add', async () => {
    const scenario = parseScenario(
      `name: x
flow: hotline-12345-menu
horizon: { calls: 10 }
demand: { calls_per_hour: 100 }
call_types: [{ name: g, share: 1, skill: general, handle_sec: { dist: exponential, mean: 100 } }]
pools: [{ name: a, pool: in-house, skills: [general], agents: 3 }]
`,
      'x.yaml',
    );
    await prepareScenario(scenario);
    expect(() => buildSimModel(scenario, { seed: 1, replication: 0 })).toThrow(
      /enterprise, social-insurance, consumer, dialect, foreign-language, which no pool serves/,
    );
  });

  it('rejects choices for a state that is not a gather', async () => {
    const scenario = {
      ...menu,
      callers: { ...menu.callers, ivr: { ...menu.callers.ivr!, choices: { queue: { none: 1 } } } },
    };
    expect(() => buildSimModel(scenario, { seed: 1, replication: 0 })).toThrow(
      /choices\.queue: state "queue" is a enqueue step, not a gather/,
    );
  });
});

const ONE_SKILL = `call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]`;

describe('a simulated caller in a flow state with no way on', () => {
  it('stops with a clear error when a simulated caller would be stuck in a flow state', async () => {
    const machine = setup({
      types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent },
      guards: flowGuards,
      actions: flowActions<{ language: 'cmn-CN' }>(),
    }).createMachine({
      id: 'stuck',
      context: { language: 'cmn-CN' },
      initial: 'ask',
      states: {
        ask: {
          meta: gather({ prompts: [say({ 'cmn-CN': '请按1' })], input: 'dtmf', timeoutSec: 3, maxDigits: 1 }),
          on: { DIGITS: 'bye' },
        },
        bye: { type: 'final', meta: hangup() },
      },
    });
    const compiled = new CompiledFlow(
      defineFlow({ id: 'stuck', title: 's', languages: ['cmn-CN'], skills: [], lookups: [], machine }),
    );
    const scenario = parseScenario(
      `name: s\nhorizon: { calls: 3 }\ndemand: { calls_per_hour: 60 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 1 }]\n`,
      't.yaml',
    );
    const model = { ...buildSimModel(scenario, { seed: 1, replication: 0 }) };
    const { buildFlowModel } = await import('../../src/sim/ivr-caller-model.js');
    const { sampler } = await import('../../src/sim/distributions.js');
    const flow = buildFlowModel(
      compiled,
      {
        choices: {},
        lookups: {},
        thinkSec: sampler({ dist: 'deterministic', value: 1 }, 't'),
        callbackAccept: 0,
        callbackAnswer: 0,
        callbackDelaySec: sampler({ dist: 'deterministic', value: 1 }, 't'),
        speechRate: { cmnCharsPerSec: 4.5, enWordsPerSec: 2.6 },
        messageSec: 30,
      },
      't',
    );
    expect(() => runCallCentre({ ...model, flow }, 1, 0, () => undefined)).toThrow(
      /state "ask" \(gather\) has no transition for NO_INPUT/,
    );
  });
});
