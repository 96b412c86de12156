import { describe, expect, it } from 'vitest';
import { SCENARIO_LIMITS } from '../../src/scenario/scenario-limits.js';
import { SCENARIO_LIMITS as REEXPORTED, scenarioSchema } from '../../src/scenario/scenario-schema.js';

const scenario = (days: number, agents: number) => ({
  name: 'limits',
  horizon: { days },
  demand: { calls_per_hour: 10 },
  call_types: [{ name: 'g', share: 1, skill: 'g', handle_sec: { dist: 'exponential', mean: 100 } }],
  pools: [{ name: 'a', pool: 'in-house', skills: ['g'], agents }],
});

describe('SCENARIO_LIMITS', () => {
  it('is the object scenario-schema re-exports (one set of documented ranges)', () => {
    expect(REEXPORTED).toBe(SCENARIO_LIMITS);
  });

  it('bounds the horizon and the agents of a scenario', () => {
    expect(scenarioSchema.safeParse(scenario(SCENARIO_LIMITS.horizonDays, SCENARIO_LIMITS.agents)).success).toBe(true);
    expect(scenarioSchema.safeParse(scenario(SCENARIO_LIMITS.horizonDays + 1, 1)).success).toBe(false);
    expect(scenarioSchema.safeParse(scenario(1, SCENARIO_LIMITS.agents + 1)).success).toBe(false);
  });
});
