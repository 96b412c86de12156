import { isMenu, ivrVertices, type LintGraph } from '../model/lint-model.js';
import type { LintRule } from '../model/lint-types.js';

/** Events a caller passes without pressing anything on the way to an agent (announcements, lookups). */
const FREE = new Set(['PLAYED', 'LOOKUP_RESULT']);

/** Fewest key presses from `start` to a queue (an enqueue step), or Infinity. Keys are counted one per digit. */
function pressesToQueue(graph: LintGraph, start: string): number {
  const best = new Map([[start, 0]]);
  const done = new Set<string>();
  // Dijkstra with integer weights; graphs are small (hundreds of vertices).
  for (;;) {
    let key: string | undefined;
    for (const [k, d] of best) if (!done.has(k) && (key === undefined || d < best.get(key)!)) key = k;
    if (key === undefined) return Infinity;
    done.add(key);
    const vertex = graph.vertices.get(key)!;
    const distance = best.get(key)!;
    if (vertex.step?.kind === 'enqueue') return distance;
    for (const edge of vertex.edges) {
      const cost =
        edge.event.type === 'DIGITS'
          ? Math.max(1, edge.event.digits.length)
          : FREE.has(edge.event.type)
            ? 0
            : undefined;
      if (cost === undefined || edge.to === key) continue;
      if (distance + cost < (best.get(edge.to) ?? Infinity)) best.set(edge.to, distance + cost);
    }
  }
}

/**
 * agent-too-deep (error): an IVR menu from which a caller needs more than
 * `maxKeyPresses` key presses (default 2, "menu depth ≤ 2", hotline-12345.md
 * §5(c)) to reach a human agent's queue. A menu is a gather with key choices
 * (`pressed`) reached before the caller first joins a queue, talks to an agent
 * or is transferred (so the after-call survey is not one). Only keys count as
 * a way: silence fall-backs, speech and lookups a caller cannot steer do not
 * shorten it; announcements and lookups on the way cost nothing, an entry
 * costs one press per digit. Agents are enqueue steps; transfers to outside
 * numbers are not.
 */
export const agentTooDeep: LintRule = {
  id: 'agent-too-deep',
  severity: 'error',
  summary: 'an IVR menu more than max key presses away from a human agent (a queue)',
  check(model, options) {
    const worst = new Map<string, number>();
    for (const graph of model.graphs) {
      for (const vertex of ivrVertices(graph)) {
        if (!isMenu(vertex)) continue;
        worst.set(vertex.stateId, Math.max(worst.get(vertex.stateId) ?? 0, pressesToQueue(graph, vertex.key)));
      }
    }
    return [...worst]
      .filter(([, presses]) => presses > options.maxKeyPresses)
      .map(([state, presses]) => ({
        state,
        message:
          presses === Infinity
            ? `From menu "${state}" no keys lead to a human agent (no path to an enqueue step). Offer one within ${options.maxKeyPresses} key presses, e.g. "人工服务请按0 / press 0 for an agent".`
            : `From menu "${state}" a caller needs ${presses} key press${presses === 1 ? '' : 'es'} to reach a human agent (limit ${options.maxKeyPresses}). Offer an agent key (e.g. 0) in this menu or flatten the menus below it.`,
      }));
  },
};
