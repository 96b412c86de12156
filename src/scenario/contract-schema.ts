import { z } from 'zod';
import type { Contract } from '../analysis/contract-assessment.js';
import { SCENARIO_LIMITS } from './scenario-schema.js';

const money = z.number().min(0).max(SCENARIO_LIMITS.money);
const share = z.number().min(0).max(1);

const penaltyRuleSchema = z
  .object({
    /** Per percentage point missed (per second outside the band for AHT). */
    per_point: money.default(0),
    /** Once per period missed. */
    fixed: money.default(0),
  })
  .strict();

/** A contract file (YAML): who it covers, the price, the targets and the penalties. See README, "Contracts". */
export const contractSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** The agent group(s) the contract covers (record `agentGroup`; in a scenario, pool entry names). */
    group: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)])
      .transform((g) => (typeof g === 'string' ? [g] : g)),
    pool: z.enum(['in-house', 'outsourced']).optional(),
    currency: z.string().min(1).max(10).default('RMB'),
    period: z.enum(['month', 'quarter']).default('month'),
    judge_on: z.enum(['point', 'interval']).default('point'),
    price: z
      .object({
        fixed_per_month: money.default(0),
        per_agent_hour: money.default(0),
        per_answered_call: money.default(0),
      })
      .strict()
      .default({ fixed_per_month: 0, per_agent_hour: 0, per_answered_call: 0 }),
    targets: z
      .object({
        answer_within_sec: z.number().positive().max(86400).default(15),
        service_level_min: share.optional(),
        abandon_rate_max: share.optional(),
        satisfaction_min: share.optional(),
        satisfaction_definition: z.enum(['strict', 'lenient']).default('strict'),
        aht_sec: z
          .object({
            min: z.number().min(0).max(SCENARIO_LIMITS.durationSec).optional(),
            max: z.number().positive().max(SCENARIO_LIMITS.durationSec).optional(),
          })
          .strict()
          .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'give min, max or both' })
          .refine((b) => b.min === undefined || b.max === undefined || b.min < b.max, {
            message: 'min must be below max',
          })
          .optional(),
        connection_rate_24h_min: share.optional(),
      })
      .strict(),
    penalties: z
      .object({
        service_level: penaltyRuleSchema.optional(),
        abandon_rate: penaltyRuleSchema.optional(),
        satisfaction: penaltyRuleSchema.optional(),
        aht: penaltyRuleSchema.optional(),
        connection_rate_24h: penaltyRuleSchema.optional(),
        /** Cap on a period's penalties as a share of its price; omitted: no cap. */
        cap_share_of_price: share.nullable().default(null),
      })
      .strict()
      .default({ cap_share_of_price: null }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const set: Record<string, unknown> = {
      service_level: c.targets.service_level_min,
      abandon_rate: c.targets.abandon_rate_max,
      satisfaction: c.targets.satisfaction_min,
      aht: c.targets.aht_sec,
      connection_rate_24h: c.targets.connection_rate_24h_min,
    };
    for (const key of Object.keys(set)) {
      if (c.penalties[key as keyof typeof c.penalties] !== undefined && set[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['penalties', key],
          message: `a penalty for ${key} needs its target in targets; add the target or remove the penalty`,
        });
    }
  });

/** A validated contract file. */
export type ContractFile = z.infer<typeof contractSchema>;

/** The schema's output is the analysis room's Contract (checked by the compiler here). */
export const asContract = (file: ContractFile): Contract => file;
