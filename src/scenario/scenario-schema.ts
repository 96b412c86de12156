import { z } from 'zod';
import type { Contract } from '../analysis/contract-assessment.js';
import { behaviourSchema } from './behaviour-schema.js';
import { distributionSchema } from './distribution-schema.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';

export { SCENARIO_LIMITS, distributionSchema };

const L = SCENARIO_LIMITS;
const positive = z.number().positive();
const share = z.number().min(0).max(1);
const money = z.number().min(0).max(L.money);
const agentCount = z.number().int().min(0).max(L.agents);

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const poolSchema = z
  .object({
    name: z.string().min(1),
    pool: z.enum(['in-house', 'outsourced']),
    skills: z.array(z.string().min(1)).min(1),
    /** Agents on duty all the time (scheduled headcount when `shrinkage` is given). */
    agents: agentCount.optional(),
    /** Agents on duty per hour of the day, 24 values, repeated every day. */
    agents_by_hour: z.array(agentCount).length(24).optional(),
    /** A shift plan: each shift's start hour (0-23.5), length, agents, and the weekdays it starts on (all when omitted). */
    shifts: z
      .array(
        z
          .object({
            start_hour: z.number().min(0).lt(24),
            hours: z.number().positive().max(24),
            agents: agentCount,
            days: z.array(z.enum(DAYS)).min(1).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000)
      .optional(),
    /** Share of scheduled time not on the phone (breaks, training, absence): on-phone = round(agents × (1 − shrinkage)). */
    shrinkage: z.number().min(0).max(0.95).default(0),
    /** A caller reaches this group only after waiting this long (overflow to a vendor), seconds. */
    min_wait_sec: z.number().min(0).max(86400).default(0),
    /** Lower is preferred when several groups have a free agent. */
    priority: z.number().int().min(-1000).max(1000).default(1),
    /**
     * An idle agent looks at the queues every this many seconds from the moment it found them empty (hotline's agent
     * line: 10 s), so a caller arriving to idle agents waits for the first one's next look; absent or 0: at once
     * (an ACD that pushes callers to idle agents). An agent finishing a call looks at once either way.
     */
    poll_sec: z.number().min(0).max(3600).optional(),
    cost: z
      .object({
        per_agent_hour: money.optional(),
        per_agent_year: money.optional(),
        /** Per workstation and year; seats = the most agents scheduled at once. */
        per_seat_year: money.optional(),
        fixed_per_year: money.optional(),
      })
      .strict()
      .optional(),
    /** A contract file (relative to the scenario file) this pool entry is assessed and paid under. */
    contract: z.string().min(1).max(4096).optional(),
  })
  .strict()
  .refine((p) => [p.agents, p.agents_by_hour, p.shifts].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of agents, agents_by_hour or shifts',
  });

/** A planner's scenario file (YAML): demand, callers, agent pools, costs, targets. */
export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Flow the callers run: a flow name in flows/, or `none` for callers who go straight to the queue. */
    flow: z.string().min(1).default('none'),
    seed: z.number().int().min(-2147483648).max(4294967295).default(1),
    replications: z.number().int().min(1).max(10000).default(10),
    horizon: z
      .object({
        days: z.number().positive().max(L.horizonDays).optional(),
        /** Stop after this many first calls (a stationary benchmark). */
        calls: z.number().int().positive().max(L.horizonCalls).optional(),
        start_day: z.enum(DAYS).default('Mon'),
      })
      .strict()
      .refine((h) => h.days !== undefined || h.calls !== undefined, { message: 'give days, calls, or both' }),
    /** Length of an interval (staffing, hourly tables): divides an hour (1, 5, 15, 30, 60) or is whole hours dividing a day. */
    interval_minutes: z
      .number()
      .positive()
      .max(1440)
      .refine((m) => 1440 % m === 0 && (60 % m === 0 || m % 60 === 0), {
        message: 'must divide an hour (e.g. 15, 30, 60) or be whole hours dividing a day (120, 180, …)',
      })
      .default(60),
    /** Calls arriving in the first minutes are not counted (stationary runs). */
    warmup_minutes: z
      .number()
      .min(0)
      .max(L.horizonDays * 1440)
      .default(0),
    demand: z
      .object({
        /** Constant arrival rate. */
        calls_per_hour: positive.max(L.callsPerHour).optional(),
        /** Daily volume, spread by `hourly_profile_pct` and `day_of_week_factor`. */
        calls_per_day: positive.max(L.callsPerDay).optional(),
        /** Share of a day's calls in each hour, percent; the 24 values add up to 100 (± profileSumTolerancePct). */
        hourly_profile_pct: z.array(z.number().min(0).max(100)).length(24).optional(),
        day_of_week_factor: z.partialRecord(z.enum(DAYS), z.number().min(0).max(L.factor)).optional(),
        /** Day-to-day variation: each day's volume is multiplied by a gamma draw with mean 1 and this CV. */
        day_noise_cv: z.number().min(0).max(2).default(0),
        surges: z
          .array(
            z
              .object({
                name: z.string(),
                start_day: z.number().int().min(0).max(L.horizonDays),
                days: z.number().int().positive().max(L.horizonDays),
                multiplier: positive.max(L.factor),
              })
              .strict(),
          )
          .max(1000)
          .default([]),
      })
      .strict()
      .refine((d) => (d.calls_per_hour === undefined) !== (d.calls_per_day === undefined), {
        message: 'give exactly one of calls_per_hour or calls_per_day',
      })
      .refine(
        (d) =>
          d.calls_per_hour === undefined ||
          (d.day_of_week_factor === undefined && d.surges.length === 0 && d.day_noise_cv === 0),
        {
          message:
            'day_of_week_factor, surges and day_noise_cv shape a daily volume: use them with calls_per_day, not calls_per_hour',
        },
      )
      .refine((d) => d.calls_per_day === undefined || d.hourly_profile_pct !== undefined, {
        message: 'calls_per_day needs hourly_profile_pct (24 values)',
      }),
    /** Shares add up to 1 (± shareSumTolerance). */
    call_types: z
      .array(
        z
          .object({
            name: z.string().min(1),
            share: share,
            skill: z.string().min(1),
            /** Talk plus after-call work, seconds. */
            handle_sec: distributionSchema,
            /** Handle time per pool where it differs (e.g. a vendor's newer agents take longer). */
            handle_sec_by_pool: z.partialRecord(z.enum(['in-house', 'outsourced']), distributionSchema).optional(),
            /**
             * The after-call-work (wrap-up) part of handle_sec, seconds; omit for none. The agent is busy for the
             * whole handle time, the caller only for the talk: talk = handle − acw (each call's acw capped at its
             * handle time).
             */
            acw_sec: distributionSchema.optional(),
            /** After-call work per pool where it differs (a pool not listed takes acw_sec, or none). */
            acw_sec_by_pool: z.partialRecord(z.enum(['in-house', 'outsourced']), distributionSchema).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
    callers: z
      .object({
        /** Patience in the queue; omit for callers who never hang up. */
        patience_sec: distributionSchema.optional(),
        redial: z.object({ probability: share, delay_sec: distributionSchema }).strict().optional(),
        survey: z
          .object({
            participation: share,
            /** Weights of ratings 1..5; not used (and may be omitted) when behaviour.satisfaction is given. */
            ratings: z
              .array(z.number().min(0))
              .length(5)
              .refine((w) => w.some((x) => x > 0), { message: 'at least one rating needs a weight above 0' })
              .optional(),
          })
          .strict()
          .optional(),
        /** Time in the IVR before the queue when `flow: none` (e.g. a recorded greeting), seconds. */
        ivr_sec: distributionSchema.optional(),
        /** How callers behave in the flow's IVR (when `flow` names one). */
        ivr: z
          .object({
            /** Per gather state: weight of each action: a key ('1', '*'), 'entry', 'invalid', 'none', 'hangup', 'say:TEXT', 'unmatched-speech'. States not listed get no input. */
            choices: z.record(z.string(), z.record(z.string(), z.number().min(0))).default({}),
            /** Probability that each lookup service finds an answer (default 0.8). */
            lookups: z.record(z.string(), z.object({ found: share }).strict()).default({}),
            /** Pause after the prompts before the caller's input. */
            think_sec: distributionSchema.default({ dist: 'lognormal', mean: 2, cv: 0.5 }),
            /** Probability that a waiting caller accepts the callback offer when it is made. */
            callback_accept: share.default(0.3),
            /** Probability that the citizen answers the hotline's callback. */
            callback_answer: share.default(0.8),
            /** Delay before the hotline places a booked callback. */
            callback_delay_sec: distributionSchema.default({ dist: 'deterministic', value: 300 }),
            /** Length of a recorded message, seconds. */
            message_sec: positive.max(3600).default(30),
            /** TTS speed: Mandarin characters and English words per second. */
            speech_rate: z
              .object({
                cmn_chars_per_sec: positive.max(100).default(4.5),
                en_words_per_sec: positive.max(100).default(2.6),
              })
              .strict()
              .default({ cmn_chars_per_sec: 4.5, en_words_per_sec: 2.6 }),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    /** Take caller behaviour from a folder of recorded calls (hotline-recording/1), replayed against `flow`. */
    recordings: z
      .object({
        /** The folder, relative to the scenario file. */
        dir: z.string().min(1),
        /** What to take: the hour-of-day arrival profile (volume stays demand.calls_per_day), the choices at each gather, patience (Kaplan–Meier over queue waits), handle times. */
        use: z
          .array(z.enum(['arrivals', 'choices', 'patience', 'handle_times']))
          .min(1)
          .default(['arrivals', 'choices', 'patience', 'handle_times']),
      })
      .strict()
      .optional(),
    /** Behaviour models (satisfaction, resolution…); absent = today's results byte for byte. See behaviour-schema.ts. */
    behaviour: behaviourSchema.optional(),
    pools: z.array(poolSchema).min(1).max(100),
    /** Paid hours of one full-time agent per week (China's standard 40 h), to turn agent-hours into FTE. */
    paid_hours_per_fte_week: positive.max(168).default(40),
    /** Contract files (relative to the scenario file); each covers the pool entries named in its `group`. */
    contracts: z.array(z.string().min(1).max(4096)).max(100).optional(),
    /** The simple annual rule: a charge per year for each percentage point a KPI misses `targets` (see README, Contracts). */
    penalties: z
      .object({
        per_point_below_service_level: money.default(0),
        per_point_above_abandon_rate: money.default(0),
      })
      .strict()
      .default({ per_point_below_service_level: 0, per_point_above_abandon_rate: 0 }),
    targets: z
      .object({
        answer_within_sec: positive.max(86400).default(15),
        service_level: share.default(0.8),
        abandon_rate_max: share.default(0.05),
      })
      .strict()
      .default({ answer_within_sec: 15, service_level: 0.8, abandon_rate_max: 0.05 }),
  })
  .strict();

/** A contract a scenario names, loaded, with the pool entries (by name) it covers. */
export interface ScenarioContract {
  /** The contract file, as the scenario names it. */
  readonly file: string;
  readonly contract: Contract;
  /** Names of the scenario's pool entries the contract covers. */
  readonly pools: readonly string[];
}

/**
 * A validated scenario, as the loader returns it; `contractTerms` holds the
 * contracts it names once loaded (attachContracts), so they travel with the
 * scenario to replication workers.
 */
export type Scenario = z.infer<typeof scenarioSchema> & { readonly contractTerms?: readonly ScenarioContract[] };
/** A validated distribution spec. */
export type DistributionInput = z.infer<typeof distributionSchema>;
/** Days of the week, Monday first. */
export const WEEKDAYS = DAYS;
