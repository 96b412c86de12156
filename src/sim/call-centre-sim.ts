import { CallState } from './call-slots.js';
import { flowHost, nextArrivalSec } from './call-process.js';
import { CallEnding, emitRecord } from './emit-record.js';
import { EventKind } from './event-kind.js';
import {
  onAgentPoll,
  onArrival,
  onCallbackCall,
  onCallbackOffer,
  onFlowStep,
  onIvrDone,
  onOverflow,
  onPatienceExpired,
  onRedial,
  onServiceEnd,
  onStaffChange,
  onTalkEnd,
  onWrapUpEnd,
} from './event-handlers.js';
import { FlowRunner } from './flow-runner.js';
import type { SimModel } from './sim-model.js';
import { createSimState, plannedAgents, type RecordSink, type SimState } from './sim-state.js';

/** What a run did besides its records. */
export interface SimRunStats {
  /** First calls generated. */
  readonly calls: number;
  /** Calls including redials. */
  readonly arrivals: number;
  /** Events processed. */
  readonly events: number;
  /** Simulated time at the end, seconds. */
  readonly endSec: number;
  /** Time of the last arrival, seconds. */
  readonly arrivalsEndSec: number;
  /** Agent-seconds on duty, by pool, from 0 to the last arrival. */
  readonly staffedSecByPool: Readonly<Record<string, number>>;
  /** Most calls alive at once (memory grows with this, not with total calls). */
  readonly peakConcurrent: number;
  /** Callbacks the hotline placed, and how many the citizens answered (flow runs). */
  readonly callbacksPlaced: number;
  readonly callbacksAnswered: number;
  /** Callers left waiting when the run could go no further (no patience, nobody staffed for them): queue-failed. */
  readonly unservedAtEnd: number;
  /** With behaviour.experience: agents replaced (attrition) by group name from 0 to the run's end; else absent. */
  readonly agentsReplacedByGroup?: Readonly<Record<string, number>>;
}

/** Routes an event to its handler. */
function dispatch(s: SimState, kind: number, target: number): void {
  switch (kind) {
    case EventKind.Arrival:
      onArrival(s);
      break;
    case EventKind.ServiceEnd:
      onServiceEnd(s, target);
      break;
    case EventKind.WrapUpEnd:
      onWrapUpEnd(s, target);
      break;
    case EventKind.TalkEnd:
      onTalkEnd(s, target);
      break;
    case EventKind.PatienceExpired:
      onPatienceExpired(s, target);
      break;
    case EventKind.FlowStep:
      onFlowStep(s, target);
      break;
    case EventKind.CallbackOffer:
      onCallbackOffer(s, target);
      break;
    case EventKind.CallbackCall:
      onCallbackCall(s, target);
      break;
    case EventKind.Overflow:
      onOverflow(s, target);
      break;
    case EventKind.IvrDone:
      onIvrDone(s, target);
      break;
    case EventKind.Redial:
      onRedial(s, target);
      break;
    case EventKind.StaffChange:
      onStaffChange(s, target);
      break;
    case EventKind.AgentPoll:
      onAgentPoll(s, target);
      break;
  }
}

/** Callers still waiting when nothing else can happen (no patience, nobody staffed): their calls end unserved. */
function endUnserved(s: SimState): number {
  let unserved = 0;
  for (let slot = 0; slot < s.calls.state.length; slot += 1) {
    if (s.calls.state[slot] !== CallState.Waiting) continue;
    unserved += 1;
    s.calls.group[slot] = s.agents.heldBy(slot, s.nowSec);
    s.runner?.abandoned(slot);
    emitRecord(s, slot, CallEnding.Unserved);
    s.calls.release(slot);
  }
  return unserved;
}

/** Agent-seconds on duty by pool while calls were arriving (the period the KPIs describe). */
function staffedSecByPool(s: SimState): Record<string, number> {
  const { model } = s;
  const out: Record<string, number> = {};
  const until = Math.min(model.horizonSec, s.lastArrivalSec);
  const from = Math.min(model.countFromSec, until);
  const intervalSec = model.intervalSec;
  for (let k = Math.floor(from / intervalSec); k * intervalSec < until; k += 1) {
    const length = Math.min((k + 1) * intervalSec, until) - Math.max(k * intervalSec, from);
    model.groups.forEach((g, i) => {
      out[g.pool] = (out[g.pool] ?? 0) + plannedAgents(model, i, k) * length;
    });
  }
  return out;
}

/** Agents replaced by group name, for the groups with an experience model. */
function agentsReplaced(s: SimState, byGroup: readonly (number | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  byGroup.forEach((n, g) => {
    if (n !== null) out[s.model.groups[g]!.name] = n;
  });
  return out;
}

/**
 * Runs one replication of a call-centre model in virtual time and streams a
 * record per call to `sink`. Deterministic: the same model, seed and
 * replication give the same records, in the same order. Each random purpose
 * has its own stream (common random numbers across compared scenarios).
 *
 * The engine has SimPy's three layers: the scheduler (EventQueue, the state's
 * clock), the resource (AgentGroups: request, cancel, release) and the call
 * process (named handlers over an explicit SimState, one per EventKind).
 */
export function runCallCentre(model: SimModel, seed: number, replication: number, sink: RecordSink): SimRunStats {
  const s = createSimState(model, seed, replication, sink);
  if (model.flow) s.runner = new FlowRunner(model.flow, s.rng.ivr, flowHost(s));
  const first = nextArrivalSec(s, 0);
  if (first < Infinity && model.maxCalls > 0) s.queue.push(first, EventKind.Arrival, EventKind.Arrival, 0);

  const queue = s.queue;
  while (queue.pop()) {
    s.events += 1;
    s.nowSec = queue.time;
    dispatch(s, queue.kind, queue.target);
  }
  const unservedAtEnd = endUnserved(s);
  return {
    calls: s.generated,
    arrivals: s.arrivals,
    events: s.events,
    endSec: s.nowSec,
    arrivalsEndSec: s.lastArrivalSec,
    staffedSecByPool: staffedSecByPool(s),
    peakConcurrent: s.calls.peak,
    callbacksPlaced: s.callbacksPlaced,
    callbacksAnswered: s.callbacksAnswered,
    unservedAtEnd,
    ...(s.experience ? { agentsReplacedByGroup: agentsReplaced(s, s.experience.replacedUntil(s.nowSec)) } : {}),
  };
}
