import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import type { CallEvent } from '../../src/flow/call-event.js';
import { defineFlow } from '../../src/flow/flow-definition.js';
import { flowActions } from '../../src/flow/flow-actions.js';
import { flowGuards } from '../../src/flow/flow-guards.js';
import { say } from '../../src/flow/prompt.js';
import { gather, hangup } from '../../src/flow/step.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';
import { CompiledFlow } from '../../src/flow/runtime/compiled-flow.js';

const ONE_SKILL = `call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]`;

function records(yaml: string): CallRecord[] {
  const scenario = parseScenario(yaml, 't.yaml');
  const out: CallRecord[] = [];
  runCallCentre(buildSimModel(scenario, { seed: 1, replication: 0 }), 1, 0, (r) => out.push({ ...r }));
  return out;
}

describe('simulator regressions found in review', () => {
  it('keeps staffing right on long runs with short intervals (no overflow of the staffing event index)', () => {
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 3 : 1));
    const out = records(`name: long
horizon: { days: 25 }
interval_minutes: 1
demand: { calls_per_hour: 6 }
${ONE_SKILL}
callers: { patience_sec: { dist: exponential, mean: 300 } }
pools: [{ name: a, pool: in-house, skills: [g], agents_by_hour: [${hours.join(', ')}] }]
`);
    const lastDays = out.filter((r) => r.arrivalSec > 23 * 86400);
    expect(lastDays.length).toBeGreaterThan(200);
    expect(lastDays.filter((r) => r.outcome === 'answered').length / lastDays.length).toBeGreaterThan(0.95);
  });

  it('records callers left waiting at the end as queue-failed instead of dropping them', () => {
    const out = records(`name: nobody
horizon: { calls: 50 }
demand: { calls_per_hour: 60 }
${ONE_SKILL}
pools: [{ name: a, pool: in-house, skills: [g], agents: 0 }]
`);
    expect(out).toHaveLength(50);
    expect(out.every((r) => r.outcome === 'queue-failed')).toBe(true);
    const kpis = new KpiAccumulator();
    for (const r of out) kpis.add(r);
    expect(kpis.result().offered).toBe(50);
    expect(kpis.result().answerRate).toBe(0);
  });

  it('keeps callback legs out of the inbound figures', () => {
    const acc = new KpiAccumulator();
    const base = { callSid: '', flowId: 'f', callerHash: null, arrivalSec: 10, ivrExitSec: 12, queueEntrySec: 12, answerSec: 20, abandonSec: null, endSec: 100, handleSec: 80, callType: null, attempt: 1, skill: 'g', pool: 'in-house' as const, agentId: 'a', outcome: 'answered' as const, rating: null, language: 'cmn-CN', callbackRequested: false, transferTo: null, lastState: 'rated' };
    acc.add({ ...base, direction: 'inbound' });
    acc.add({ ...base, direction: 'callback' });
    const k = acc.result();
    expect(k.offered).toBe(1);
    expect(k.callbackLegs).toBe(1);
    expect(k.callbackLegsAnswered).toBe(1);
  });

  it('stops with a clear error when a simulated caller would be stuck in a flow state', async () => {
    const machine = setup({ types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent }, guards: flowGuards, actions: flowActions<{ language: 'cmn-CN' }>() }).createMachine({
      id: 'stuck', context: { language: 'cmn-CN' }, initial: 'ask',
      states: {
        ask: { meta: gather({ prompts: [say({ 'cmn-CN': '请按1' })], input: 'dtmf', timeoutSec: 3, maxDigits: 1 }), on: { DIGITS: 'bye' } },
        bye: { type: 'final', meta: hangup() },
      },
    });
    const compiled = new CompiledFlow(defineFlow({ id: 'stuck', title: 's', languages: ['cmn-CN'], skills: [], lookups: [], machine }));
    const scenario = parseScenario(`name: s\nhorizon: { calls: 3 }\ndemand: { calls_per_hour: 60 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 1 }]\n`, 't.yaml');
    const model = { ...buildSimModel(scenario, { seed: 1, replication: 0 }) };
    const { buildFlowModel } = await import('../../src/sim/ivr-caller-model.js');
    const { sampler } = await import('../../src/sim/distributions.js');
    const flow = buildFlowModel(compiled, { choices: {}, lookups: {}, thinkSec: sampler({ dist: 'deterministic', value: 1 }, 't'), callbackAccept: 0, callbackAnswer: 0, callbackDelaySec: sampler({ dist: 'deterministic', value: 1 }, 't'), speechRate: { cmnCharsPerSec: 4.5, enWordsPerSec: 2.6 }, messageSec: 30 }, 't');
    expect(() => runCallCentre({ ...model, flow }, 1, 0, () => undefined)).toThrow(/state "ask" \(gather\) has no transition for NO_INPUT/);
  });

  it('refuses flows the compiler would misread: wildcard transitions', () => {
    const machine = setup({ types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent } }).createMachine({
      id: 'wild', context: { language: 'cmn-CN' }, initial: 'a',
      states: { a: { meta: hangup(), on: { '*': 'b' } }, b: { type: 'final' } },
    });
    expect(() => new CompiledFlow(defineFlow({ id: 'wild', title: 'w', languages: ['cmn-CN'], skills: [], lookups: [], machine }))).toThrow(/wildcard transition "\*"/);
  });
});

describe('scenario checks that prevent silent wrong answers', () => {
  const body = `horizon: { days: 1 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 3 }]\n`;
  it.each([
    ['an interval that does not divide an hour', `name: x\ninterval_minutes: 90\ndemand: { calls_per_hour: 10 }\n${body}`, /interval_minutes: must divide an hour/],
    ['weekday factors with a constant hourly rate', `name: x\ndemand: { calls_per_hour: 10, day_of_week_factor: { Mon: 2 } }\n${body}`, /use them with calls_per_day, not calls_per_hour/],
    ['a warm-up longer than the horizon', `name: x\nwarmup_minutes: 2000\ndemand: { calls_per_hour: 10 }\n${body}`, /warmup_minutes \(2000\) is at least the horizon/],
    ['two pools with one name', `name: x\ndemand: { calls_per_hour: 10 }\nhorizon: { days: 1 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 3 }, { name: a, pool: outsourced, skills: [g], agents: 3 }]\n`, /pools\[1\]\.name: "a" is used twice/],
  ])('rejects %s', (_label, yaml, message) => {
    expect(() => parseScenario(yaml, 't.yaml')).toThrow(message);
  });
});
