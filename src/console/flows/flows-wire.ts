/**
 * The flow view's JSON shapes (GET /console/api/flows and its /:id/graph, /coverage and /traffic routes), declared
 * once: the server builds them (flow-catalog.ts, flows-api.ts, flow-view-coverage.ts, state-traffic.ts) and the page
 * reads them (web/views/flows/, `import type`). Types only, importing only type-only modules of src/flow.
 */
import type { CoverageCount } from '../../flow/graph/flow-coverage.js';
import type { StateGraph, StateTransition } from '../../flow/graph/state-graph.js';

/** A flow the flow view lists: its id (the flow's own `id`), title and where it comes from. */
export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  /** 'live': the flow the live line runs; 'folder': a file of the flows folder; 'shipped': one of the repository's. */
  readonly source: 'live' | 'folder' | 'shipped';
}

/** What GET /console/api/flows answers: the live line's flow id and the listed flows. */
export interface FlowList {
  readonly live: string;
  readonly flows: readonly CatalogEntry[];
}

/** What GET /console/api/flows/:id/graph answers: the flow's machine states and transitions, for drawing. */
export interface FlowGraphAnswer extends StateGraph {
  readonly flowId: string;
  readonly title: string;
}

/** What `hotline test` covers of a flow, when every path it drives passes (GET /console/api/flows/:id/coverage). */
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

/** Today's calls through one state. */
export interface StateCount {
  /** Calls that went through the state: it is their last state, or a state every way to their last state passes. */
  readonly through: number;
  /** Finished calls whose last state it is (where they ended or hung up). */
  readonly ended: number;
  /** Calls in progress that are in it now. */
  readonly now: number;
}

/** Today's traffic through a flow's states (GET /console/api/flows/:id/traffic). */
export interface FlowTraffic {
  readonly flowId: string;
  /** The business day (the live feed's), [fromSec, toSec) by arrival. */
  readonly day: string;
  readonly fromSec: number;
  readonly toSec: number;
  /** Today's calls of the flow: finished, and in progress. */
  readonly calls: { readonly finished: number; readonly live: number };
  /** By state id; a state no call went through is absent. */
  readonly states: Readonly<Record<string, StateCount>>;
  /**
   * Calls through a pair of states `from -> to` where `to` has no other way in (its only predecessor in the call's
   * leg): every call through `to` took it. Pairs no call took, and pairs into states with several ways in, are absent.
   */
  readonly transitions: Readonly<Record<string, number>>;
}
