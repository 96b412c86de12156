import { HotlineError } from '../errors.js';
import type { CallEvent } from '../flow/call-event.js';
import { INVALID_ENTRY, UNMATCHED_SPEECH } from '../flow/graph/flow-events.js';
import { machineInternals } from '../flow/graph/machine-internals.js';
import type { Language } from '../flow/text.js';
import { stepPromptSec, type SpeechRate } from '../flow/prompt-duration.js';
import type { CompiledFlow } from '../flow/runtime/compiled-flow.js';
import type { Sampler } from './distributions.js';

/** What a simulated caller does at a gather. */
export type ChoiceAction =
  | {
      readonly kind: 'event';
      readonly event: CallEvent /** Seconds of keying or speaking beyond the think time. */;
      readonly inputSec: number;
    }
  | { readonly kind: 'none' }
  | { readonly kind: 'hangup' };

/** The choices at one gather state: cumulative probabilities and actions. */
export interface ChoiceTable {
  readonly cumulative: Float64Array;
  readonly actions: readonly ChoiceAction[];
}

/**
 * The action a caller takes at a gather, for a uniform draw `u` in [0, 1): the first action whose cumulative
 * probability exceeds `u` (the last one when rounding leaves `u` above them all). The one picker of choice
 * tables: the simulator's flow runner and `hotline load`'s scenario callers both use it, so a scenario's
 * callers choose alike in virtual time and against a live server.
 */
export function pickChoice(table: ChoiceTable, u: number): ChoiceAction {
  const { cumulative, actions } = table;
  let i = 0;
  while (i < cumulative.length - 1 && (cumulative[i] as number) <= u) i += 1;
  return actions[i] as ChoiceAction;
}

/** Language tags in the order prompt durations are tabulated. */
export const SIM_LANGUAGES: readonly Language[] = ['cmn-CN', 'en-US'];

/** A flow and how simulated callers behave in it. */
export interface SimFlowModel {
  readonly compiled: CompiledFlow;
  /** Seconds to play each state's prompts, by state index then language index (SIM_LANGUAGES). */
  readonly promptSec: readonly Float64Array[];
  /** Choices per state index (gathers); null where the caller does nothing (no input). */
  readonly choices: readonly (ChoiceTable | null)[];
  /** Probability that a lookup finds an answer, by service. */
  readonly lookupFound: Readonly<Record<string, number>>;
  /** Pause between the end of the prompts and the caller's input. */
  readonly thinkSec: Sampler;
  /** Probability a waiting caller accepts the callback offer when it comes. */
  readonly callbackAccept: number;
  /** Probability the citizen answers the hotline's callback. */
  readonly callbackAnswer: number;
  /** Delay before the hotline places a booked callback. */
  readonly callbackDelaySec: Sampler;
  /** Seconds of a recorded message. */
  readonly messageSec: number;
}

/** Settings of the caller model, as a scenario gives them (validated). */
export interface CallerModelInput {
  /** Per gather state id: weight of each action: a key ('1', '*'), 'entry' (a valid entry), 'invalid', 'none', 'hangup', or 'say:TEXT'. */
  readonly choices: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly lookups: Readonly<Record<string, { readonly found: number }>>;
  readonly thinkSec: Sampler;
  readonly callbackAccept: number;
  readonly callbackAnswer: number;
  readonly callbackDelaySec: Sampler;
  readonly speechRate: SpeechRate;
  readonly messageSec: number;
}

/**
 * Builds the simulator's view of a flow: prompt durations per state and
 * language, and the callers' choices at each gather, checked against the
 * flow (a choice for a state that is not a gather, or an 'entry' where no
 * pattern is expected, is an error naming the scenario field).
 */
export function buildFlowModel(compiled: CompiledFlow, input: CallerModelInput, where: string): SimFlowModel {
  const promptSec = compiled.states.map((state) =>
    Float64Array.from(SIM_LANGUAGES, (lang) => (state.step ? stepPromptSec(state.step, lang, input.speechRate) : 0)),
  );
  for (const id of Object.keys(input.choices)) {
    const index = compiled.stateIndex(id);
    if (index === undefined)
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where}.choices.${id}: flow "${compiled.flow.id}" has no state "${id}" (gathers: ${compiled.states
          .filter((s) => s.step?.kind === 'gather')
          .map((s) => s.id)
          .join(', ')}).`,
      );
    if (compiled.states[index]!.step?.kind !== 'gather')
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where}.choices.${id}: state "${id}" is a ${compiled.states[index]!.step?.kind ?? 'final'} step, not a gather; choices apply to gathers only.`,
      );
  }
  const choices = compiled.states.map((state) => {
    const weights = input.choices[state.id];
    if (!weights || state.step?.kind !== 'gather') return null;
    const step = state.step;
    const actions: ChoiceAction[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const [key, weight] of Object.entries(weights)) {
      if (!(weight >= 0))
        throw new HotlineError(
          'HOTLINE_SCENARIO_INVALID',
          `${where}.choices.${state.id}.${key}: weight must be >= 0, got ${weight}.`,
        );
      let action: ChoiceAction;
      if (key === 'none') action = { kind: 'none' };
      else if (key === 'hangup') action = { kind: 'hangup' };
      else if (key.startsWith('say:')) {
        if (step.input === 'dtmf')
          throw new HotlineError(
            'HOTLINE_SCENARIO_INVALID',
            `${where}.choices.${state.id}.${key}: state "${state.id}" takes keys only, not speech.`,
          );
        action = { kind: 'event', event: { type: 'SPEECH', text: key.slice(4), confidence: 0.9 }, inputSec: 2 };
      } else if (key === 'entry') {
        const example = exampleEntry(compiled, state.id);
        if (!example)
          throw new HotlineError(
            'HOTLINE_SCENARIO_INVALID',
            `${where}.choices.${state.id}.entry: state "${state.id}" expects no free entry (no entered(...) guard); use the keys it expects.`,
          );
        action = { kind: 'event', event: { type: 'DIGITS', digits: example }, inputSec: example.length * 0.4 };
      } else if (key === 'invalid') {
        action = { kind: 'event', event: { type: 'DIGITS', digits: invalidKey(compiled, state.id) }, inputSec: 0.5 };
      } else if (key === 'unmatched-speech') {
        action = { kind: 'event', event: { type: 'SPEECH', text: UNMATCHED_SPEECH, confidence: 0.5 }, inputSec: 2 };
      } else if (/^[0-9*#]+$/.test(key)) {
        action = { kind: 'event', event: { type: 'DIGITS', digits: key }, inputSec: key.length * 0.4 };
      } else {
        throw new HotlineError(
          'HOTLINE_SCENARIO_INVALID',
          `${where}.choices.${state.id}: "${key}" is not a choice; use keys like '1' or '*', 'entry', 'invalid', 'none', 'hangup', or 'say:TEXT'.`,
        );
      }
      total += weight;
      actions.push(action);
      cumulative.push(total);
    }
    if (total <= 0)
      throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${where}.choices.${state.id}: the weights add up to 0.`);
    return { cumulative: Float64Array.from(cumulative, (c) => c / total), actions };
  });
  for (const service of Object.keys(input.lookups)) {
    if (!compiled.flow.lookups.includes(service))
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where}.lookups.${service}: flow "${compiled.flow.id}" asks no lookup "${service}" (it asks: ${compiled.flow.lookups.join(', ') || 'none'}).`,
      );
  }
  const lookupFound = Object.fromEntries(compiled.flow.lookups.map((s) => [s, input.lookups[s]?.found ?? 0.8]));
  return {
    compiled,
    promptSec,
    choices,
    lookupFound,
    thinkSec: input.thinkSec,
    callbackAccept: input.callbackAccept,
    callbackAnswer: input.callbackAnswer,
    callbackDelaySec: input.callbackDelaySec,
    messageSec: input.messageSec,
  };
}

type GuardRefLike = { type?: string; params?: { keys?: string[]; example?: string } };

function guardParams(compiled: CompiledFlow, stateId: string): GuardRefLike[] {
  const state = machineInternals(compiled.flow.machine).root.children.find((s) => s.key === stateId);
  return (state?.on.get('DIGITS') ?? []).map((t) => (t.guard as GuardRefLike | undefined) ?? {});
}

function exampleEntry(compiled: CompiledFlow, stateId: string): string | undefined {
  return guardParams(compiled, stateId).find((g) => g.type === 'entered')?.params?.example;
}

function invalidKey(compiled: CompiledFlow, stateId: string): string {
  const guards = guardParams(compiled, stateId);
  if (guards.some((g) => g.type === 'entered')) return INVALID_ENTRY;
  const taken = new Set(guards.flatMap((g) => (g.type === 'pressed' ? (g.params?.keys ?? []) : [])));
  return ['7', '6', '3', '2', '4', '8', '1', '9', '0', '5'].find((k) => !taken.has(k)) ?? '#';
}
