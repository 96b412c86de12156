import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../src/errors.js';
import { behaviourProblems, behaviourSchema } from '../../src/scenario/behaviour-schema.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/** A scenario with two pool entries (`city`, `vendor`), a survey line `survey` and a `behaviour` block. */
const scenario = (behaviour: string, survey = 'survey: { participation: 0.5, ratings: [1, 1, 1, 1, 1] }') => `name: b
horizon: { calls: 100 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
callers:
  ${survey}
pools:
  - { name: city, pool: in-house, skills: [g], agents: 2 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 2 }
${behaviour}
`;

/** The HotlineError message parseScenario throws, or '' when it accepts the text. */
function problem(yaml: string): string {
  try {
    parseScenario(yaml, 'b.yaml');
    return '';
  } catch (error) {
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_SCENARIO_INVALID');
    return (error as Error).message;
  }
}

describe('behaviour: in a scenario', () => {
  it('is optional, and absent stays absent (no defaults added)', () => {
    expect(parseScenario(scenario(''), 'b.yaml').behaviour).toBeUndefined();
    expect(parseScenario(scenario('behaviour: {}'), 'b.yaml').behaviour).toEqual({});
  });

  it('fills the documented defaults of satisfaction and resolution', () => {
    const s = parseScenario(
      scenario('behaviour: { satisfaction: { cutpoints: [0, 1, 2, 3] }, resolution: { first_contact: 0.8 } }'),
      'b.yaml',
    );
    expect(s.behaviour).toEqual({
      satisfaction: { cutpoints: [0, 1, 2, 3], per_wait_min: 0, unresolved: 0, by_group: {}, screened: 0 },
      resolution: { first_contact: 0.8, by_group: {} },
    });
  });

  it('accepts per-group values keyed by pool entry name, and a repeat', () => {
    const s = parseScenario(
      scenario(`behaviour:
  satisfaction: { cutpoints: [0, 1, 1, 3], per_wait_min: 0.1, unresolved: 1.2, by_group: { vendor: 0.5 } }
  resolution:
    first_contact: 0.8
    by_group: { vendor: 0.6 }
    repeat: { probability: 0.5, delay_sec: { dist: exponential, mean: 86400 } }`),
      'b.yaml',
    );
    expect(s.behaviour?.resolution?.repeat?.probability).toBe(0.5);
    expect(s.behaviour?.satisfaction?.by_group).toEqual({ vendor: 0.5 });
  });

  it.each([
    [
      'decreasing cutpoints',
      'satisfaction: { cutpoints: [0, 2, 1, 3] }',
      /behaviour\.satisfaction\.cutpoints.*must increase/,
    ],
    ['three cutpoints', 'satisfaction: { cutpoints: [0, 1, 2] }', /behaviour\.satisfaction\.cutpoints/],
    ['a share above 1', 'resolution: { first_contact: 1.2 }', /behaviour\.resolution\.first_contact/],
    [
      'a repeat probability of 1 (a never-resolved caller would call forever)',
      'resolution: { first_contact: 0.5, repeat: { probability: 1, delay_sec: { dist: deterministic, value: 60 } } }',
      /behaviour\.resolution\.repeat\.probability/,
    ],
    ['an unknown field', 'satisfaction: { cutpoints: [0, 1, 2, 3], per_wait_sec: 1 }', /behaviour\.satisfaction/],
  ])('rejects %s with the field path', (_label, block, message) => {
    expect(problem(scenario(`behaviour:\n  ${block}`))).toMatch(message);
  });

  it('rejects a by_group key that is no pool entry, naming file, line and field, and the names there are', () => {
    const text = problem(scenario('behaviour:\n  resolution: { first_contact: 0.8, by_group: { vendr: 0.6 } }'));
    expect(text).toMatch(/^b\.yaml:11:\d+: behaviour\.resolution\.by_group\.vendr: "vendr" is not a pool entry/);
    expect(text).toContain('(city, vendor)');
    expect(
      problem(scenario('behaviour:\n  satisfaction: { cutpoints: [0, 1, 2, 3], by_group: { outsourced: 1 } }')),
    ).toMatch(/behaviour\.satisfaction\.by_group\.outsourced: "outsourced" is not a pool entry/);
  });

  it('lets a survey omit its ratings only when the satisfaction model draws them', () => {
    const survey = 'survey: { participation: 0.5 }';
    expect(problem(scenario('', survey))).toMatch(/callers\.survey: give ratings/);
    expect(problem(scenario('behaviour: { satisfaction: { cutpoints: [0, 1, 2, 3] } }', survey))).toBe('');
  });
});

describe('behaviourProblems', () => {
  it('finds nothing wrong without a behaviour block', () => {
    expect(behaviourProblems({ pools: [{ name: 'a' }], call_types: [], callers: {} })).toEqual([]);
  });

  it('lists every unknown group name of both parts', () => {
    const behaviour = behaviourSchema.parse({
      satisfaction: { cutpoints: [0, 1, 2, 3], by_group: { x: 1 } },
      resolution: { first_contact: 0.5, by_group: { y: 0.5, a: 0.9 } },
    });
    expect(
      behaviourProblems({ behaviour, pools: [{ name: 'a' }], call_types: [], callers: {} }).map((p) => p.path),
    ).toEqual([
      ['behaviour', 'satisfaction', 'by_group', 'x'],
      ['behaviour', 'resolution', 'by_group', 'y'],
    ]);
  });
});
