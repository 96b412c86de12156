import type { FlowDefinition } from '../../flow/flow-definition.js';
import { coverageOf, flowTestPaths, visitedStates } from '../../flow/graph/flow-coverage.js';
import { flowGraph } from '../../flow/graph/flow-graph.js';
import { pathTransitions, stateGraph, transitionKey, type StateGraph } from '../../flow/graph/state-graph.js';
import type { FlowViewCoverage } from './flows-wire.js';

/**
 * What `hotline test` covers of a flow: the paths it drives (flowTestPaths, both legs), all taken as passed, counted
 * as it counts them (coverageOf), and mapped onto the drawn state graph. Enumerating the paths of a menu flow takes
 * seconds: the flow view runs this on a worker thread (coverage-worker.ts).
 */
export function flowViewCoverage(flow: FlowDefinition, graph?: StateGraph): FlowViewCoverage {
  const drawn =
    graph ??
    stateGraph(flow, {
      inbound: flowGraph(flow),
      callback: flowGraph(flow, { input: { direction: 'callback', skill: 'general' } }),
    });
  const { inbound, callback } = flowTestPaths(flow);
  const paths = [...inbound.paths, ...callback.paths];
  const counts = coverageOf(flow, paths, paths, inbound.edges + callback.edges);
  const visited = new Set(paths.flatMap(visitedStates));
  const taken = new Set(paths.flatMap((p) => pathTransitions(p).map(transitionKey)));
  return {
    flowId: flow.id,
    criterion:
      inbound.criterion === callback.criterion
        ? inbound.criterion
        : `${inbound.criterion} (inbound), ${callback.criterion} (callback legs)`,
    paths: paths.length,
    ...counts,
    graph: {
      states: drawn.nodes.map((n) => ({ id: n.id, covered: visited.has(n.id) })),
      transitions: drawn.transitions.map((t) => ({ ...t, covered: taken.has(transitionKey(t)) })),
    },
  };
}
