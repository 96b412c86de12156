import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';

const SCENARIO = (acw: string) => `name: acw
horizon: { calls: 400 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 200 }${acw} }]
pools:
  - { name: city, pool: in-house, skills: [g], agents: 2 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 2, min_wait_sec: 10 }
`;

function run(yaml: string): CallRecord[] {
  const model = buildSimModel(parseScenario(yaml, 'acw.yaml'), { seed: 2, replication: 0 });
  const out: CallRecord[] = [];
  runCallCentre(model, 2, 0, (r) => out.push({ ...r }));
  return out;
}

describe('after-call work in scenarios (acw_sec, acw_sec_by_pool)', () => {
  it('leaves the model without after-call work when neither is given (talk = handle, as before)', () => {
    const model = buildSimModel(parseScenario(SCENARIO(''), 'acw.yaml'), { seed: 2, replication: 0 });
    expect(model.callTypes[0]!.acw).toBeNull();
  });

  it('takes a pool its own after-call work, the other pool the call type one', () => {
    const byPool = ', acw_sec_by_pool: { outsourced: { dist: deterministic, value: 80 } }';
    const out = run(SCENARIO(`, acw_sec: { dist: deterministic, value: 50 }${byPool}`));
    const answered = out.filter((r) => r.answerSec !== null);
    expect(new Set(answered.map((r) => r.pool))).toEqual(new Set(['in-house', 'outsourced']));
    for (const r of answered) expect(r.talkSec).toBe(r.pool === 'in-house' ? 150 : 120);
  });

  it('gives after-call work to the listed pool only when acw_sec is omitted', () => {
    const out = run(SCENARIO(', acw_sec_by_pool: { outsourced: { dist: deterministic, value: 80 } }'));
    for (const r of out.filter((x) => x.answerSec !== null)) expect(r.talkSec).toBe(r.pool === 'in-house' ? 200 : 120);
  });

  it('rejects an acw_sec that is not a distribution, naming the field', () => {
    expect(() => parseScenario(SCENARIO(', acw_sec: 60'), 'acw.yaml')).toThrow(/acw_sec/);
  });
});
