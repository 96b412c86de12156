import { assign } from 'xstate';
import type { CallEvent } from './call-event.js';

type Ctx = Record<string, unknown>;

/**
 * Context updates flows share, typed for a flow's context. They are pure assigns
 * (no side effects), so the same flow runs live and in simulation. Register with
 * `setup({ actions: flowActions<MyContext>() })`.
 */
export function flowActions<TContext extends object>() {
  const update = (values: Ctx) => values as Partial<TContext>;
  return {
    /** `context[field] += 1`. */
    increment: assign<TContext, CallEvent, { field: string }, CallEvent, never>(({ context }, params) =>
      update({ [params.field]: Number((context as Ctx)[params.field] ?? 0) + 1 }),
    ),
    /** Sets fixed values: `{ type: 'setValues', params: { values: { skill: 'enterprise' } } }`. */
    setValues: assign<TContext, CallEvent, { values: Ctx }, CallEvent, never>((_, params) =>
      update({ ...params.values }),
    ),
    /** Stores the DIGITS event's keys in `context[field]`. */
    saveDigits: assign<TContext, CallEvent, { field: string }, CallEvent, never>(({ event }, params) =>
      update(event.type === 'DIGITS' ? { [params.field]: event.digits } : {}),
    ),
    /** Copies LOOKUP_RESULT data fields into context: `fields` maps context field → data key. */
    saveLookup: assign<TContext, CallEvent, { fields: Record<string, string> }, CallEvent, never>(
      ({ event }, params) => {
        if (event.type !== 'LOOKUP_RESULT' || !event.data) return {};
        const data = event.data;
        return update(
          Object.fromEntries(Object.entries(params.fields).map(([field, key]) => [field, data[key] ?? ''])),
        );
      },
    ),
    /** Stores the answering agent's id in `context.agentId`. */
    saveAgent: assign<TContext, CallEvent, undefined, CallEvent, never>(({ event }) =>
      update(event.type === 'AGENT_ANSWERED' ? { agentId: event.agentId } : {}),
    ),
  };
}

/** Action reference: `increment('menuTries')`. */
export function increment(field: string) {
  return { type: 'increment', params: { field } } as const;
}

/** Action reference: `setValues({ skill: 'enterprise' })`. */
export function setValues(values: Ctx) {
  return { type: 'setValues', params: { values } } as const;
}

/** Action reference: `saveDigits('caseNumber')`. */
export function saveDigits(field: string) {
  return { type: 'saveDigits', params: { field } } as const;
}

/** Action reference: `saveLookup({ caseStatus: 'status' })`. */
export function saveLookup(fields: Record<string, string>) {
  return { type: 'saveLookup', params: { fields } } as const;
}

/** Action reference: `saveAgent()`. */
export function saveAgent() {
  return { type: 'saveAgent' } as const;
}
