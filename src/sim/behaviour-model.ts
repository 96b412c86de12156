import type { Sampler } from './distributions.js';
import type { SimState } from './sim-state.js';

/**
 * The satisfaction model (`behaviour.satisfaction`), resolved to group indexes: eta = perWaitMin × queue wait
 * (minutes) + (unresolved when the call was not resolved) + byGroup[answering group] + (screened for a screened
 * caller); the rating is drawn from the ordinal cumulative-logit model at eta.
 */
export interface SatisfactionModel {
  readonly perWaitMin: number;
  readonly unresolved: number;
  /** Added to eta per agent group (SimModel.groups order); 0 for groups the scenario does not name. */
  readonly byGroup: readonly number[];
  readonly screened: number;
  /**
   * The rating 1..5 for linear predictor `eta` and a uniform draw `u` in [0, 1): the model's inverse cumulative
   * distribution. Injected by the model's builder (analysis/ordinal-rating's ratingFromUniform over the
   * scenario's cutpoints), since the simulator may not import the analysis room.
   */
  readonly rate: (eta: number, u: number) => number;
}

/** First-contact resolution (`behaviour.resolution`) per agent group, and repeat calls of unresolved requests. */
export interface ResolutionModel {
  /** Probability that an answered call is resolved, per agent group (SimModel.groups order). */
  readonly byGroup: readonly number[];
  /** An unresolved caller calls again with `probability`, after `delaySec`; null for never. */
  readonly repeat: { readonly probability: number; readonly delaySec: Sampler } | null;
}

/** Values of CallSlots.resolved. */
export const Resolved = { Unknown: -1, No: 0, Yes: 1 } as const;

/** Satisfaction as the scenario gives it (validated), before group names become indexes. */
export interface SatisfactionSpec {
  readonly per_wait_min: number;
  readonly unresolved: number;
  readonly by_group: Readonly<Record<string, number>>;
  readonly screened: number;
}

/** Resolution as the scenario gives it (validated); its repeat comes apart, the delay as a sampler. */
export interface ResolutionSpec {
  readonly first_contact: number;
  readonly by_group: Readonly<Record<string, number>>;
}

/** The satisfaction model of `spec` for agent groups named `groupNames`; `rate` as in SatisfactionModel. */
export function satisfactionModel(
  spec: SatisfactionSpec,
  groupNames: readonly string[],
  rate: (eta: number, u: number) => number,
): SatisfactionModel {
  return {
    perWaitMin: spec.per_wait_min,
    unresolved: spec.unresolved,
    byGroup: groupNames.map((name) => spec.by_group[name] ?? 0),
    screened: spec.screened,
    rate,
  };
}

/** The resolution model of `spec` for agent groups named `groupNames`, repeating as `repeat` says. */
export function resolutionModel(
  spec: ResolutionSpec,
  groupNames: readonly string[],
  repeat: ResolutionModel['repeat'],
): ResolutionModel {
  return { byGroup: groupNames.map((name) => spec.by_group[name] ?? spec.first_contact), repeat };
}

/**
 * Draws whether the call in `slot`, just answered by group `g`, is resolved (the `resolution` stream); nothing
 * without a resolution model.
 */
export function drawResolved(s: SimState, slot: number, g: number): void {
  const model = s.model.resolution;
  if (model)
    s.calls.resolved[slot] = s.rng.resolution.next() < (model.byGroup[g] as number) ? Resolved.Yes : Resolved.No;
}

/** The call's `resolved` as the record gives it: null unless there is a resolution model and the call was answered. */
export function resolvedOf(s: SimState, slot: number): boolean | null {
  if (!s.model.resolution || s.calls.answer[slot]! < 0) return null;
  return s.calls.resolved[slot] === Resolved.Yes;
}

/**
 * The rating the caller in `slot` (an answered call) gives under the satisfaction model, drawn from the
 * `satisfaction` stream; null without a model. eta uses the call's queue wait (answer − queue entry), whether it
 * was resolved (only with a resolution model), the answering group and CallSlots.screened.
 */
export function drawRating(s: SimState, slot: number): number | null {
  const model = s.model.satisfaction;
  if (!model) return null;
  const calls = s.calls;
  const answerSec = calls.answer[slot] as number;
  // A survey reached without an agent (a flow's own path there) counts no wait.
  const waitMin = answerSec >= 0 ? (answerSec - (calls.queueEntry[slot] as number)) / 60 : 0;
  const g = calls.group[slot] as number;
  const eta =
    model.perWaitMin * waitMin +
    (resolvedOf(s, slot) === false ? model.unresolved : 0) +
    (g >= 0 ? (model.byGroup[g] as number) : 0) +
    (calls.screened[slot] === 1 ? model.screened : 0);
  return model.rate(eta, s.rng.satisfaction.next());
}

/**
 * Whether the call in `slot`, ending now, makes its caller call again as an unresolved request (the `repeat`
 * stream decides): answered, not resolved, and the draw below `repeat.probability`. Returns the delay in
 * seconds, or -1 for no repeat call.
 */
export function repeatDelaySec(s: SimState, slot: number): number {
  const repeat = s.model.resolution?.repeat;
  if (!repeat || resolvedOf(s, slot) !== false) return -1;
  if (s.rng.repeat.next() >= repeat.probability) return -1;
  return repeat.delaySec(s.rng.repeat);
}
