import type { AnyMachineSnapshot } from 'xstate';
import type { FlowDefinition } from '../flow-definition.js';
import { coveragePaths, type CoveragePaths, type FlowPath } from './coverage-paths.js';
import { pathSerializer } from './flow-graph.js';
import { activeStateIds, machineInternals } from './machine-internals.js';

/** Covered out of total, and what was missed. */
export interface CoverageCount {
  readonly covered: number;
  readonly total: number;
  readonly missing: readonly string[];
}

/**
 * A flow's states, except transient ones (only eventless transitions, no step): every call passes through them
 * without stopping. Machine-relative ids, sorted.
 */
export function declaredStates(flow: FlowDefinition): string[] {
  const states = machineInternals(flow.machine).states.slice(1);
  return states
    .filter((s) => !(s.always.length > 0 && s.meta === undefined))
    .map((s) => s.id)
    .sort();
}

/** The machine-relative ids of every state a path is in, the start included (parents too). */
export function visitedStates(path: FlowPath): string[] {
  return [path.start, ...path.steps.map((s) => s.snapshot)].flatMap(activeStateIds);
}

/** A path's transitions as `from --event--> to` strings over the serialised vertices of the flow graph. */
export function pathEdges(serialize: (snapshot: AnyMachineSnapshot) => string, path: FlowPath): string[] {
  let from = serialize(path.start);
  return path.steps.map((step) => {
    const to = serialize(step.snapshot);
    const edge = `${from} --${JSON.stringify(step.event)}--> ${to}`;
    from = to;
    return edge;
  });
}

/** What `hotline test` reports: the states and the graph's transitions the passed paths took. */
export interface FlowCoverage {
  readonly states: CoverageCount;
  readonly transitions: CoverageCount;
}

/**
 * State and transition coverage of a set of paths, as `hotline test` counts it: a state is covered when a passed path
 * is in it, a transition (of the flow graph: state plus context) when a passed path takes it; `edgeTotal` is the
 * number of the graph's transitions (inbound and callback legs).
 */
export function coverageOf(
  flow: FlowDefinition,
  paths: readonly FlowPath[],
  passed: readonly FlowPath[],
  edgeTotal: number,
): FlowCoverage {
  const serialize = pathSerializer(flow);
  const states = declaredStates(flow);
  const visited = new Set(passed.flatMap((p) => visitedStates(p)));
  const allEdges = new Set(paths.flatMap((p) => pathEdges(serialize, p)));
  const coveredEdges = new Set(passed.flatMap((p) => pathEdges(serialize, p)));
  return {
    states: {
      covered: states.filter((s) => visited.has(s)).length,
      total: states.length,
      missing: states.filter((s) => !visited.has(s)),
    },
    transitions: {
      covered: coveredEdges.size,
      total: edgeTotal,
      missing: [...allEdges].filter((e) => !coveredEdges.has(e)),
    },
  };
}

/** The paths `hotline test` drives for a flow: an inbound call's, and a callback leg's (skill general). */
export interface FlowTestPaths {
  readonly inbound: CoveragePaths;
  readonly callback: CoveragePaths;
}

/** The paths `hotline test` enumerates for a flow (both legs), as runFlowTest drives them. */
export function flowTestPaths(flow: FlowDefinition): FlowTestPaths {
  return {
    inbound: coveragePaths(flow),
    callback: coveragePaths(flow, { input: { direction: 'callback', skill: 'general' } }),
  };
}
