import { describe, expect, it } from 'vitest';
import { asContract, contractSchema } from '../../src/scenario/contract-schema.js';

const base = { name: 'C', group: 'g', targets: {} };

describe('contractSchema', () => {
  it('gives a Contract with every default filled in', () => {
    const c = asContract(contractSchema.parse(base));
    expect(c).toEqual({
      name: 'C',
      group: ['g'],
      currency: 'RMB',
      period: 'month',
      judge_on: 'point',
      price: { fixed_per_month: 0, per_agent_hour: 0, per_answered_call: 0 },
      targets: { answer_within_sec: 15, satisfaction_definition: 'strict' },
      penalties: { cap_share_of_price: null },
    });
  });

  it('fills a penalty rule its missing half with 0', () => {
    const c = contractSchema.parse({
      ...base,
      targets: { abandon_rate_max: 0.05 },
      penalties: { abandon_rate: { fixed: 9 } },
    });
    expect(c.penalties.abandon_rate).toEqual({ per_point: 0, fixed: 9 });
  });

  it('refuses an AHT band with min not below max, an empty band, a rate above 1 and a negative price', () => {
    const issues = (input: unknown) => contractSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...base, targets: { aht_sec: { min: 400, max: 300 } } })).toEqual(['targets.aht_sec']);
    expect(issues({ ...base, targets: { aht_sec: {} } })).toEqual(['targets.aht_sec']);
    expect(issues({ ...base, targets: { abandon_rate_max: 5 } })).toEqual(['targets.abandon_rate_max']);
    expect(issues({ ...base, price: { per_agent_hour: -1 } })).toEqual(['price.per_agent_hour']);
    expect(issues({ ...base, group: [] })).toEqual(['group']);
  });
});
