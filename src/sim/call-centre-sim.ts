import { callOutcome } from '../record/call-outcome.js';
import type { AgentPool, CallOutcome, CallRecord } from '../record/call-record.js';
import { CallSlots, SlotQueue } from './call-slots.js';
import { EventQueue } from './event-queue.js';
import { FLAG_CALLBACK, FLAG_SELF_SERVED, FLAG_VOICEMAIL, FlowRunner } from './flow-runner.js';
import { Rng, streamSeed } from './rng.js';
import type { SimModel } from './sim-model.js';

/** Receives each call's record as the call ends. The object is reused: copy what you keep. */
export type RecordSink = (record: CallRecord) => void;

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
  /** Callers left waiting when the run could go no further (no patience and nobody staffed for them): recorded as queue-failed. */
  readonly unservedAtEnd: number;
}

// Event kinds, and their priorities at equal times: departures free agents before arrivals look for one.
const DONE = 0;
const STAFF = 1;
const ABANDON = 2;
const OVERFLOW = 3;
const IVR_DONE = 4;
const FLOW_STEP = 5;
const CALLBACK_OFFER = 6;
const REDIAL = 7;
const CALLBACK_CALL = 8;
const ARRIVAL = 9;

const S_IVR = 1;
const S_WAITING = 2;
const S_SERVED = 3;
const S_REDIAL = 4;

interface GroupState {
  readonly pool: AgentPool;
  readonly skills: readonly number[];
  readonly minWaitSec: number;
  staffed: number;
  free: number;
  /** Agents to send home as soon as they finish a call (the plan went down mid-call). */
  leaving: number;
}

function makeRecord(flowId: string): { -readonly [K in keyof CallRecord]: CallRecord[K] } {
  return {
    callSid: '', flowId, direction: 'inbound', callerHash: null, arrivalSec: 0, ivrExitSec: null, queueEntrySec: null,
    answerSec: null, abandonSec: null, endSec: null, handleSec: null, callType: null, attempt: 1, skill: null, pool: null,
    agentId: null, outcome: null, rating: null, language: 'cmn-CN', callbackRequested: false, transferTo: null, lastState: '',
  };
}

/**
 * Runs one replication of a call-centre model in virtual time and streams a
 * record per call to `sink`. Deterministic: the same model, seed and
 * replication give the same records, in the same order. Each random purpose
 * has its own stream (common random numbers across compared scenarios).
 */
export function runCallCentre(model: SimModel, seed: number, replication: number, sink: RecordSink): SimRunStats {
  const rngArrival = new Rng(streamSeed(seed, 'arrivals', replication));
  const rngType = new Rng(streamSeed(seed, 'call-types', replication));
  const rngPatience = new Rng(streamSeed(seed, 'patience', replication));
  const rngHandle = new Rng(streamSeed(seed, 'handle', replication));
  const rngIvr = new Rng(streamSeed(seed, 'ivr', replication));
  const rngRedial = new Rng(streamSeed(seed, 'redial', replication));
  const rngSurvey = new Rng(streamSeed(seed, 'survey', replication));

  const queue = new EventQueue(1024);
  const calls = new CallSlots();
  const skillQueues = model.skills.map(() => new SlotQueue());
  const groups: GroupState[] = model.groups.map((g) => ({ pool: g.pool, skills: g.skills, minWaitSec: g.minWaitSec, staffed: 0, free: 0, leaving: 0 }));
  // Groups serving each skill, best priority first.
  const groupsBySkill = model.skills.map((_, skill) =>
    model.groups.map((g, i) => ({ g, i })).filter(({ g }) => g.skills.includes(skill)).sort((a, b) => a.g.priority - b.g.priority || a.i - b.i).map(({ i }) => i));
  const overflowWaits = model.skills.map((_, skill) =>
    [...new Set((groupsBySkill[skill] ?? []).map((i) => model.groups[i]!.minWaitSec).filter((w) => w > 0))].sort((a, b) => a - b));
  const typeCumulative = new Float64Array(model.callTypes.length);
  {
    let total = 0;
    model.callTypes.forEach((t, i) => { total += t.share; typeCumulative[i] = total; });
    for (let i = 0; i < typeCumulative.length; i += 1) typeCumulative[i] = (typeCumulative[i] as number) / total;
  }
  const ratingCumulative = model.survey ? (() => {
    const w = model.survey.ratingWeights;
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    return w.map((x) => (acc += x / total));
  })() : [];

  const record = makeRecord(model.flowId);
  const intervalSec = model.intervalSec;
  const rates = model.arrivalRatePerSec;
  const horizon = model.horizonSec;
  const patience = model.patience;
  const ivrDuration = model.ivr.durationSec;
  let generated = 0;
  let arrivals = 0;
  let events = 0;
  let nextCaller = 0;
  let now = 0;
  let callbacksPlaced = 0;
  let callbacksAnswered = 0;
  const flowModel = model.flow;
  const skillIndex = new Map(model.skills.map((name, i) => [name, i]));
  const callbackSkill: string[] = [];
  const callbackLanguage: string[] = [];
  let runner: FlowRunner | null = null;

  // Staffing plan: an event at each interval where some group's headcount changes.
  const intervals = Math.max(1, Math.ceil(Math.min(horizon, 1e12) / intervalSec));
  const planAt = (g: number, k: number): number => {
    const plan = model.groups[g]!.agentsByInterval;
    return plan[Math.min(k, plan.length - 1)] ?? 0;
  };
  const lastChange = Math.max(...model.groups.map((g) => g.agentsByInterval.length));
  /** (group, interval) pairs of the staffing changes; a STAFF event's target indexes them. */
  const staffChanges: number[] = [];
  for (let k = 0; k < Math.min(intervals, lastChange); k += 1) {
    model.groups.forEach((_, i) => {
      if (k === 0 || planAt(i, k) !== planAt(i, k - 1)) {
        staffChanges.push(i, k);
        queue.push(k * intervalSec, STAFF, STAFF, staffChanges.length / 2 - 1);
      }
    });
  }
  let lastArrivalSec = 0;

  /** Next arrival after `from` in a piecewise-constant Poisson process; Infinity past the horizon. */
  const nextArrival = (from: number): number => {
    let t = from;
    for (;;) {
      if (t >= horizon) return Infinity;
      const k = Math.floor(t / intervalSec);
      const rate = rates[Math.min(k, rates.length - 1)] as number;
      const end = Math.min((k + 1) * intervalSec, horizon);
      if (rate > 0) {
        const candidate = t + -Math.log(rngArrival.nextOpen()) / rate;
        if (candidate < end) return candidate;
      }
      t = end; // memoryless: restart at the boundary with the next interval's rate
    }
  };

  const emit = (slot: number, outcome: CallOutcome | null, endSec: number, waiting = false, callerHungUp = false): void => {
    const type = model.callTypes[calls.callType[slot] as number]!;
    const answered = calls.answer[slot]! >= 0;
    const queued = calls.queueEntry[slot]! >= 0;
    record.arrivalSec = calls.arrival[slot] as number;
    record.ivrExitSec = calls.ivrExit[slot]! >= 0 ? (calls.ivrExit[slot] as number) : null;
    record.queueEntrySec = queued ? (calls.queueEntry[slot] as number) : null;
    record.answerSec = answered ? (calls.answer[slot] as number) : null;
    record.abandonSec = waiting ? endSec : null;
    record.endSec = endSec;
    record.handleSec = answered ? (calls.handle[slot] as number) : null;
    record.callType = type.name;
    record.attempt = calls.attempt[slot] as number;
    record.skill = queued ? (model.skills[calls.skill[slot] as number] as string) : null;
    record.pool = answered ? groups[calls.group[slot] as number]!.pool : null;
    record.agentId = answered ? model.groups[calls.group[slot] as number]!.name : null;
    record.direction = calls.direction[slot] === 1 ? 'callback' : 'inbound';
    record.rating = null;
    if (runner) {
      const flags = runner.flags[slot] ?? 0;
      record.rating = runner.rating(slot);
      record.language = runner.language(slot);
      record.lastState = runner.stateId(slot);
      record.transferTo = runner.transferTo[slot] ?? null;
      record.callbackRequested = (flags & FLAG_CALLBACK) !== 0;
      const marks: string[] = [];
      if (flags & FLAG_SELF_SERVED) marks.push('self-served');
      if (flags & FLAG_VOICEMAIL) marks.push('voicemail');
      record.outcome = callOutcome(record, { waiting, callerHungUp, marks });
    } else {
      record.outcome = outcome;
      if (answered && model.survey && rngSurvey.next() < model.survey.participation) {
        const u = rngSurvey.next();
        let r = 0;
        while (r < ratingCumulative.length - 1 && (ratingCumulative[r] as number) <= u) r += 1;
        record.rating = r + 1;
      }
    }
    sink(record);
  };

  const assign = (slot: number, g: number): void => {
    const group = groups[g]!;
    group.free -= 1;
    calls.state[slot] = S_SERVED;
    calls.group[slot] = g;
    calls.answer[slot] = now;
    const handle = model.callTypes[calls.callType[slot] as number]!.handle[group.pool](rngHandle);
    calls.handle[slot] = handle;
    queue.push(now + handle, DONE, DONE, slot);
    runner?.answered(slot, model.groups[g]!.name);
  };

  /** The longest-waiting caller group `g` may take now, or -1. */
  const nextFor = (g: number): number => {
    const group = groups[g]!;
    let best = -1;
    let bestEntry = Infinity;
    for (const skill of group.skills) {
      const q = skillQueues[skill]!;
      while (q.size > 0 && (calls.state[q.peekSlot()] !== S_WAITING || calls.ticket[q.peekSlot()] !== q.peekTicket())) q.shift();
      if (q.size === 0) continue;
      const head = q.peekSlot();
      const entry = calls.queueEntry[head] as number;
      if (entry < bestEntry && now >= entry + group.minWaitSec) {
        best = head;
        bestEntry = entry;
      }
    }
    if (best >= 0) skillQueues[calls.skill[best] as number]!.shift();
    return best;
  };

  /** Frees one agent of group `g`: it takes the next caller, goes home, or waits. */
  const agentFree = (g: number): void => {
    const group = groups[g]!;
    group.free += 1;
    if (group.leaving > 0) {
      group.leaving -= 1;
      group.free -= 1;
      group.staffed -= 1;
      return;
    }
    const slot = nextFor(g);
    if (slot >= 0) assign(slot, g);
  };

  const route = (slot: number, skill: number): void => {
    calls.skill[slot] = skill;
    calls.queueEntry[slot] = now;
    if (calls.ivrExit[slot]! < 0) calls.ivrExit[slot] = now;
    // Agents free with callers of this skill waiting can only be overflow groups not yet allowed; take the best free group.
    for (const g of groupsBySkill[skill]!) {
      const group = groups[g]!;
      if (group.minWaitSec === 0 && group.free > 0) {
        assign(slot, g);
        return;
      }
    }
    const q = skillQueues[skill]!;
    calls.state[slot] = S_WAITING;
    const ticket = (calls.ticket[slot] as number) + 1;
    calls.ticket[slot] = ticket;
    q.push(slot, ticket);
    if (patience) {
      const at = now + patience(rngPatience);
      calls.abandonAt[slot] = at;
      queue.push(at, ABANDON, ABANDON, slot);
    } else {
      calls.abandonAt[slot] = Infinity;
    }
    for (const wait of overflowWaits[skill]!) queue.push(now + wait, OVERFLOW, OVERFLOW, slot);
  };

  const arrive = (slot: number): void => {
    arrivals += 1;
    calls.queueEntry[slot] = -1;
    calls.ivrExit[slot] = -1;
    calls.answer[slot] = -1;
    calls.offerAt[slot] = -1;
    if (runner) {
      calls.state[slot] = S_IVR;
      const callback = calls.direction[slot] === 1;
      runner.begin(slot, callback ? { direction: 'callback', skill: callbackSkill[slot]!, language: callbackLanguage[slot] === 'en-US' ? 'en-US' : 'cmn-CN' } : undefined);
    } else if (ivrDuration) {
      calls.state[slot] = S_IVR;
      queue.push(now + ivrDuration(rngIvr), IVR_DONE, IVR_DONE, slot);
    } else {
      route(slot, model.callTypes[calls.callType[slot] as number]!.skill);
    }
  };

  /** Ends a call: its record, then a redial if it was abandoned and the caller tries again. */
  const endCall = (slot: number, outcome: CallOutcome | null, waiting: boolean, callerHungUp: boolean): void => {
    emit(slot, outcome, now, waiting, callerHungUp);
    if (waiting && model.redial && rngRedial.next() < model.redial.probability) {
      // The same caller calls again later: keep the slot, as a pending redial.
      calls.state[slot] = S_REDIAL;
      calls.attempt[slot] = (calls.attempt[slot] as number) + 1;
      calls.direction[slot] = 0;
      queue.push(now + model.redial.delaySec(rngRedial), REDIAL, REDIAL, slot);
    } else {
      runner?.release(slot);
      calls.release(slot);
    }
  };

  if (flowModel) {
    runner = new FlowRunner(flowModel, rngIvr, {
      now: () => now,
      scheduleStep: (at, slot) => queue.push(at, FLOW_STEP, FLOW_STEP, slot),
      joinQueue: (slot, skillName, offerAfterSec) => {
        const skill = skillIndex.get(skillName);
        if (skill === undefined) throw new Error(`flow queued a caller for skill "${skillName}", which no pool serves`);
        route(slot, skill);
        if (offerAfterSec !== null && calls.state[slot] === S_WAITING) {
          calls.offerAt[slot] = now + offerAfterSec;
          queue.push(now + offerAfterSec, CALLBACK_OFFER, CALLBACK_OFFER, slot);
        }
      },
      leaveIvr: (slot) => { if (calls.ivrExit[slot]! < 0) calls.ivrExit[slot] = now; },
      finish: (slot, callerHungUp) => endCall(slot, null, false, callerHungUp),
    });
  }

  const firstCall = (): void => {
    const slot = calls.alloc();
    calls.arrival[slot] = now;
    calls.attempt[slot] = 1;
    calls.direction[slot] = 0;
    calls.caller[slot] = nextCaller++;
    const u = rngType.next();
    let t = 0;
    while (t < typeCumulative.length - 1 && (typeCumulative[t] as number) <= u) t += 1;
    calls.callType[slot] = t;
    arrive(slot);
  };

  const first = nextArrival(0);
  if (first < Infinity && model.maxCalls > 0) queue.push(first, ARRIVAL, ARRIVAL, 0);

  while (queue.pop()) {
    events += 1;
    now = queue.time;
    const slot = queue.target;
    switch (queue.kind) {
      case ARRIVAL: {
        generated += 1;
        lastArrivalSec = now;
        firstCall();
        if (generated < model.maxCalls) {
          const next = nextArrival(now);
          if (next < Infinity) queue.push(next, ARRIVAL, ARRIVAL, 0);
        }
        break;
      }
      case DONE: {
        const g = calls.group[slot] as number;
        if (runner) {
          // The agent is free; the caller goes on in the flow (the survey) and ends there.
          calls.state[slot] = S_IVR;
          agentFree(g);
          runner.agentFinished(slot);
        } else {
          emit(slot, 'answered', now);
          calls.release(slot);
          agentFree(g);
        }
        break;
      }
      case ABANDON: {
        if (calls.state[slot] !== S_WAITING || calls.abandonAt[slot] !== now) break;
        calls.state[slot] = S_IVR;
        runner?.abandoned(slot);
        endCall(slot, 'abandoned', true, true);
        break;
      }
      case FLOW_STEP:
        runner!.stepDone(slot);
        break;
      case CALLBACK_OFFER: {
        if (calls.state[slot] !== S_WAITING || calls.offerAt[slot] !== now || !runner!.acceptsCallback()) break;
        // The caller leaves the queue with a callback booked; the hotline calls back later as a new call.
        calls.state[slot] = S_IVR;
        const leg = calls.alloc();
        calls.state[leg] = S_REDIAL;
        calls.caller[leg] = calls.caller[slot] as number;
        calls.callType[leg] = calls.callType[slot] as number;
        calls.attempt[leg] = 1;
        calls.direction[leg] = 1;
        callbackSkill[leg] = model.skills[calls.skill[slot] as number] as string;
        callbackLanguage[leg] = runner!.language(slot);
        queue.push(now + flowModel!.callbackDelaySec(rngRedial), CALLBACK_CALL, CALLBACK_CALL, leg);
        runner!.callbackBooked(slot);
        break;
      }
      case CALLBACK_CALL:
        callbacksPlaced += 1;
        if (rngRedial.next() < flowModel!.callbackAnswer) {
          callbacksAnswered += 1;
          calls.arrival[slot] = now;
          arrive(slot);
        } else {
          calls.release(slot);
        }
        break;
      case OVERFLOW: {
        if (calls.state[slot] !== S_WAITING) break;
        // The caller may now be taken by a group that requires a minimum wait; nextFor keeps FIFO order.
        for (const g of groupsBySkill[calls.skill[slot] as number]!) {
          if (groups[g]!.free > 0 && groups[g]!.minWaitSec > 0) {
            const taken = nextFor(g);
            if (taken >= 0) assign(taken, g);
          }
        }
        break;
      }
      case IVR_DONE:
        calls.ivrExit[slot] = now;
        route(slot, model.callTypes[calls.callType[slot] as number]!.skill);
        break;
      case REDIAL:
        calls.arrival[slot] = now;
        arrive(slot);
        break;
      case STAFF: {
        const g = staffChanges[2 * slot] as number;
        const k = staffChanges[2 * slot + 1] as number;
        const group = groups[g]!;
        const plan = model.groups[g]!.agentsByInterval;
        const target = plan[Math.min(k, plan.length - 1)] ?? 0;
        let delta = target - (group.staffed - group.leaving);
        if (delta > 0) {
          const cancelLeave = Math.min(delta, group.leaving);
          group.leaving -= cancelLeave;
          delta -= cancelLeave;
          group.staffed += delta;
          for (let i = 0; i < delta; i += 1) agentFree(g);
        } else if (delta < 0) {
          const idle = Math.min(group.free, -delta);
          group.free -= idle;
          group.staffed -= idle;
          group.leaving += -delta - idle;
        }
        break;
      }
    }
  }
  // Callers still waiting when nothing else can happen (no patience, nobody staffed for them): their calls end unserved.
  let unserved = 0;
  for (let slot = 0; slot < calls.state.length; slot += 1) {
    if (calls.state[slot] !== S_WAITING) continue;
    unserved += 1;
    runner?.abandoned(slot);
    emit(slot, 'queue-failed', now, false, false);
    calls.release(slot);
  }
  // Agent-seconds on duty while calls were arriving (the period the KPIs describe).
  const staffedSecByPool: Record<string, number> = {};
  const until = Math.min(horizon, lastArrivalSec);
  const from = Math.min(model.countFromSec, until);
  for (let k = Math.floor(from / intervalSec); k * intervalSec < until; k += 1) {
    const length = Math.min((k + 1) * intervalSec, until) - Math.max(k * intervalSec, from);
    model.groups.forEach((g, i) => {
      staffedSecByPool[g.pool] = (staffedSecByPool[g.pool] ?? 0) + planAt(i, k) * length;
    });
  }
  return { calls: generated, arrivals, events, endSec: now, arrivalsEndSec: lastArrivalSec, staffedSecByPool, peakConcurrent: calls.peak, callbacksPlaced, callbacksAnswered, unservedAtEnd: unserved };
}
