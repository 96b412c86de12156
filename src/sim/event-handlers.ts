import { CallState } from './call-slots.js';
import {
  agentAvailable,
  answer,
  arrive,
  endCall,
  firstCall,
  joinQueue,
  nextArrivalSec,
  scheduleLook,
} from './call-process.js';
import { CallEnding } from './emit-record.js';
import { EventKind } from './event-kind.js';
import { plannedAgents, type SimState } from './sim-state.js';

/**
 * One handler per EventKind, each taking the run's state and the event's
 * target (a call slot, or a staffing change's index). The loop in
 * call-centre-sim.ts routes each popped event to its handler.
 */

/** The next first call arrives; the one after it is scheduled unless the run has enough calls. */
export function onArrival(s: SimState): void {
  s.generated += 1;
  s.lastArrivalSec = s.nowSec;
  firstCall(s);
  if (s.generated < s.model.maxCalls) {
    const next = nextArrivalSec(s, s.nowSec);
    if (next < Infinity) s.queue.push(next, EventKind.Arrival, EventKind.Arrival, 0);
  }
}

/**
 * The agent finished the call in `slot` (no after-call work) and is released. Without a flow the
 * call ends here; with one the caller goes on in the flow (the survey) and ends there.
 */
export function onServiceEnd(s: SimState, slot: number): void {
  const g = s.calls.group[slot] as number;
  const agent = s.calls.agent[slot] as number;
  const runner = s.runner;
  if (runner) {
    s.calls.state[slot] = CallState.InFlow;
    agentAvailable(s, g, agent);
    runner.agentFinished(slot);
  } else {
    endCall(s, slot, CallEnding.Answered);
    agentAvailable(s, g, agent);
  }
}

/** The talk of the call in `slot` ended and its agent wraps up: the caller goes on in the flow, or the call ends. */
export function onTalkEnd(s: SimState, slot: number): void {
  const runner = s.runner;
  if (runner) {
    s.calls.state[slot] = CallState.InFlow;
    runner.agentFinished(slot);
  } else {
    endCall(s, slot, CallEnding.Answered);
  }
}

/** An agent finished its after-call work (`key` = group + groups × agent number, as `answer` scheduled it). */
export function onWrapUpEnd(s: SimState, key: number): void {
  const groupCount = s.agents.groups.length;
  agentAvailable(s, key % groupCount, Math.floor(key / groupCount));
}

/** Staffing change `change`: the group's headcount moves to the plan's; agents coming on duty take waiting callers. */
export function onStaffChange(s: SimState, change: number): void {
  const g = s.staffChanges[2 * change] as number;
  const k = s.staffChanges[2 * change + 1] as number;
  const joined = s.agents.restaff(g, plannedAgents(s.model, g, k));
  for (let i = 0; i < joined; i += 1) agentAvailable(s, g, 0);
}

/** The caller in `slot` gives up waiting (unless served or gone since): the request is cancelled, the call ends. */
export function onPatienceExpired(s: SimState, slot: number): void {
  if (!s.agents.isWaiting(slot) || s.calls.abandonAt[slot] !== s.nowSec) return;
  s.agents.cancel(slot, s.nowSec);
  s.runner?.abandoned(slot);
  endCall(s, slot, CallEnding.Abandoned);
}

/** The caller in `slot` waited long enough for overflow groups: each with an idle agent takes its next caller. */
export function onOverflow(s: SimState, slot: number): void {
  if (!s.agents.isWaiting(slot)) return;
  // FIFO holds: each group takes its longest-waiting eligible caller, not necessarily this one.
  for (const g of s.agents.groupsBySkill[s.calls.skill[slot] as number]!) {
    if (s.agents.groups[g]!.pollSec > 0) {
      // An idle agent of a polling group sees the caller at its next look (the live server moves the caller to
      // the overflow queue now; its agents find it there when they next look).
      scheduleLook(s, g);
      continue;
    }
    const taken = s.agents.overflow(g, s.nowSec);
    if (taken >= 0) answer(s, taken, g);
  }
}

/**
 * Idle agent of `key` (group + groups × agent number) looks at the queues (pools[].poll_sec): it takes the
 * longest-waiting caller it may serve, and the group's next idle agent looks next; a stale look (the agent was
 * busy or gone since) hands the look on to the next idle agent.
 */
export function onAgentPoll(s: SimState, key: number): void {
  const groupCount = s.agents.groups.length;
  const g = key % groupCount;
  const slot = s.agents.look(g, Math.floor(key / groupCount), s.nowSec);
  if (slot >= 0) answer(s, slot, g);
  if (slot !== -1) scheduleLook(s, g);
}

/** The fixed-time IVR ended: the caller asks for an agent of its call type's skill. */
export function onIvrDone(s: SimState, slot: number): void {
  s.calls.ivrExit[slot] = s.nowSec;
  joinQueue(s, slot, s.model.callTypes[s.calls.callType[slot] as number]!.skill);
}

/** A flow step of the call in `slot` ended. */
export function onFlowStep(s: SimState, slot: number): void {
  s.runner!.stepDone(slot);
}

/**
 * The callback offer reaches the caller in `slot` if still waiting; one who
 * accepts cancels the request and leaves with a callback booked, which the
 * hotline places later as a new call (a callback leg in its own slot).
 */
export function onCallbackOffer(s: SimState, slot: number): void {
  const { calls, runner } = s;
  if (!s.agents.isWaiting(slot) || calls.offerAt[slot] !== s.nowSec || !runner!.acceptsCallback()) return;
  s.agents.cancel(slot, s.nowSec);
  const leg = calls.alloc();
  calls.state[leg] = CallState.Pending;
  calls.caller[leg] = calls.caller[slot] as number;
  calls.callType[leg] = calls.callType[slot] as number;
  calls.attempt[leg] = 1;
  calls.direction[leg] = 1;
  s.callbackSkill[leg] = s.model.skills[calls.skill[slot] as number] as string;
  s.callbackLanguage[leg] = runner!.language(slot);
  const atSec = s.nowSec + s.model.flow!.callbackDelaySec(s.rng.redial);
  s.queue.push(atSec, EventKind.CallbackCall, EventKind.CallbackCall, leg);
  runner!.callbackBooked(slot);
}

/** The caller who abandoned in `slot` calls again (a redial), or whose request was not resolved (a repeat call). */
export function onRedial(s: SimState, slot: number): void {
  s.calls.arrival[slot] = s.nowSec;
  arrive(s, slot);
}

/** The hotline calls back the leg in `slot`: the citizen answers (a new call starts) or not (the leg is dropped). */
export function onCallbackCall(s: SimState, slot: number): void {
  s.callbacksPlaced += 1;
  if (s.rng.redial.next() < s.model.flow!.callbackAnswer) {
    s.callbacksAnswered += 1;
    s.calls.arrival[slot] = s.nowSec;
    arrive(s, slot);
  } else {
    s.calls.release(slot);
  }
}
