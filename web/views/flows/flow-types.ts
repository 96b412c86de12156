/** What GET /console/api/flows and its routes answer (src/console/flows/). */

export interface FlowEntry {
  readonly id: string;
  readonly title: string;
  readonly source: 'live' | 'folder' | 'shipped';
}

export interface GraphNode {
  readonly id: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly reachable: boolean;
}

export interface GraphTransition {
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

export interface FlowGraphAnswer {
  readonly flowId: string;
  readonly title: string;
  readonly starts: { readonly inbound: string; readonly callback: string };
  readonly nodes: readonly GraphNode[];
  readonly transitions: readonly GraphTransition[];
}

export interface CoverageCount {
  readonly covered: number;
  readonly total: number;
  readonly missing: readonly string[];
}

export interface CoverageAnswer {
  readonly flowId: string;
  readonly criterion: string;
  readonly paths: number;
  readonly states: CoverageCount;
  readonly transitions: CoverageCount;
  readonly graph: {
    readonly states: readonly { readonly id: string; readonly covered: boolean }[];
    readonly transitions: readonly (GraphTransition & { readonly covered: boolean })[];
  };
}

export interface TrafficAnswer {
  readonly flowId: string;
  readonly day: string;
  readonly calls: { readonly finished: number; readonly live: number };
  readonly states: Readonly<Record<string, { readonly through: number; readonly ended: number; readonly now: number }>>;
  /** Calls through `from -> to` pairs whose second state has no other way in. */
  readonly transitions: Readonly<Record<string, number>>;
}
