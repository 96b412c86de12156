import { z } from 'zod';
import { SCENARIO_LIMITS } from './scenario-limits.js';

const L = SCENARIO_LIMITS;
const seconds = z.number().positive().max(L.durationSec);

/** A distribution in seconds, as in `handle_sec: { dist: lognormal, mean: 270, cv: 1 }`. */
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
