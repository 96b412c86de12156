import type { CallEvent } from '../flow/call-event.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { PressedParams } from '../flow/flow-guards.js';
import { type FlowGraph, type FlowVertex, flowGraph } from '../flow/graph/flow-graph.js';
import { INVALID_ENTRY, UNMATCHED_SPEECH } from '../flow/graph/flow-events.js';
import { guardParamsAt } from '../flow/graph/machine-internals.js';
import type { BranchEvidence, IvrBranch } from '../analysis/fit-ivr-choices.js';

/** A flow's gathers, the branches records can tell, and what they cannot (one line each). */
export interface IvrBranches {
  readonly gathers: readonly string[];
  readonly branches: readonly IvrBranch[];
  readonly untold: readonly string[];
  /**
   * Times a caller who enters nothing hears each gather, when more than once (a retry: no input leads through
   * announcements back to the same gather): the records tell only calls, whose unanswered share is the per-try
   * no-input share to this power.
   */
  readonly noInputTries: Readonly<Record<string, number>>;
}

/** How many times a silent caller hears the gather of vertex `v` (1 without a retry; at most 10). */
function noInputTriesFrom(graph: FlowGraph, v: FlowVertex): number {
  let tries = 1;
  for (let at: FlowVertex | undefined = v; at && tries < 10; ) {
    const none: FlowVertex['edges'][number] | undefined = at.edges.find((e) => e.event.type === 'NO_INPUT');
    let next: FlowVertex | undefined = none ? graph.vertices.get(none.to) : undefined;
    for (let hops = 0; next && next.step?.kind === 'announce' && hops < 100; hops += 1)
      next = graph.vertices.get(next.edges[0]?.to ?? '');
    if (!next || next.stateId !== v.stateId || next.step?.kind !== 'gather') break;
    tries += 1;
    at = next;
  }
  return tries;
}

/** The scenario's name of a gather event (`callers.ivr.choices` keys). */
function choiceName(v: FlowVertex, event: CallEvent): string | null {
  if (event.type === 'NO_INPUT') return 'none';
  if (event.type === 'SPEECH') return event.text === UNMATCHED_SPEECH ? 'unmatched-speech' : `say:${event.text}`;
  if (event.type !== 'DIGITS') return null;
  const pressed = new Set(guardParamsAt<PressedParams>(v.snapshot, 'DIGITS', 'pressed').flatMap((p) => [...p.keys]));
  if (pressed.has(event.digits)) return event.digits;
  return event.digits === INVALID_ENTRY || event.digits.length === 1 ? 'invalid' : 'entry';
}

/** Where a branch leads: through announcements, to a queue, a transfer, an end, or the next gather or lookup. */
function destination(graph: FlowGraph, key: string): { kind: string; value: string } | null {
  for (let hops = 0, v = graph.vertices.get(key); v && hops < 100; hops += 1) {
    if (v.snapshot.status === 'done' || v.edges.length === 0) return { kind: 'end', value: v.stateId };
    const step = v.step;
    if (step?.kind === 'enqueue')
      return { kind: 'queue', value: String((v.snapshot.context as { skill?: unknown }).skill) };
    if (step?.kind === 'transfer') return { kind: 'transfer', value: step.to };
    if (step?.kind === 'gather' || step?.kind === 'lookup' || step?.kind === 'record')
      return { kind: 'state', value: v.stateId };
    if (step?.kind !== 'announce') return null;
    v = graph.vertices.get(v.edges[0]?.to ?? '');
  }
  return null;
}

/** Edges from the start to the first vertex of each state (breadth first). */
function depths(graph: FlowGraph): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Set([graph.start]);
  for (let level = [graph.start], d = 0; level.length > 0; d += 1) {
    const next: string[] = [];
    for (const key of level) {
      const v = graph.vertices.get(key);
      if (!v) continue;
      if (!out.has(v.stateId)) out.set(v.stateId, d);
      for (const e of v.edges) {
        if (seen.has(e.to)) continue;
        seen.add(e.to);
        next.push(e.to);
      }
    }
    level = next;
  }
  return out;
}

/** State ids reachable from `from` (by state), skipping `avoid`. */
function reachable(graph: FlowGraph, from: readonly string[], avoid: string | null): Set<string> {
  const seen = new Set<string>();
  const keys = [...from];
  const visited = new Set<string>();
  while (keys.length > 0) {
    const key = keys.pop() as string;
    const v = graph.vertices.get(key);
    if (!v || visited.has(key) || v.stateId === avoid) continue;
    visited.add(key);
    seen.add(v.stateId);
    for (const e of v.edges) keys.push(e.to);
  }
  return seen;
}

/**
 * Reads a flow's graph: for each choice at each gather, the record evidence of the branch it leads to. A branch
 * is told when it is reached from one gather only (several choices there leading to it: the rating tells keys
 * apart where it equals one, else the first key takes the count and the notes say so); choices that lead back to
 * a gather already passed, or to a branch reached from several gathers or without any choice, are not told.
 */
export function ivrBranches(flow: FlowDefinition): IvrBranches {
  const graph = flowGraph(flow, { hangups: false });
  const gathers = new Set<string>();
  const producers = new Map<string, { gather: string; choice: string }[]>();
  const add = (evidence: string, gather: string, choice: string) => {
    const list = producers.get(evidence) ?? [];
    if (!list.some((p) => p.gather === gather && p.choice === choice)) list.push({ gather, choice });
    producers.set(evidence, list);
  };
  const untold: string[] = [];
  const behindCache = new Map<string, string[]>();
  const behindOf = (state: string): string[] => {
    let behind = behindCache.get(state);
    if (!behind) {
      const from = [...graph.vertices.values()].filter((v) => v.stateId === state).map((v) => v.key);
      const without = reachable(graph, [graph.start], state);
      behind = [...reachable(graph, from, null)].filter((s) => !without.has(s)).sort();
      behindCache.set(state, behind);
    }
    return behind;
  };
  const depth = depths(graph);
  const noInputTries: Record<string, number> = {};
  const start = destination(graph, graph.start);
  if (start && start.kind !== 'state') add(`${start.kind}:${start.value}`, '(start)', '');
  for (const v of graph.vertices.values()) {
    if (v.step?.kind !== 'gather') continue;
    gathers.add(v.stateId);
    const tries = noInputTriesFrom(graph, v);
    if (tries > (noInputTries[v.stateId] ?? 1)) noInputTries[v.stateId] = tries;
    for (const e of v.edges) {
      const choice = choiceName(v, e.event);
      const to = destination(graph, e.to);
      if (choice === null || to === null) continue;
      if (to.kind !== 'state') add(`${to.kind}:${to.value}`, v.stateId, choice);
      else {
        // The next gather or lookup: told by calls that ended in the states only it leads to.
        const behind = behindOf(to.value);
        if (behind.includes(v.stateId) || behind.length === 0) add(`loop:${v.stateId}`, v.stateId, choice);
        else add(`within:${behind.join(',')}`, v.stateId, choice);
      }
    }
  }
  const branches: IvrBranch[] = [];
  for (const [key, list] of producers) {
    const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const choices = list.map((p) => `${p.gather} ${p.choice || '(no choice)'}`).join(', ');
    if (kind === 'loop') {
      untold.push(
        `${value}: ${[...new Set(list.map((p) => p.choice))].join(', ')} lead back to a gather; not told from records.`,
      );
      continue;
    }
    if (list.some((p) => p.gather === '(start)')) {
      untold.push(`${key}: reached without a choice as well as by ${choices}; not told from records.`);
      continue;
    }
    // Reached from several gathers: a queue or a transfer is counted under the gather nearest the start (the
    // one most callers pass); an end state (e.g. goodbye after a survey or a self-service report) is not told.
    const gather = list
      .map((p) => p.gather)
      .sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b))[0] as string;
    const here = list.filter((p) => p.gather === gather);
    if (here.length < list.length) {
      if (kind === 'end') {
        untold.push(`${key}: reached from several gathers (${choices}); not told from records.`);
        continue;
      }
      untold.push(`${key}: reached from several gathers (${choices}); counted under ${gather}.`);
    }
    const keys = here.map((p) => p.choice).filter((c) => c.length === 1);
    const evidence: BranchEvidence =
      kind === 'queue'
        ? { kind: 'queue', skill: value }
        : kind === 'transfer'
          ? { kind: 'transfer', to: value }
          : kind === 'end'
            ? { kind: 'end', state: value }
            : { kind: 'within', states: value.split(',') };
    const choice = keys[0] ?? (here.some((p) => p.choice === 'none') ? 'none' : (here[0] as { choice: string }).choice);
    if (here.length > 1 && !(kind === 'end' && keys.length === here.length))
      untold.push(`${gather}: ${here.map((p) => p.choice).join(', ')} all lead to ${key}; counted under ${choice}.`);
    if (kind === 'within')
      untold.push(`${gather} ${choice}: counted from calls that ended in ${value.replaceAll(',', ', ')} only.`);
    branches.push({ evidence, gather, choice, ...(kind === 'end' && keys.length > 1 ? { keysByRating: keys } : {}) });
  }
  return { gathers: [...gathers].sort(), branches, untold, noInputTries };
}
