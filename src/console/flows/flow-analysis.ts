import type { Worker } from 'node:worker_threads';
import type { FlowDefinition } from '../../flow/flow-definition.js';
import { flowGraph, type FlowGraph } from '../../flow/graph/flow-graph.js';
import { stateGraph, type StateGraph } from '../../flow/graph/state-graph.js';
import { coverageInWorker } from './coverage-runner.js';
import { flowViewCoverage } from './flow-view-coverage.js';
import type { FlowViewCoverage } from './flows-wire.js';
import { soleEntries, stateDominators, type TrafficLeg } from './state-traffic.js';

/** A flow's graphs, one per leg. */
interface Legs {
  readonly inbound: FlowGraph;
  readonly callback: FlowGraph;
}

/**
 * The flow view's computations per flow, each done once and kept (flows are fixed while the server runs): the state
 * graph, what `hotline test` covers (enumerating its paths takes seconds on a menu flow: a worker thread does it) and
 * what traffic is counted with.
 */
export class FlowAnalyses {
  private readonly legs = new Map<string, Legs>();
  private readonly graphs = new Map<string, StateGraph>();
  private readonly coverages = new Map<string, Promise<FlowViewCoverage>>();
  private readonly workers = new Set<Worker>();
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

  /**
   * What `hotline test` covers (flowViewCoverage), computed once per flow: on a worker thread from the flow's file
   * when it has one, else here.
   */
  coverage(flow: FlowDefinition, file: string | undefined): Promise<FlowViewCoverage> {
    let coverage = this.coverages.get(flow.id);
    if (!coverage) {
      coverage =
        file === undefined
          ? Promise.resolve().then(() => flowViewCoverage(flow, this.graph(flow)))
          : coverageInWorker(file, (worker) => {
              this.workers.add(worker);
              return () => this.workers.delete(worker);
            });
      // A failure is not kept: the next request tries again.
      coverage.catch(() => this.coverages.delete(flow.id));
      this.coverages.set(flow.id, coverage);
    }
    return coverage;
  }

  /** Ends the coverage workers still running (the server is closing). */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
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
