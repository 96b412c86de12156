import type { AgentPool, CallOutcome, CallRecord } from '../record/call-record.js';
import { EventQueue } from './event-queue.js';
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
}

// Event kinds, and their priorities at equal times: departures free agents before arrivals look for one.
const DONE = 0;
const STAFF = 1;
const ABANDON = 2;
const OVERFLOW = 3;
const IVR_DONE = 4;
const REDIAL = 5;
const ARRIVAL = 6;

const S_IVR = 1;
const S_WAITING = 2;
const S_SERVED = 3;
const S_REDIAL = 4;

/** A call slot's fields, struct-of-arrays, reused after the call ends. */
class CallSlots {
  arrival = new Float64Array(256);
  queueEntry = new Float64Array(256);
  answer = new Float64Array(256);
  handle = new Float64Array(256);
  abandonAt = new Float64Array(256);
  ivrExit = new Float64Array(256);
  state = new Int8Array(256);
  callType = new Int32Array(256);
  group = new Int32Array(256);
  attempt = new Int32Array(256);
  caller = new Int32Array(256);
  /** Queue ticket: changes each time the call joins a queue, so stale queue entries are recognised. */
  ticket = new Int32Array(256);
  private free: number[] = [];
  private used = 0;
  live = 0;
  peak = 0;

  alloc(): number {
    this.live += 1;
    if (this.live > this.peak) this.peak = this.live;
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.state.length) this.grow();
    return this.used++;
  }

  release(slot: number): void {
    this.state[slot] = 0;
    this.live -= 1;
    this.free.push(slot);
  }

  private grow(): void {
    const n = this.state.length * 2;
    const f = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    const i = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.arrival = f(this.arrival);
    this.queueEntry = f(this.queueEntry);
    this.answer = f(this.answer);
    this.handle = f(this.handle);
    this.abandonAt = f(this.abandonAt);
    this.ivrExit = f(this.ivrExit);
    const s = new Int8Array(n);
    s.set(this.state);
    this.state = s;
    this.callType = i(this.callType);
    this.group = i(this.group);
    this.attempt = i(this.attempt);
    this.caller = i(this.caller);
    this.ticket = i(this.ticket);
  }
}

/**
 * A FIFO of waiting calls in a growable ring buffer. Callers who abandon are
 * removed lazily: each entry keeps the slot's queue ticket, and an entry whose
 * ticket no longer matches (the caller left, the slot was reused or redialled)
 * is skipped when it reaches the head.
 */
class SlotQueue {
  private slots = new Int32Array(64);
  private tickets = new Int32Array(64);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(slot: number, ticket: number): void {
    if (this.count === this.slots.length) {
      const n = this.slots.length;
      const slots = new Int32Array(n * 2);
      const tickets = new Int32Array(n * 2);
      for (let i = 0; i < this.count; i += 1) {
        slots[i] = this.slots[(this.head + i) % n] as number;
        tickets[i] = this.tickets[(this.head + i) % n] as number;
      }
      this.slots = slots;
      this.tickets = tickets;
      this.head = 0;
    }
    const at = (this.head + this.count) % this.slots.length;
    this.slots[at] = slot;
    this.tickets[at] = ticket;
    this.count += 1;
  }

  peekSlot(): number {
    return this.slots[this.head] as number;
  }

  peekTicket(): number {
    return this.tickets[this.head] as number;
  }

  shift(): void {
    this.head = (this.head + 1) % this.slots.length;
    this.count -= 1;
  }
}

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

  // Staffing plan: an event at each interval where some group's headcount changes.
  const intervals = Math.max(1, Math.ceil(Math.min(horizon, 1e12) / intervalSec));
  const planAt = (g: number, k: number): number => {
    const plan = model.groups[g]!.agentsByInterval;
    return plan[Math.min(k, plan.length - 1)] ?? 0;
  };
  const lastChange = Math.max(...model.groups.map((g) => g.agentsByInterval.length));
  for (let k = 0; k < Math.min(intervals, lastChange); k += 1) {
    model.groups.forEach((_, i) => {
      if (k === 0 || planAt(i, k) !== planAt(i, k - 1)) queue.push(k * intervalSec, STAFF, STAFF, i + k * 65536);
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

  const emit = (slot: number, outcome: CallOutcome, endSec: number): void => {
    const type = model.callTypes[calls.callType[slot] as number]!;
    const answered = outcome === 'answered';
    const queued = calls.queueEntry[slot]! >= 0;
    record.arrivalSec = calls.arrival[slot] as number;
    record.ivrExitSec = calls.ivrExit[slot]! >= 0 ? (calls.ivrExit[slot] as number) : null;
    record.queueEntrySec = queued ? (calls.queueEntry[slot] as number) : null;
    record.answerSec = answered ? (calls.answer[slot] as number) : null;
    record.abandonSec = outcome === 'abandoned' ? endSec : null;
    record.endSec = endSec;
    record.handleSec = answered ? (calls.handle[slot] as number) : null;
    record.callType = type.name;
    record.attempt = calls.attempt[slot] as number;
    record.skill = model.skills[type.skill] as string;
    record.pool = answered ? groups[calls.group[slot] as number]!.pool : null;
    record.agentId = answered ? model.groups[calls.group[slot] as number]!.name : null;
    record.outcome = outcome;
    record.rating = null;
    if (answered && model.survey && rngSurvey.next() < model.survey.participation) {
      const u = rngSurvey.next();
      let r = 0;
      while (r < ratingCumulative.length - 1 && (ratingCumulative[r] as number) <= u) r += 1;
      record.rating = r + 1;
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
      if (entry < bestEntry && now - entry >= group.minWaitSec) {
        best = head;
        bestEntry = entry;
      }
    }
    if (best >= 0) skillQueues[model.callTypes[calls.callType[best] as number]!.skill]!.shift();
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

  const route = (slot: number): void => {
    const skill = model.callTypes[calls.callType[slot] as number]!.skill;
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
    if (ivrDuration) {
      calls.state[slot] = S_IVR;
      queue.push(now + ivrDuration(rngIvr), IVR_DONE, IVR_DONE, slot);
    } else {
      route(slot);
    }
  };

  const firstCall = (): void => {
    const slot = calls.alloc();
    calls.arrival[slot] = now;
    calls.attempt[slot] = 1;
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
        emit(slot, 'answered', now);
        calls.release(slot);
        agentFree(g);
        break;
      }
      case ABANDON: {
        if (calls.state[slot] !== S_WAITING || calls.abandonAt[slot] !== now) break;
        emit(slot, 'abandoned', now);
        if (model.redial && rngRedial.next() < model.redial.probability) {
          // The same caller calls again later: keep the slot, as a pending redial.
          calls.state[slot] = S_REDIAL;
          calls.attempt[slot] = (calls.attempt[slot] as number) + 1;
          queue.push(now + model.redial.delaySec(rngRedial), REDIAL, REDIAL, slot);
        } else {
          calls.release(slot);
        }
        break;
      }
      case OVERFLOW: {
        if (calls.state[slot] !== S_WAITING) break;
        // The caller may now be taken by a group that requires a minimum wait; nextFor keeps FIFO order.
        for (const g of groupsBySkill[model.callTypes[calls.callType[slot] as number]!.skill]!) {
          if (groups[g]!.free > 0 && groups[g]!.minWaitSec > 0) {
            const taken = nextFor(g);
            if (taken >= 0) assign(taken, g);
          }
        }
        break;
      }
      case IVR_DONE:
        calls.ivrExit[slot] = now;
        route(slot);
        break;
      case REDIAL:
        calls.arrival[slot] = now;
        arrive(slot);
        break;
      case STAFF: {
        const g = slot % 65536;
        const k = (slot - g) / 65536;
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
  // Agent-seconds on duty while calls were arriving (the period the KPIs describe).
  const staffedSecByPool: Record<string, number> = {};
  const until = Math.min(horizon, lastArrivalSec);
  for (let k = 0; k * intervalSec < until; k += 1) {
    const length = Math.min(intervalSec, until - k * intervalSec);
    model.groups.forEach((g, i) => {
      staffedSecByPool[g.pool] = (staffedSecByPool[g.pool] ?? 0) + planAt(i, k) * length;
    });
  }
  return { calls: generated, arrivals, events, endSec: now, arrivalsEndSec: lastArrivalSec, staffedSecByPool, peakConcurrent: calls.peak };
}
