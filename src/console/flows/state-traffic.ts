import type { FlowGraph } from '../../flow/graph/flow-graph.js';
import type { CallRecord } from '../../record/call-record.js';
import type { FlowTraffic } from './flows-wire.js';

/** Each machine state's predecessor states in a flow graph collapsed to states (self-loops left out). */
function statePredecessors(graph: FlowGraph): Map<string, Set<string>> {
  const predecessors = new Map<string, Set<string>>();
  for (const vertex of graph.vertices.values()) {
    if (!predecessors.has(vertex.stateId)) predecessors.set(vertex.stateId, new Set());
    for (const edge of vertex.edges) {
      const to = graph.vertices.get(edge.to)?.stateId;
      if (to === undefined || to === vertex.stateId) continue;
      if (!predecessors.has(to)) predecessors.set(to, new Set());
      predecessors.get(to)!.add(vertex.stateId);
    }
  }
  return predecessors;
}

/** The states with exactly one predecessor state, mapped to it: every call into them comes from there. */
export function soleEntries(graph: FlowGraph): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [state, preds] of statePredecessors(graph)) if (preds.size === 1) entries.set(state, [...preds][0]!);
  return entries;
}

/**
 * The dominators of each machine state in a flow graph collapsed to states: the states every way from the start to
 * it passes through (itself included). The classic iterative data-flow solution; flows have tens of states.
 */
export function stateDominators(graph: FlowGraph): Map<string, ReadonlySet<string>> {
  const predecessors = statePredecessors(graph);
  const start = graph.vertices.get(graph.start)!.stateId;
  const all = new Set(predecessors.keys());
  const dom = new Map<string, Set<string>>([...all].map((s) => [s, s === start ? new Set([s]) : new Set(all)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const state of all) {
      if (state === start) continue;
      const preds = [...(predecessors.get(state) ?? [])];
      const next = new Set(preds.length === 0 ? [] : dom.get(preds[0]!)!);
      for (const p of preds.slice(1)) for (const s of next) if (!dom.get(p)!.has(s)) next.delete(s);
      next.add(state);
      if (next.size !== dom.get(state)!.size) {
        dom.set(state, next);
        changed = true;
      }
    }
  }
  return dom;
}

/** What traffic needs of a call's record: its leg and the state it was in last. */
export type Passage = Pick<CallRecord, 'direction' | 'lastState'>;

/** What the traffic is counted from: today's records of the flow and its calls in progress. */
export interface TrafficInput {
  readonly flowId: string;
  readonly window: { readonly day: string; readonly fromSec: number; readonly toSec: number };
  /** Final records of the flow that arrived in the window (what traffic needs of them). */
  readonly finished: readonly Passage[];
  /** The records of the flow's calls in progress that arrived in the window (their lastState is where they are). */
  readonly live: readonly Passage[];
  /** Each leg's dominators (stateDominators) and sole entries (soleEntries), from the inbound and callback graphs. */
  readonly legs: { readonly inbound: TrafficLeg; readonly callback: TrafficLeg };
}

/** What traffic is counted with in one leg (an inbound call, a callback leg). */
export interface TrafficLeg {
  readonly dominators: ReadonlyMap<string, ReadonlySet<string>>;
  readonly entries: ReadonlyMap<string, string>;
}

/**
 * Counts today's traffic through each state. A record keeps only the state the call was in last (`lastState`), not
 * its path; so a call counts through its last state and through every state the flow makes every call to that state
 * pass (its dominators in the call's leg): a lower bound of the calls that passed, exact for states no branch avoids.
 * A pair of states counts the calls through its second state when that state has no other way in.
 */
export function flowTraffic(input: TrafficInput): FlowTraffic {
  const states: Record<string, { through: number; ended: number; now: number }> = {};
  const at = (id: string) => {
    states[id] ??= { through: 0, ended: 0, now: 0 };
    return states[id];
  };
  const transitions: Record<string, number> = {};
  const count = (record: Passage, live: boolean) => {
    if (record.lastState === '') return;
    const leg = input.legs[record.direction];
    const dominators = leg.dominators.get(record.lastState) ?? new Set([record.lastState]);
    for (const id of dominators) {
      at(id).through += 1;
      const from = leg.entries.get(id);
      if (from !== undefined) transitions[`${from} -> ${id}`] = (transitions[`${from} -> ${id}`] ?? 0) + 1;
    }
    if (live) at(record.lastState).now += 1;
    else at(record.lastState).ended += 1;
  };
  for (const record of input.finished) count(record, false);
  for (const record of input.live) count(record, true);
  return {
    flowId: input.flowId,
    day: input.window.day,
    fromSec: input.window.fromSec,
    toSec: input.window.toSec,
    calls: { finished: input.finished.length, live: input.live.length },
    states,
    transitions,
  };
}
