import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const BASE = `name: staff
horizon: { calls: 100 }
demand: { calls_per_hour: 60 }
call_types:
  - { name: consult, share: 0.9, skill: g, handle_sec: { dist: deterministic, value: 200 } }
  - { name: haircut, share: 0.1, skill: g, handle_sec: { dist: deterministic, value: 120 } }
pools:
  - { name: city, pool: in-house, skills: [g], agents: 2 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 2 }
`;
const parse = (behaviour: string) => parseScenario(`${BASE}behaviour:\n${behaviour}`, 'staff.yaml');
const VENDOR = '{ new_agent_multiplier: 1.5, half_life_days: 30, monthly_attrition: 0.05 }';

describe('behaviour.experience and behaviour.screening', () => {
  it('accepts experience per pool entry and a screening policy', () => {
    const s = parse(
      `  experience: { vendor: ${VENDOR} }\n  screening: { invalid_types: [haircut], policy: true, screened_handle_sec: { dist: deterministic, value: 30 } }\n`,
    );
    expect(s.behaviour?.experience?.vendor?.new_agent_multiplier).toBe(1.5);
    expect(s.behaviour?.screening?.policy).toBe(true);
  });

  it('defaults the policy to false', () => {
    expect(parse('  screening: { invalid_types: [haircut] }\n').behaviour?.screening?.policy).toBe(false);
  });

  it('rejects an experience key that is no pool entry, naming the field and the pools', () => {
    expect(() => parse(`  experience: { vendr: ${VENDOR} }\n`)).toThrow(
      /staff\.yaml:\d+:\d+: behaviour\.experience\.vendr: "vendr" is not a pool entry; experience keys are pools\[\]\.name \(city, vendor\)/,
    );
  });

  it('rejects an invalid type that is no call type, naming the field', () => {
    expect(() => parse('  screening: { invalid_types: [haircut, beauty-card] }\n')).toThrow(
      /behaviour\.screening\.invalid_types\[1\]: "beauty-card" is no call type's name/,
    );
  });

  it('rejects a policy without screened_handle_sec, naming the field', () => {
    expect(() => parse('  screening: { invalid_types: [haircut], policy: true }\n')).toThrow(
      /behaviour\.screening\.screened_handle_sec: policy: true needs screened_handle_sec/,
    );
  });

  it('rejects a new-agent multiplier below 1 and a zero half-life, naming the fields', () => {
    const bad = '{ new_agent_multiplier: 0.8, half_life_days: 0, monthly_attrition: 0.05 }';
    expect(() => parse(`  experience: { vendor: ${bad} }\n`)).toThrow(
      /behaviour\.experience\.vendor\.new_agent_multiplier[\s\S]*behaviour\.experience\.vendor\.half_life_days/,
    );
  });

  it('rejects an unknown key in the experience entry', () => {
    const bad = '{ new_agent_multiplier: 1.2, half_life_days: 10, monthly_attrition: 0.05, ramp: 3 }';
    expect(() => parse(`  experience: { vendor: ${bad} }\n`)).toThrow(/behaviour\.experience\.vendor.*ramp/);
  });
});
