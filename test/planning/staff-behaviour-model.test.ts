import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { newCallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { simulate } from '../../src/planning/run-scenario.js';
import { InvalidHandleShare, staffBehaviourModels } from '../../src/planning/staff-behaviour-model.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';

function records(yaml: string): CallRecord[] {
  const out: CallRecord[] = [];
  runCallCentre(buildSimModel(parseScenario(yaml, 't.yaml'), { seed: 4, replication: 0 }), 4, 0, (r) => {
    out.push({ ...r });
  });
  return out;
}
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const kpi = (yaml: string, path: string) =>
  simulate(parseScenario(yaml, 't.yaml'), { seed: 9, replications: 3 }).estimates.get(path)!.mean;

const TWO_GROUPS = `name: rookies and veterans
horizon: { calls: 3000 }
demand: { calls_per_hour: 120 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 100 }, acw_sec: { dist: deterministic, value: 40 } }]
pools:
  - { name: veterans, pool: in-house, skills: [g], agents: 3 }
  - { name: rookies, pool: outsourced, skills: [g], agents: 3 }
behaviour:
  experience:
    veterans: { new_agent_multiplier: 1.5, half_life_days: 30, monthly_attrition: 0 }
    rookies: { new_agent_multiplier: 1.5, half_life_days: 3650, monthly_attrition: 1 }
`;

/** An outsourced group, with or without the contractor's turnover. */
const VENDOR = (behaviour: string) => `name: vendor
horizon: { calls: 4000 }
demand: { calls_per_hour: 100 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers: { patience_sec: { dist: exponential, mean: 120 } }
pools: [{ name: vendor, pool: outsourced, skills: [g], agents: 7 }]
${behaviour}`;
const TURNOVER = `behaviour:
  experience: { vendor: { new_agent_multiplier: 1.8, half_life_days: 60, monthly_attrition: 0.3 } }
`;

/** A line where 30 % of the calls are invalid requests (haircuts, beauty cards), with or without screening. */
const INVALID = (policy: boolean) => `name: invalid
horizon: { calls: 4000 }
demand: { calls_per_hour: 100 }
call_types:
  - { name: consult, share: 0.7, skill: g, handle_sec: { dist: exponential, mean: 200 } }
  - { name: haircut, share: 0.3, skill: g, handle_sec: { dist: lognormal, mean: 300, cv: 0.5 } }
callers: { patience_sec: { dist: exponential, mean: 120 } }
pools: [{ name: city, pool: in-house, skills: [g], agents: 8 }]
behaviour:
  screening: { invalid_types: [haircut], policy: ${policy}, screened_handle_sec: { dist: deterministic, value: 30 } }
`;

describe('staffBehaviourModels', () => {
  it('adds nothing to the model without a behaviour block', () => {
    expect(staffBehaviourModels(parseScenario(VENDOR(''), 't.yaml'))).toEqual({});
  });

  it('resolves experience by group index (null for a pool entry not listed) and screening by call type', () => {
    const two = staffBehaviourModels(parseScenario(TWO_GROUPS, 't.yaml'));
    expect(two.experience?.map((e) => e?.newAgentMultiplier)).toEqual([1.5, 1.5]);
    const one = staffBehaviourModels(
      parseScenario(
        VENDOR(TURNOVER).replace(
          'agents: 7 }]',
          'agents: 7 }, { name: city, pool: in-house, skills: [g], agents: 1 }]',
        ),
        't.yaml',
      ),
    );
    expect(one.experience?.[1]).toBeNull();
    const screening = staffBehaviourModels(parseScenario(INVALID(true), 't.yaml')).screening;
    expect(screening?.invalid).toEqual([false, true]);
    expect(screening?.policy).toBe(true);
  });

  it('names the field when a scenario built in code names an unknown pool entry', () => {
    const s = parseScenario(TWO_GROUPS, 't.yaml');
    const bad = { ...s, behaviour: { experience: { nobody: s.behaviour!.experience!.rookies! } } };
    expect(() => buildSimModel(bad, { seed: 1, replication: 0 })).toThrow(/behaviour\.experience\.nobody/);
  });
});

describe('agent experience in simulation', () => {
  it('recovers the new-agent multiplier: new agents handle 1.5 × as long as experienced ones, ACW alike', () => {
    const answered = records(TWO_GROUPS).filter((r) => r.handleSec !== null);
    const rookies = answered.filter((r) => r.agentGroup === 'rookies');
    const veterans = answered.filter((r) => r.agentGroup === 'veterans');
    expect(rookies.length).toBeGreaterThan(500);
    expect(veterans.every((r) => r.handleSec === 100 && r.talkSec === 60)).toBe(true);
    const ratio = mean(rookies.map((r) => r.handleSec!)) / mean(veterans.map((r) => r.handleSec!));
    expect(ratio).toBeGreaterThan(1.48); // tenures of a few months against a 10-year half-life: 1.49-1.5
    expect(ratio).toBeLessThanOrEqual(1.5);
    for (const r of rookies) expect(r.talkSec! / r.handleSec!).toBeCloseTo(0.6, 9);
  });

  it('gives an outsourced group with high attrition a higher AHT and a lower service level', {
    timeout: 60_000,
  }, () => {
    const steady = VENDOR('');
    const churning = VENDOR(TURNOVER);
    expect(kpi(churning, 'ahtSec')).toBeGreaterThan(kpi(steady, 'ahtSec') * 1.15);
    expect(kpi(churning, 'serviceLevel.15')).toBeLessThan(kpi(steady, 'serviceLevel.15') - 0.1);
  });

  it('reports the agents replaced per group in the summary', { timeout: 60_000 }, () => {
    const summary = simulate(parseScenario(VENDOR(TURNOVER), 't.yaml'), { seed: 9, replications: 2 });
    expect(summary.estimates.has('agentsReplaced.vendor')).toBe(true);
    expect(summary.replications[0]!.stats.agentsReplacedByGroup).toHaveProperty('vendor');
  });
});

describe('screening in simulation', () => {
  it('gives screened invalid requests the screened handle time, no after-call work', () => {
    const haircuts = records(INVALID(true)).filter((r) => r.callType === 'haircut' && r.handleSec !== null);
    expect(haircuts.length).toBeGreaterThan(500);
    expect(haircuts.every((r) => r.handleSec === 30 && r.talkSec === 30)).toBe(true);
  });

  it('lowers AHT and raises the service level when invalid requests are a large share', { timeout: 60_000 }, () => {
    expect(kpi(INVALID(true), 'ahtSec')).toBeLessThan(kpi(INVALID(false), 'ahtSec') * 0.8);
    expect(kpi(INVALID(true), 'serviceLevel.15')).toBeGreaterThan(kpi(INVALID(false), 'serviceLevel.15') + 0.1);
  });

  it('reports the share of agent time invalid requests took, lower with the policy', { timeout: 60_000 }, () => {
    const without = kpi(INVALID(false), 'invalidHandleShare');
    expect(without).toBeGreaterThan(0.3); // 30 % of calls at 300 s against 200 s: about 39 % of agent time
    expect(without).toBeLessThan(0.5);
    expect(kpi(INVALID(true), 'invalidHandleShare')).toBeLessThan(0.1);
  });
});

describe('InvalidHandleShare', () => {
  const rec = (callType: string, handleSec: number | null, arrivalSec = 100) =>
    ({
      ...newCallRecord({
        callSid: 'x',
        flowId: 'f',
        direction: 'inbound',
        callerHash: null,
        arrivalSec,
        language: 'cmn-CN',
        lastState: '',
      }),
      callType,
      handleSec,
    }) as CallRecord;

  it('divides the invalid types handle time by all handle time of counted answered calls', () => {
    const share = new InvalidHandleShare(['haircut'], 50);
    for (const r of [rec('haircut', 30), rec('consult', 90), rec('consult', null), rec('haircut', 500, 10)])
      share.add(r);
    expect(share.result()).toBeCloseTo(0.25, 12);
  });

  it('is NaN before any handle time', () => {
    expect(new InvalidHandleShare(['haircut'], 0).result()).toBeNaN();
  });
});
