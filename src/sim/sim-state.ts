import { newCallRecord, type CallRecord } from '../record/call-record.js';
import { AgentGroups } from './agent-groups.js';
import { CallSlots } from './call-slots.js';
import { EventKind } from './event-kind.js';
import { EventQueue } from './event-queue.js';
import type { FlowRunner } from './flow-runner.js';
import { Rng, streamSeed } from './rng.js';
import type { SimModel } from './sim-model.js';
import { AgentExperience } from './agent-experience.js';
import { CallScreening } from './screening.js';

/** What a record sink may ask the run it is part of. */
export interface RunProgress {
  /**
   * No record handed to the sink from now on arrives before this, run seconds: the earliest arrival among calls in
   * progress, or the current time when that is earlier (calls not yet started arrive at or after it). Records end
   * in end order; a sink that wants them by arrival may pass on those arriving before this (ArrivalOrderBuffer).
   * Costs a scan of the call slots: ask now and then.
   */
  watermarkSec(): number;
}

/** Receives each call's record as the call ends. The object is reused: copy what you keep. */
export type RecordSink = (record: CallRecord, run: RunProgress) => void;

/** A CallRecord the engine fills in place before each `sink` call. */
export type MutableCallRecord = { -readonly [K in keyof CallRecord]: CallRecord[K] };

/** One random stream per purpose (common random numbers across compared scenarios). */
export interface SimStreams {
  readonly arrival: Rng;
  readonly callType: Rng;
  readonly patience: Rng;
  readonly handle: Rng;
  /** After-call work (its own stream, so adding it leaves the handle times of a scenario as they were). */
  readonly acw: Rng;
  /** Fixed-time IVR durations, and the flow runner's choices. */
  readonly ivr: Rng;
  /** Redials, and callbacks (delay, answered or not). */
  readonly redial: Rng;
  readonly survey: Rng;
  /** behaviour.satisfaction's rating draws (new streams: a scenario without behaviour draws as before). */
  readonly satisfaction: Rng;
  /** behaviour.resolution's resolved-or-not draws. */
  readonly resolution: Rng;
  /** behaviour.resolution.repeat: whether an unresolved caller calls again, and when. */
  readonly repeat: Rng;
}

/**
 * Everything a call-centre run holds, in one object the event handlers take:
 * the scheduler (event queue, clock), the resource (agent groups), the calls
 * (struct-of-arrays slots) and the run's counters. Nothing else is mutable.
 */
export interface SimState {
  readonly model: SimModel;
  readonly sink: RecordSink;
  /** Handed to the sink with each record. */
  readonly progress: RunProgress;
  readonly rng: SimStreams;
  /** The future event list; kinds are EventKind values. */
  readonly queue: EventQueue;
  readonly calls: CallSlots;
  readonly agents: AgentGroups;
  /** The flow callers run, or null for the fixed-time IVR. */
  runner: FlowRunner | null;
  /** The record written for each ending call (reused). */
  readonly record: MutableCallRecord;
  /** The replication's callSid prefix, `SIM<replication>-`. */
  readonly sidPrefix: string;
  /**
   * The first 22 of a simulated caller hash's 32 hex characters (the replication's; see emitRecord), or null when
   * the scenario's callers never call again (no redials, no repeat calls): their records then carry no hash, as
   * there is nothing to link, and the run is spared a string per record and the KPIs a map entry per caller.
   */
  readonly callerHashPrefix: string | null;
  /** Records emitted so far (the last callSid's sequence number). */
  emitted: number;
  /** Cumulative call-type shares, normalised to end at 1. */
  readonly typeCumulative: Float64Array;
  /** Cumulative survey rating weights (ratings 1..n), or empty. */
  readonly ratingCumulative: readonly number[];
  readonly skillIndex: ReadonlyMap<string, number>;
  /** The skill and language of each pending callback leg, by slot. */
  readonly callbackSkill: string[];
  readonly callbackLanguage: string[];
  /** (group, interval) pairs of the staffing changes; a StaffChange event's target indexes them. */
  readonly staffChanges: readonly number[];
  /** Agents' tenure and turnover (behaviour.experience), on the `experience` stream; null without the model. */
  readonly experience: AgentExperience | null;
  /** Screening of invalid requests (behaviour.screening), on the `screening` stream; null without the model. */
  readonly screening: CallScreening | null;
  /** Simulated time, seconds. */
  nowSec: number;
  /** First calls generated. */
  generated: number;
  /** Calls started, redials and answered callbacks included. */
  arrivals: number;
  events: number;
  /** The next first call's caller number. */
  nextCaller: number;
  lastArrivalSec: number;
  callbacksPlaced: number;
  callbacksAnswered: number;
}

function blankRecord(flowId: string): MutableCallRecord {
  return newCallRecord({
    callSid: '',
    flowId,
    direction: 'inbound',
    callerHash: null,
    arrivalSec: 0,
    language: 'cmn-CN',
    lastState: '',
  }) as MutableCallRecord;
}

/** Running sums of `shares`, each divided by the total after summing (the float values are part of the model). */
function typeShares(shares: readonly number[]): Float64Array {
  const out = new Float64Array(shares.length);
  let total = 0;
  shares.forEach((share, i) => {
    total += share;
    out[i] = total;
  });
  for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) / total;
  return out;
}

/** Running sums of `weights` divided by their total, term by term. */
function cumulative(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((x) => (acc += x / total));
}

/** Group `g`'s planned headcount in interval `k` (the last value holds after the plan ends). */
export function plannedAgents(model: SimModel, g: number, k: number): number {
  const plan = model.groups[g]!.agentsByInterval;
  return plan[Math.min(k, plan.length - 1)] ?? 0;
}

/** Staffing changes as (group, interval) pairs, and their StaffChange events on `queue`. */
function scheduleStaffing(model: SimModel, queue: EventQueue): number[] {
  const intervals = Math.max(1, Math.ceil(Math.min(model.horizonSec, 1e12) / model.intervalSec));
  const lastChange = Math.max(...model.groups.map((g) => g.agentsByInterval.length));
  const changes: number[] = [];
  for (let k = 0; k < Math.min(intervals, lastChange); k += 1) {
    model.groups.forEach((_, g) => {
      if (k === 0 || plannedAgents(model, g, k) !== plannedAgents(model, g, k - 1)) {
        changes.push(g, k);
        queue.push(k * model.intervalSec, EventKind.StaffChange, EventKind.StaffChange, changes.length / 2 - 1);
      }
    });
  }
  return changes;
}

/**
 * A run's initial state: random streams for `seed` and `replication`, empty
 * queues, and the staffing plan's changes scheduled. The first arrival and
 * the flow runner are the process's to add.
 */
export function createSimState(model: SimModel, seed: number, replication: number, sink: RecordSink): SimState {
  const stream = (purpose: string) => new Rng(streamSeed(seed, purpose, replication));
  // Streams are created in a fixed order; each depends only on its purpose's name.
  const rng: SimStreams = {
    arrival: stream('arrivals'),
    callType: stream('call-types'),
    patience: stream('patience'),
    handle: stream('handle'),
    acw: stream('acw'),
    ivr: stream('ivr'),
    redial: stream('redial'),
    survey: stream('survey'),
    satisfaction: stream('satisfaction'),
    resolution: stream('resolution'),
    repeat: stream('repeat'),
  };
  const queue = new EventQueue(1024);
  const calls = new CallSlots();
  const state: SimState = {
    model,
    sink,
    progress: { watermarkSec: () => Math.min(state.nowSec, calls.oldestOpenArrivalSec()) },
    rng,
    queue,
    calls,
    agents: new AgentGroups(model.groups, model.skills.length, calls),
    runner: null,
    record: blankRecord(model.flowId),
    sidPrefix: `SIM${replication}-`,
    callerHashPrefix:
      model.redial !== null || (model.resolution?.repeat ?? null) !== null
        ? `5a${(replication >>> 0).toString(16).padStart(8, '0')}${'0'.repeat(12)}`
        : null,
    emitted: 0,
    typeCumulative: typeShares(model.callTypes.map((t) => t.share)),
    ratingCumulative: model.survey ? cumulative(model.survey.ratingWeights) : [],
    skillIndex: new Map(model.skills.map((name, i) => [name, i])),
    callbackSkill: [],
    callbackLanguage: [],
    staffChanges: scheduleStaffing(model, queue),
    experience: model.experience ? new AgentExperience(model.experience, stream('experience')) : null,
    screening: model.screening ? new CallScreening(model.screening, stream('screening')) : null,
    nowSec: 0,
    generated: 0,
    arrivals: 0,
    events: 0,
    nextCaller: 0,
    lastArrivalSec: 0,
    callbacksPlaced: 0,
    callbacksAnswered: 0,
  };
  return state;
}
