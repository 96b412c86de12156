import { createHash } from 'node:crypto';
import type { FlowDefinition } from '../../flow/flow-definition.js';

/**
 * A canonical text of a value: object keys sorted, cycles named, and a function as just "a function": its source
 * text depends on who compiled the flow file (tsx in `hotline serve`, another transform elsewhere), so two loads
 * of the same file must not differ by it. Any edit to states, transitions, prompts' text or the names of guards
 * and actions gives another text; an edit inside a function's body does not.
 */
function canonical(value: unknown, ancestors: object[]): string {
  if (typeof value === 'function') return '"[function]"';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (ancestors.includes(value)) return '"[cycle]"';
  ancestors.push(value);
  const text = Array.isArray(value)
    ? `[${value.map((item) => canonical(item, ancestors)).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], ancestors)}`)
        .join(',')}}`;
  ancestors.pop();
  return text;
}

/**
 * The fingerprint of a flow's definition (SHA-256, first 16 hex digits): its id, languages, skills, lookups,
 * recording states, and the machine's configuration and the names of its implementations (actions, guards,
 * delays; see canonical). The title is left out: renaming a flow does not change what callers hear.
 * `GET /health` reports it, and `hotline load` compares it with its scenario's flow.
 */
export function flowFingerprint(flow: FlowDefinition): string {
  const { machine } = flow;
  const text = canonical(
    {
      id: flow.id,
      languages: flow.languages,
      skills: flow.skills,
      lookups: flow.lookups,
      recordFrom: flow.recordFrom ?? null,
      config: machine.config,
      implementations: machine.implementations,
    },
    [],
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
