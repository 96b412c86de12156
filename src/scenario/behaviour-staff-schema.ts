import { z } from 'zod';
import { distributionSchema } from './distribution-schema.js';

/**
 * One pool entry's agent experience: handle time × (1 + (new_agent_multiplier − 1) × 2^(−tenure_days /
 * half_life_days)), and agents leaving at `monthly_attrition` (a Poisson rate: expected leavers per agent and
 * month of 30.4375 days), each replaced at once by a new agent (tenure 0).
 */
const groupExperienceSchema = z
  .object({
    /** A new agent's handle time over an experienced one's (1 = no difference). */
    new_agent_multiplier: z.number().min(1).max(10),
    /** Tenure, in days, after which a new agent's extra handle time has halved. */
    half_life_days: z.number().positive().max(3650),
    /** Leavers per agent and month (0.0167 ≈ a 20 % yearly cap; 0 = nobody leaves, everyone experienced). */
    monthly_attrition: z.number().min(0).max(1),
  })
  .strict();

/**
 * `behaviour.experience`: per scenario pool entry (by `name`), how much slower new agents are and how often agents
 * leave, e.g. `{ vendor: { new_agent_multiplier: 1.6, half_life_days: 30, monthly_attrition: 0.08 } }`. Pool
 * entries not listed have experienced agents and no turnover.
 */
export const experienceSchema = z.record(z.string().min(1), groupExperienceSchema);

/**
 * `behaviour.screening`: invalid and unreasonable requests (call types named in `invalid_types`, e.g. the
 * seed's haircut and beauty-card callers). With `policy: true` agents screen them out: their handle time is
 * `screened_handle_sec` (no after-call work) and the call is marked screened (satisfaction's `screened`
 * coefficient); without the policy they take their call type's handle_sec.
 */
export const screeningSchema = z
  .object({
    invalid_types: z.array(z.string().min(1)).min(1).max(1000),
    policy: z.boolean().default(false),
    /** Handle time of a screened-out invalid request, seconds; required with `policy: true`. */
    screened_handle_sec: distributionSchema.optional(),
  })
  .strict()
  .refine((s) => !s.policy || s.screened_handle_sec !== undefined, {
    message: 'policy: true needs screened_handle_sec (the handle time of a screened-out request)',
    path: ['screened_handle_sec'],
  });
