import { describe, expect, it } from 'vitest';
import { distributionSchema } from '../../src/scenario/distribution-schema.js';
import { SCENARIO_LIMITS } from '../../src/scenario/scenario-limits.js';

describe('distributionSchema', () => {
  it('accepts each kind of distribution', () => {
    for (const d of [
      { dist: 'exponential', mean: 120 },
      { dist: 'lognormal', mean: 270, cv: 1 },
      { dist: 'gamma', mean: 270, cv: 0.5 },
      { dist: 'deterministic', value: 0 },
      { dist: 'empirical', values: [10, 20], weights: [1, 3] },
    ])
      expect(distributionSchema.safeParse(d).success).toBe(true);
  });

  it('rejects means past the longest duration and CVs past the largest (SCENARIO_LIMITS)', () => {
    expect(distributionSchema.safeParse({ dist: 'exponential', mean: SCENARIO_LIMITS.durationSec + 1 }).success).toBe(
      false,
    );
    expect(distributionSchema.safeParse({ dist: 'lognormal', mean: 10, cv: SCENARIO_LIMITS.cv + 1 }).success).toBe(
      false,
    );
  });

  it('rejects empirical weights that do not match the values', () => {
    const r = distributionSchema.safeParse({ dist: 'empirical', values: [10, 20], weights: [1] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/one entry per value/);
  });
});
