import type { CallEvent } from './call-event.js';

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

/** A guard with its params bound: decides from the call's context and the event. */
export type CompiledGuard = (context: Record<string, unknown>, event: CallEvent) => boolean;

/**
 * The shared guards as compilers: params in, a closure out (a key set, a
 * regular expression, lower-cased words prepared once). The single definition
 * of each guard's meaning: `flowGuards` (what XState calls) and the
 * simulator's compiled flows both use these.
 */
export const guardCompilers = {
  pressed: (params: PressedParams): CompiledGuard => {
    const keys = new Set(params.keys);
    return (_, event) => event.type === 'DIGITS' && keys.has(event.digits);
  },
  entered: (params: EnteredParams): CompiledGuard => {
    const pattern = new RegExp(params.pattern);
    return (_, event) => event.type === 'DIGITS' && pattern.test(event.digits);
  },
  said: (params: SaidParams): CompiledGuard => {
    const words = params.words.map((w) => w.toLowerCase());
    return (_, event) => {
      if (event.type !== 'SPEECH') return false;
      const text = event.text.toLowerCase();
      return words.some((w) => text.includes(w));
    };
  },
  below:
    (params: BelowParams): CompiledGuard =>
    (context) => {
      const value = context[params.field];
      return typeof value === 'number' && value < params.limit;
    },
  is:
    (params: IsParams): CompiledGuard =>
    (context) =>
      context[params.field] === params.value,
  found: (): CompiledGuard => (_, event) => event.type === 'LOOKUP_RESULT' && event.found,
};

/** Compiled guards by their params object (a flow's params are fixed objects in its config). */
const compiledByParams = new WeakMap<object, CompiledGuard>();

function viaCompiler<P extends object>(compile: (params: P) => CompiledGuard) {
  return ({ context, event }: GuardArgs, params: P): boolean => {
    let guard = compiledByParams.get(params);
    if (!guard) {
      guard = compile(params);
      compiledByParams.set(params, guard);
    }
    return guard(context as Record<string, unknown>, event);
  };
}

const foundGuard = guardCompilers.found();

/**
 * The guards flows share, declared once so that tools (path enumeration, lint,
 * the simulator) can read a guard's params and know which input takes which
 * branch. Register them with `setup({ guards: flowGuards })`.
 */
export const flowGuards = {
  pressed: viaCompiler(guardCompilers.pressed),
  entered: viaCompiler(guardCompilers.entered),
  said: viaCompiler(guardCompilers.said),
  below: viaCompiler(guardCompilers.below),
  found: ({ context, event }: GuardArgs): boolean => foundGuard(context as Record<string, unknown>, event),
  is: viaCompiler(guardCompilers.is),
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
