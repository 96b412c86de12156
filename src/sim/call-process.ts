import { drawRating, drawResolved, repeatDelaySec, Resolved } from './behaviour-model.js';
import { CallState } from './call-slots.js';
import { CallEnding, emitRecord } from './emit-record.js';
import { EventKind } from './event-kind.js';
import type { FlowHost } from './flow-runner.js';
import type { SimState } from './sim-state.js';

/**
 * The call-centre process's steps, shared by the event handlers: a call
 * arrives, runs the IVR, requests an agent, is answered, and ends. Each step
 * works on the run's explicit state; none keeps state of its own.
 */

/** Next arrival after `fromSec` in a piecewise-constant Poisson process; Infinity past the horizon. */
export function nextArrivalSec(s: SimState, fromSec: number): number {
  const { horizonSec, intervalSec, arrivalRatePerSec: rates } = s.model;
  let t = fromSec;
  for (;;) {
    if (t >= horizonSec) return Infinity;
    const k = Math.floor(t / intervalSec);
    const rate = rates[Math.min(k, rates.length - 1)] as number;
    const end = Math.min((k + 1) * intervalSec, horizonSec);
    if (rate > 0) {
      const candidate = t + -Math.log(s.rng.arrival.nextOpen()) / rate;
      if (candidate < end) return candidate;
    }
    t = end; // memoryless: restart at the boundary with the next interval's rate
  }
}

/**
 * An agent of group `g` takes the call in `slot` now (the request was granted): the handle time starts. The
 * agent is busy for the whole handle time; the caller's line ends after the talk (handle − after-call work).
 * Without after-call work one ServiceEnd event ends both; with it, TalkEnd frees the caller and WrapUpEnd the agent.
 * Behaviour models: a screened-out invalid request takes the screened handle time, without after-call work
 * (CallScreening); the agent's experience multiplies handle and after-call work alike (AgentExperience).
 */
export function answer(s: SimState, slot: number, g: number): void {
  const calls = s.calls;
  const now = s.nowSec;
  calls.answer[slot] = now;
  const group = s.agents.groups[g]!;
  const type = s.model.callTypes[calls.callType[slot] as number]!;
  let handleSec = type.handle[group.pool](s.rng.handle);
  let acwSec = type.acw ? Math.min(Math.max(type.acw[group.pool](s.rng.acw), 0), handleSec) : 0;
  const agent = calls.agent[slot] as number;
  const screenedSec = s.screening ? s.screening.screenedHandleSec(calls.callType[slot] as number) : -1;
  if (screenedSec >= 0) {
    handleSec = screenedSec;
    acwSec = 0;
    calls.screened[slot] = 1;
  }
  if (s.experience) {
    const multiplier = s.experience.multiplier(g, agent, now);
    handleSec *= multiplier;
    acwSec *= multiplier;
  }
  calls.handle[slot] = handleSec;
  calls.talk[slot] = handleSec - acwSec;
  drawResolved(s, slot, g);
  if (acwSec > 0) {
    s.queue.push(now + (handleSec - acwSec), EventKind.TalkEnd, EventKind.TalkEnd, slot);
    s.queue.push(now + handleSec, EventKind.WrapUpEnd, EventKind.WrapUpEnd, g + s.agents.groups.length * agent);
  } else {
    s.queue.push(now + handleSec, EventKind.ServiceEnd, EventKind.ServiceEnd, slot);
  }
  s.runner?.answered(slot, s.agents.agentId(g, agent));
}

/**
 * Agent `agent` of group `g` is available (finished a call; 0 for an agent coming on duty): the longest-idle
 * agent takes the next caller, if any.
 */
export function agentAvailable(s: SimState, g: number, agent: number): void {
  const slot = s.agents.release(g, s.nowSec, agent);
  if (slot >= 0) answer(s, slot, g);
}

/** The call in `slot` asks for an agent of `skill`: answered at once, or it waits (patience, overflow moments). */
export function joinQueue(s: SimState, slot: number, skill: number): void {
  const { calls, queue } = s;
  const now = s.nowSec;
  calls.skill[slot] = skill;
  calls.queueEntry[slot] = now;
  calls.group[slot] = -1;
  calls.agent[slot] = 0;
  if (calls.ivrExit[slot]! < 0) calls.ivrExit[slot] = now;
  const g = s.agents.request(slot, skill);
  if (g >= 0) {
    answer(s, slot, g);
    return;
  }
  const patience = s.model.patience;
  if (patience) {
    const at = now + patience(s.rng.patience);
    calls.abandonAt[slot] = at;
    queue.push(at, EventKind.PatienceExpired, EventKind.PatienceExpired, slot);
  } else {
    calls.abandonAt[slot] = Infinity;
  }
  for (const waitSec of s.agents.overflowWaitsSec[skill]!) {
    queue.push(now + waitSec, EventKind.Overflow, EventKind.Overflow, slot);
  }
  // Groups whose idle agents look at the queues now and then (pools[].poll_sec) take the caller at the next look.
  for (const g of s.agents.groupsBySkill[skill]!) if (s.agents.groups[g]!.minWaitSec === 0) scheduleLook(s, g);
}

/** Schedules the next look at the queues of group `g`'s first idle agent to look (pools[].poll_sec), if any. */
export function scheduleLook(s: SimState, g: number): void {
  const look = s.agents.nextLook(g, s.nowSec);
  if (look === null) return;
  s.queue.push(look.atSec, EventKind.AgentPoll, EventKind.AgentPoll, g + s.agents.groups.length * look.agent);
}

/** A call (first call, redial or answered callback) starts: into the flow, the fixed-time IVR, or the queue. */
export function arrive(s: SimState, slot: number): void {
  const calls = s.calls;
  s.arrivals += 1;
  calls.queueEntry[slot] = -1;
  calls.ivrExit[slot] = -1;
  calls.answer[slot] = -1;
  calls.offerAt[slot] = -1;
  calls.resolved[slot] = Resolved.Unknown;
  calls.screened[slot] = 0; // behaviour.screening sets it when the call is answered
  const ivrSec = s.model.ivr.durationSec;
  if (s.runner) {
    calls.state[slot] = CallState.InFlow;
    const callback = calls.direction[slot] === 1;
    const language = s.callbackLanguage[slot] === 'en-US' ? 'en-US' : 'cmn-CN';
    s.runner.begin(slot, callback ? { direction: 'callback', skill: s.callbackSkill[slot]!, language } : undefined);
  } else if (ivrSec) {
    calls.state[slot] = CallState.InFlow;
    s.queue.push(s.nowSec + ivrSec(s.rng.ivr), EventKind.IvrDone, EventKind.IvrDone, slot);
  } else {
    joinQueue(s, slot, s.model.callTypes[calls.callType[slot] as number]!.skill);
  }
}

/** A new first call: a fresh slot, a new caller, a call type drawn from the mix. */
export function firstCall(s: SimState): void {
  const calls = s.calls;
  const slot = calls.alloc();
  calls.arrival[slot] = s.nowSec;
  calls.attempt[slot] = 1;
  calls.direction[slot] = 0;
  calls.caller[slot] = s.nextCaller++;
  const u = s.rng.callType.next();
  const cumulative = s.typeCumulative;
  let t = 0;
  while (t < cumulative.length - 1 && (cumulative[t] as number) <= u) t += 1;
  calls.callType[slot] = t;
  arrive(s, slot);
}

/**
 * Ends a call: its record, then a redial if it was abandoned and the caller tries again, or a repeat call if it
 * was answered unresolved and the caller calls again (behaviour.resolution.repeat: the same caller and call type,
 * a new inbound first attempt), else the slot is freed.
 */
export function endCall(s: SimState, slot: number, ending: CallEnding): void {
  emitRecord(s, slot, ending);
  const redial = s.model.redial;
  const calls = s.calls;
  // Answered calls are never abandoned: at most one of the two draws happens.
  const repeatSec = ending === CallEnding.Abandoned ? -1 : repeatDelaySec(s, slot);
  if (ending === CallEnding.Abandoned && redial && s.rng.redial.next() < redial.probability) {
    // The same caller calls again later: keep the slot, as a pending redial.
    calls.state[slot] = CallState.Pending;
    calls.attempt[slot] = (calls.attempt[slot] as number) + 1;
    calls.direction[slot] = 0;
    s.queue.push(s.nowSec + redial.delaySec(s.rng.redial), EventKind.Redial, EventKind.Redial, slot);
  } else if (repeatSec >= 0) {
    calls.state[slot] = CallState.Pending;
    calls.attempt[slot] = 1;
    calls.direction[slot] = 0;
    s.queue.push(s.nowSec + repeatSec, EventKind.Redial, EventKind.Redial, slot);
  } else {
    s.runner?.release(slot);
    s.calls.release(slot);
  }
}

/** What the flow runner calls back into: the clock, step scheduling, the queue and the call's end. */
export function flowHost(s: SimState): FlowHost {
  return {
    now: () => s.nowSec,
    scheduleStep: (atSec, slot) => s.queue.push(atSec, EventKind.FlowStep, EventKind.FlowStep, slot),
    joinQueue: (slot, skillName, offerAfterSec) => {
      const skill = s.skillIndex.get(skillName);
      if (skill === undefined) throw new Error(`flow queued a caller for skill "${skillName}", which no pool serves`);
      joinQueue(s, slot, skill);
      if (offerAfterSec !== null && s.agents.isWaiting(slot)) {
        s.calls.offerAt[slot] = s.nowSec + offerAfterSec;
        s.queue.push(s.nowSec + offerAfterSec, EventKind.CallbackOffer, EventKind.CallbackOffer, slot);
      }
    },
    leaveIvr: (slot) => {
      if (s.calls.ivrExit[slot]! < 0) s.calls.ivrExit[slot] = s.nowSec;
    },
    // Only with a model, so a run without one does not look at its survey choices twice.
    ...(s.model.satisfaction ? { surveyRating: (slot: number) => drawRating(s, slot) } : {}),
    finish: (slot, endedBy) =>
      endCall(s, slot, endedBy === 'caller' ? CallEnding.CallerHungUpInFlow : CallEnding.FlowEnded),
  };
}
