import type { AnyMachineSnapshot } from 'xstate';
import { getNextSnapshot } from 'xstate';
import type { CallEvent } from '../call-event.js';
import type { FlowDefinition } from '../flow-definition.js';
import { flowGraph, type FlowEdge, type FlowGraph, type FlowGraphOptions } from './flow-graph.js';

/** One path through a flow: the events from the start, and the snapshot after each. */
export interface FlowPath {
  /** The snapshot the path starts from (after the machine's initial transitions). */
  readonly start: AnyMachineSnapshot;
  readonly steps: readonly { readonly event: CallEvent; readonly snapshot: AnyMachineSnapshot }[];
  /** The snapshot at the end of the path. */
  readonly end: AnyMachineSnapshot;
}

/**
 * Turns a route through the graph into a path. The snapshots are replayed
 * from the start with XState, not taken from the graph: a graph vertex stands
 * for every snapshot that serialises alike, so its stored snapshot may carry
 * another path's values in fields the serialiser ignores.
 */
function toPath(graph: FlowGraph, edges: readonly FlowEdge[]): FlowPath {
  const start = graph.vertices.get(graph.start)!.snapshot;
  let current = start;
  const steps = edges.map((e) => {
    current = getNextSnapshot(start.machine, current, e.event) as AnyMachineSnapshot;
    return { event: e.event, snapshot: current };
  });
  return { start, steps, end: steps.at(-1)?.snapshot ?? start };
}

/**
 * Every simple path from the start to a final state (no state+context
 * repeated), or undefined when there are more than `limit`.
 */
export function simplePaths(graph: FlowGraph, limit: number): FlowPath[] | undefined {
  const paths: FlowPath[] = [];
  const onPath = new Set<string>();
  const trail: FlowEdge[] = [];
  let overflow = false;
  const visit = (key: string): void => {
    if (overflow) return;
    const vertex = graph.vertices.get(key)!;
    if (vertex.snapshot.status === 'done') {
      if (paths.length >= limit) overflow = true;
      else paths.push(toPath(graph, trail));
      return;
    }
    onPath.add(key);
    for (const edge of vertex.edges) {
      if (onPath.has(edge.to)) continue;
      trail.push(edge);
      visit(edge.to);
      trail.pop();
    }
    onPath.delete(key);
  };
  visit(graph.start);
  return overflow ? undefined : paths;
}

/**
 * A set of complete paths that takes every transition of the graph at least
 * once: for each edge, the shortest way to it, the edge, and the shortest way
 * from there to a final state.
 */
export function transitionCover(graph: FlowGraph): FlowPath[] {
  const prefix = new Map<string, FlowEdge[]>([[graph.start, []]]);
  for (const queue = [graph.start]; queue.length > 0; ) {
    const key = queue.shift()!;
    for (const edge of graph.vertices.get(key)!.edges) {
      if (prefix.has(edge.to)) continue;
      prefix.set(edge.to, [...prefix.get(key)!, edge]);
      queue.push(edge.to);
    }
  }
  // Shortest way to a final state from each vertex, by relaxing until nothing improves.
  const suffix = new Map<string, FlowEdge[]>();
  for (const [key, vertex] of graph.vertices) if (vertex.snapshot.status === 'done') suffix.set(key, []);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, vertex] of graph.vertices) {
      for (const edge of vertex.edges) {
        const rest = suffix.get(edge.to);
        if (rest === undefined) continue;
        const current = suffix.get(key);
        if (current === undefined || current.length > rest.length + 1) {
          suffix.set(key, [edge, ...rest]);
          changed = true;
        }
      }
    }
  }
  const seen = new Set<string>();
  const paths: FlowPath[] = [];
  for (const [key, vertex] of graph.vertices) {
    const head = prefix.get(key);
    if (!head) continue;
    for (const edge of vertex.edges) {
      const tail = suffix.get(edge.to);
      if (!tail) continue;
      const edges = [...head, edge, ...tail];
      const id = edges.map((e) => `${JSON.stringify(e.event)}>${e.to}`).join('|');
      if (seen.has(id)) continue;
      seen.add(id);
      paths.push(toPath(graph, edges));
    }
  }
  return paths;
}

/** Paths chosen to test a flow, and how they were chosen. */
export interface CoveragePaths {
  /** 'all-simple-paths' when there are at most `maxSimplePaths`, else 'all-transitions'. */
  readonly criterion: 'all-simple-paths' | 'all-transitions';
  readonly paths: FlowPath[];
  readonly vertices: number;
  readonly edges: number;
}

/**
 * The paths to drive when testing a flow: every simple path if there are at
 * most `maxSimplePaths` (default 5,000), else a set that takes every
 * transition (menus with retry loops have millions of simple paths).
 */
export function coveragePaths(
  flow: FlowDefinition,
  options: FlowGraphOptions & { maxSimplePaths?: number } = {},
): CoveragePaths {
  const graph = flowGraph(flow, options);
  const simple = simplePaths(graph, options.maxSimplePaths ?? 5000);
  return simple
    ? { criterion: 'all-simple-paths', paths: simple, vertices: graph.vertices.size, edges: graph.edgeCount }
    : {
        criterion: 'all-transitions',
        paths: transitionCover(graph),
        vertices: graph.vertices.size,
        edges: graph.edgeCount,
      };
}
