import type { FlowDefinition } from '../../flow/flow-definition.js';
import { coverageOf, flowTestPaths, visitedStates, type CoverageCount } from '../../flow/graph/flow-coverage.js';
import { flowGraph, type FlowGraph } from '../../flow/graph/flow-graph.js';
import {
  pathTransitions,
  stateGraph,
  transitionKey,
  type StateGraph,
  type StateTransition,
} from '../../flow/graph/state-graph.js';
import { soleEntries, stateDominators, type TrafficLeg } from './state-traffic.js';

/** What `hotline test` covers of a flow, when every path it drives passes. */
export interface FlowViewCoverage {
  readonly flowId: string;
  /** How `hotline test` chose its paths ('all-simple-paths' or 'all-transitions', per leg when they differ). */
  readonly criterion: string;
  /** Paths `hotline test` drives (inbound and callback legs). */
  readonly paths: number;
  /** States and transitions (of the flow graph: state plus context) as `hotline test` counts them. */
  readonly states: CoverageCount;
  readonly transitions: CoverageCount;
  /** The drawn graph's states and transitions, each covered or not. */
  readonly graph: {
    readonly states: readonly { readonly id: string; readonly covered: boolean }[];
    readonly transitions: readonly (StateTransition & { readonly covered: boolean })[];
  };
}

/** A flow's graphs, one per leg. */
interface Legs {
  readonly inbound: FlowGraph;
  readonly callback: FlowGraph;
}

/**
 * The flow view's computations per flow, each done once and kept (flows are fixed while the server runs): the state
 * graph, what `hotline test` covers (enumerating its paths may take a second on a menu flow) and the dominators
 * traffic is counted with.
 */
export class FlowAnalyses {
  private readonly legs = new Map<string, Legs>();
  private readonly graphs = new Map<string, StateGraph>();
  private readonly coverages = new Map<string, FlowViewCoverage>();
  private readonly trafficLegs = new Map<string, { inbound: TrafficLeg; callback: TrafficLeg }>();

  private legsOf(flow: FlowDefinition): Legs {
    let legs = this.legs.get(flow.id);
    if (!legs) {
      legs = {
        inbound: flowGraph(flow),
        callback: flowGraph(flow, { input: { direction: 'callback', skill: 'general' } }),
      };
      this.legs.set(flow.id, legs);
    }
    return legs;
  }

  /** The flow's state graph (both legs: an inbound call's and a callback leg's, skill general, as `hotline test`). */
  graph(flow: FlowDefinition): StateGraph {
    let graph = this.graphs.get(flow.id);
    if (!graph) {
      graph = stateGraph(flow, this.legsOf(flow));
      this.graphs.set(flow.id, graph);
    }
    return graph;
  }

  /** What `hotline test` covers: its paths, all taken as passed (the flow view shows the model's coverage). */
  coverage(flow: FlowDefinition): FlowViewCoverage {
    let coverage = this.coverages.get(flow.id);
    if (!coverage) {
      const { inbound, callback } = flowTestPaths(flow);
      const paths = [...inbound.paths, ...callback.paths];
      const counts = coverageOf(flow, paths, paths, inbound.edges + callback.edges);
      const visited = new Set(paths.flatMap(visitedStates));
      const taken = new Set(paths.flatMap((p) => pathTransitions(p).map(transitionKey)));
      const graph = this.graph(flow);
      coverage = {
        flowId: flow.id,
        criterion:
          inbound.criterion === callback.criterion
            ? inbound.criterion
            : `${inbound.criterion} (inbound), ${callback.criterion} (callback legs)`,
        paths: paths.length,
        ...counts,
        graph: {
          states: graph.nodes.map((n) => ({ id: n.id, covered: visited.has(n.id) })),
          transitions: graph.transitions.map((t) => ({ ...t, covered: taken.has(transitionKey(t)) })),
        },
      };
      this.coverages.set(flow.id, coverage);
    }
    return coverage;
  }

  /** What traffic is counted with, per leg: each state's dominators and sole entries (see flowTraffic). */
  legsForTraffic(flow: FlowDefinition): { inbound: TrafficLeg; callback: TrafficLeg } {
    let legs = this.trafficLegs.get(flow.id);
    if (!legs) {
      const graphs = this.legsOf(flow);
      const leg = (graph: FlowGraph) => ({ dominators: stateDominators(graph), entries: soleEntries(graph) });
      legs = { inbound: leg(graphs.inbound), callback: leg(graphs.callback) };
      this.trafficLegs.set(flow.id, legs);
    }
    return legs;
  }
}
