import { z } from 'zod';
import { experienceSchema, screeningSchema } from './behaviour-staff-schema.js';
import { distributionSchema } from './distribution-schema.js';

/** Largest absolute cutpoint or coefficient of the satisfaction model (logits: ±50 is certainty many times over). */
export const MAX_LOGIT = 50;

const logit = z.number().min(-MAX_LOGIT).max(MAX_LOGIT);
const share = z.number().min(0).max(1);

/**
 * `behaviour.satisfaction`: the ordinal cumulative-logit model of survey ratings 1 (very satisfied) … 5 (very
 * dissatisfied). eta = per_wait_min × queue wait (minutes) + (unresolved when the call was not resolved) +
 * by_group[answering group] + (screened when the caller was screened out); P(rating <= k) = 1 / (1 + exp(−(t_k −
 * eta))). Positive coefficients make ratings worse. Participation stays `callers.survey.participation` (or the
 * flow's survey choices); `callers.survey.ratings` is not used.
 * @example { cutpoints: [0, 1.4, 2.2, 2.9], per_wait_min: 0.1, unresolved: 1.5, by_group: { vendor: 0.4 } }
 */
export const satisfactionSchema = z
  .object({
    /** t_1..t_4, each at least the one before (equal cutpoints give the level between them probability 0). */
    cutpoints: z
      .array(logit)
      .length(4)
      .refine((t) => t.every((x, k) => k === 0 || x >= (t[k - 1] as number)), {
        message: 'cutpoints must increase: t1 <= t2 <= t3 <= t4',
      }),
    /** Added to eta per minute the caller waited in the queue. */
    per_wait_min: logit.default(0),
    /** Added to eta when the call was not resolved (needs behaviour.resolution to matter). */
    unresolved: logit.default(0),
    /** Added to eta for calls answered by the pool entry of that name. */
    by_group: z.record(z.string().min(1), logit).default({}),
    /** Added to eta for callers whose request was screened out (behaviour.screening). */
    screened: logit.default(0),
  })
  .strict();

/**
 * `behaviour.resolution`: first-contact resolution of answered calls, per answering pool entry, and repeat calls
 * of unresolved requests (the same caller and call type, a new inbound first attempt, after `delay_sec`).
 * @example
 * { first_contact: 0.8, by_group: { vendor: 0.65 },
 *   repeat: { probability: 0.6, delay_sec: { dist: exponential, mean: 86400 } } }
 */
export const resolutionSchema = z
  .object({
    /** Share of answered calls resolved, for every group not in `by_group`. */
    first_contact: share,
    /** Share resolved by the pool entry of that name. */
    by_group: z.record(z.string().min(1), share).default({}),
    /** An unresolved caller calls again with `probability` after `delay_sec` (below 1: never-resolved callers stop). */
    repeat: z
      .object({ probability: z.number().min(0).lt(1), delay_sec: distributionSchema })
      .strict()
      .optional(),
  })
  .strict();

/** `behaviour:` (all optional; absent = the results without the behaviour models, byte for byte). */
export const behaviourSchema = z
  .object({
    satisfaction: satisfactionSchema.optional(),
    resolution: resolutionSchema.optional(),
    experience: experienceSchema.optional(),
    screening: screeningSchema.optional(),
  })
  .strict();

/** A validated `behaviour:` block. */
export type BehaviourInput = z.infer<typeof behaviourSchema>;

/** A problem with a behaviour block that needs the rest of the scenario: the field's path and what is wrong. */
export interface BehaviourProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The parts of a scenario the behaviour checks read. */
export interface BehaviourContext {
  readonly behaviour?: BehaviourInput | undefined;
  readonly pools: readonly { readonly name: string }[];
  readonly call_types: readonly { readonly name: string }[];
  readonly callers: { readonly survey?: { readonly ratings?: readonly number[] | undefined } | undefined };
}

/**
 * What the schema cannot check alone: every `by_group` and `experience` key names a pool entry (`pools[].name`),
 * every `screening.invalid_types` entry a call type, and a `callers.survey` gives its `ratings` unless
 * `behaviour.satisfaction` draws them. Returns the problems found (none: an empty list).
 */
export function behaviourProblems(scenario: BehaviourContext): BehaviourProblem[] {
  const problems: BehaviourProblem[] = [];
  const names = scenario.pools.map((p) => p.name);
  const known = new Set(names);
  const groupKeys: [readonly (string | number)[], readonly string[]][] = [
    [['behaviour', 'satisfaction', 'by_group'], Object.keys(scenario.behaviour?.satisfaction?.by_group ?? {})],
    [['behaviour', 'resolution', 'by_group'], Object.keys(scenario.behaviour?.resolution?.by_group ?? {})],
    [['behaviour', 'experience'], Object.keys(scenario.behaviour?.experience ?? {})],
  ];
  for (const [at, keys] of groupKeys)
    for (const name of keys)
      if (!known.has(name))
        problems.push({
          path: [...at, name],
          message: `"${name}" is not a pool entry; ${at.at(-1)} keys are pools[].name (${names.join(', ')}).`,
        });
  const types = scenario.call_types.map((t) => t.name);
  for (const [i, name] of (scenario.behaviour?.screening?.invalid_types ?? []).entries())
    if (!types.includes(name))
      problems.push({
        path: ['behaviour', 'screening', 'invalid_types', i],
        message: `"${name}" is no call type's name; list call types from call_types (${types.join(', ')}).`,
      });
  const survey = scenario.callers.survey;
  if (survey && survey.ratings === undefined && !scenario.behaviour?.satisfaction)
    problems.push({
      path: ['callers', 'survey'],
      message: 'give ratings (the weights of ratings 1..5), or behaviour.satisfaction to draw them from its model.',
    });
  return problems;
}
