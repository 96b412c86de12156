import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_LIMITS, distributionSchema } from '../../src/scenario/distribution-schema.js';
import { SCENARIO_LIMITS } from '../../src/scenario/scenario-schema.js';

describe('distributionSchema', () => {
  it('accepts each documented distribution', () => {
    for (const d of [
      { dist: 'exponential', mean: 60 },
      { dist: 'lognormal', mean: 270, cv: 1 },
      { dist: 'gamma', mean: 270, cv: 0.5 },
      { dist: 'deterministic', value: 0 },
      { dist: 'empirical', values: [10, 20], weights: [1, 3] },
    ])
      expect(distributionSchema.safeParse(d).success, d.dist).toBe(true);
  });

  it('rejects a mean past the longest duration, a cv past the limit and weights that do not match the values', () => {
    expect(
      distributionSchema.safeParse({ dist: 'exponential', mean: DISTRIBUTION_LIMITS.durationSec + 1 }).success,
    ).toBe(false);
    expect(distributionSchema.safeParse({ dist: 'gamma', mean: 60, cv: DISTRIBUTION_LIMITS.cv + 1 }).success).toBe(
      false,
    );
    expect(distributionSchema.safeParse({ dist: 'empirical', values: [1, 2], weights: [1] }).success).toBe(false);
    expect(distributionSchema.safeParse({ dist: 'empirical', values: [1], weights: [0] }).success).toBe(false);
  });

  it('keeps its limits part of the scenario limits', () => {
    expect(SCENARIO_LIMITS).toMatchObject(DISTRIBUTION_LIMITS);
  });
});
