import type { AnyMachineSnapshot } from 'xstate';
import { isFailedInput } from '../model/gather-inputs.js';
import type { LintGraph, LintVertex } from '../model/lint-model.js';
import type { LintRule } from '../model/lint-types.js';

/** Steps a call passes on its own between a failed input and the next gather. */
const PASS_THROUGH = new Set(['announce', 'lookup']);

/** The gather vertices a failed input at `vertex` brings the caller back to (through announce/lookup steps only). */
function retriesFrom(graph: LintGraph, vertex: LintVertex): string[] {
  if (vertex.step?.kind !== 'gather') return [];
  const snapshot: AnyMachineSnapshot = vertex.snapshot;
  const queue = vertex.edges.filter((e) => isFailedInput(vertex, e.event) && snapshot.can(e.event)).map((e) => e.to);
  const back: string[] = [];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const next = graph.vertices.get(key)!;
    if (next.stateId === vertex.stateId) back.push(key);
    else if (next.step && PASS_THROUGH.has(next.step.kind))
      queue.push(...next.edges.filter((e) => e.event.type !== 'HANGUP').map((e) => e.to));
  }
  return back;
}

/**
 * too-many-retries (error): a gather a caller can be asked again more than
 * `maxRetries` times in a row after no input or an invalid input (default 3,
 * "at most 3 retries", hotline-12345.md §5(c)). Counted on the state graph:
 * a retry is a failed input at the gather that leads, through announce and
 * lookup steps only, back to the same gather; the longest chain of retries is
 * compared with the limit, and a chain that can loop (no counter, or one no
 * guard reads) is unbounded. The shipped menu retries twice (three tries).
 */
export const tooManyRetries: LintRule = {
  id: 'too-many-retries',
  severity: 'error',
  summary:
    'a gather that re-prompts more than max retries times in a row (or without limit) after no input or an invalid input',
  check(model, options) {
    const worst = new Map<string, number>();
    for (const graph of model.graphs) {
      const longest = new Map<string, number>();
      const onStack = new Set<string>();
      const chain = (key: string): number => {
        const known = longest.get(key);
        if (known !== undefined) return known;
        if (onStack.has(key)) return Infinity;
        onStack.add(key);
        let best = 0;
        for (const next of retriesFrom(graph, graph.vertices.get(key)!)) best = Math.max(best, 1 + chain(next));
        onStack.delete(key);
        longest.set(key, best);
        return best;
      };
      for (const vertex of graph.vertices.values()) {
        if (vertex.step?.kind !== 'gather') continue;
        const retries = chain(vertex.key);
        worst.set(vertex.stateId, Math.max(worst.get(vertex.stateId) ?? 0, retries));
      }
    }
    return [...worst]
      .filter(([, retries]) => retries > options.maxRetries)
      .map(([state, retries]) => ({
        state,
        message:
          retries === Infinity
            ? `Gather "${state}" asks again after no input or an invalid input without limit: a caller who cannot answer is kept in a loop. Count the tries in context (increment) and, once below(...) fails, send the caller on (e.g. to an agent); at most ${options.maxRetries} retries.`
            : `Gather "${state}" asks again up to ${retries} times in a row after no input or an invalid input (limit ${options.maxRetries}). Lower the retry limit (the below(...) guard) to ${options.maxRetries} or fewer, then send the caller on (e.g. to an agent).`,
      }));
  },
};
