import { z } from 'zod';

/**
 * The limits of a distribution field (part of SCENARIO_LIMITS): wide enough for any real hotline, narrow
 * enough that a typo is an error at load.
 */
export const DISTRIBUTION_LIMITS = {
  /** Longest duration a distribution may give or average, seconds (a week). */
  durationSec: 604_800,
  /** Largest coefficient of variation of a distribution. */
  cv: 20,
  /** Most values of an empirical distribution. */
  empiricalValues: 1_000_000,
} as const;

const L = DISTRIBUTION_LIMITS;
const seconds = z.number().positive().max(L.durationSec);

/**
 * A distribution in seconds, as in `handle_sec: { dist: lognormal, mean: 270, cv: 1 }`. In a file of its own
 * so that every scenario part's schema (scenario-schema.ts, behaviour-schema.ts) can use it without importing
 * each other.
 */
export const distributionSchema = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('exponential'), mean: seconds }).strict(),
  z.object({ dist: z.literal('lognormal'), mean: seconds, cv: z.number().positive().max(L.cv) }).strict(),
  z.object({ dist: z.literal('gamma'), mean: seconds, cv: z.number().positive().max(L.cv) }).strict(),
  z.object({ dist: z.literal('deterministic'), value: z.number().min(0).max(L.durationSec) }).strict(),
  z
    .object({
      dist: z.literal('empirical'),
      values: z.array(z.number().min(0).max(L.durationSec)).min(1).max(L.empiricalValues),
      weights: z.array(z.number().min(0).max(1e12)).optional(),
    })
    .strict()
    .refine((d) => !d.weights || (d.weights.length === d.values.length && d.weights.some((w) => w > 0)), {
      message: 'weights need one entry per value, not all 0',
    }),
]);
