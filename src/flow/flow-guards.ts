import type { CallEvent } from './call-event.js';

/** The context every flow carries: the language the caller is served in. */
export interface FlowContext {
  readonly language: import('./text.js').Language;
}

interface GuardArgs {
  readonly context: object;
  readonly event: CallEvent;
}

/** Params of the `pressed` guard: the DIGITS event is exactly one of `keys`. */
export interface PressedParams {
  readonly keys: readonly string[];
}

/** Params of the `entered` guard: the DIGITS event matches `pattern`; `example` is a matching input for tests. */
export interface EnteredParams {
  readonly pattern: string;
  readonly example: string;
}

/** Params of the `said` guard: the SPEECH event contains one of `words` (case-insensitive). */
export interface SaidParams {
  readonly words: readonly string[];
}

/** Params of the `below` guard: `context[field] < limit`. */
export interface BelowParams {
  readonly field: string;
  readonly limit: number;
}

/** Params of the `is` guard: `context[field] === value`. */
export interface IsParams {
  readonly field: string;
  readonly value: string | number | boolean;
}

const patternCache = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern);
    patternCache.set(pattern, regex);
  }
  return regex;
}

/**
 * The guards flows share, declared once so that tools (path enumeration, lint,
 * the simulator) can read a guard's params and know which input takes which
 * branch. Register them with `setup({ guards: flowGuards })`.
 */
export const flowGuards = {
  pressed: ({ event }: GuardArgs, params: PressedParams): boolean =>
    event.type === 'DIGITS' && params.keys.includes(event.digits),
  entered: ({ event }: GuardArgs, params: EnteredParams): boolean =>
    event.type === 'DIGITS' && compiled(params.pattern).test(event.digits),
  said: ({ event }: GuardArgs, params: SaidParams): boolean => {
    if (event.type !== 'SPEECH') return false;
    const text = event.text.toLowerCase();
    return params.words.some((word) => text.includes(word.toLowerCase()));
  },
  below: ({ context }: GuardArgs, params: BelowParams): boolean => {
    const value = (context as Record<string, unknown>)[params.field];
    return typeof value === 'number' && value < params.limit;
  },
  found: ({ event }: GuardArgs): boolean => event.type === 'LOOKUP_RESULT' && event.found,
  is: ({ context }: GuardArgs, params: IsParams): boolean => (context as Record<string, unknown>)[params.field] === params.value,
};

/** Guard reference: the DIGITS event is one of `keys`. `guard: pressed('1', '0')`. */
export function pressed(...keys: string[]) {
  return { type: 'pressed', params: { keys } } as const;
}

/** Guard reference: the DIGITS event matches `pattern`. `guard: entered('^\\d{6,20}$', '202611240001')`. */
export function entered(pattern: string, example: string) {
  return { type: 'entered', params: { pattern, example } } as const;
}

/** Guard reference: the SPEECH event contains one of `words`. `guard: said('着火', 'fire')`. */
export function said(...words: string[]) {
  return { type: 'said', params: { words } } as const;
}

/** Guard reference: `context[field] < limit`. `guard: below('menuTries', 2)`. */
export function below(field: string, limit: number) {
  return { type: 'below', params: { field, limit } } as const;
}

/** Guard reference: the lookup found an answer. */
export function found() {
  return { type: 'found' } as const;
}

/** Guard reference: `context[field] === value`. `guard: is('direction', 'callback')`. */
export function is(field: string, value: string | number | boolean) {
  return { type: 'is', params: { field, value } } as const;
}
