import type { AgentPool } from '../record/call-record.js';
import type { ResolutionModel, SatisfactionModel } from './behaviour-model.js';
import type { Sampler } from './distributions.js';
import type { SimFlowModel } from './ivr-caller-model.js';
import type { ExperienceModel } from './agent-experience.js';
import type { ScreeningModel } from './screening.js';

/** A group of interchangeable agents: one pool, one set of skills, a headcount per interval. */
export interface AgentGroupModel {
  readonly name: string;
  readonly pool: AgentPool;
  /** Indexes into SimModel.skills. */
  readonly skills: readonly number[];
  /** Agents on the phone in each interval (after shrinkage); the last value holds after the plan ends. */
  readonly agentsByInterval: readonly number[];
  /** A caller may be routed to this group only after waiting this long (overflow), seconds; 0 = at once. */
  readonly minWaitSec: number;
  /** Lower is preferred when several groups have a free agent. */
  readonly priority: number;
  /** An idle agent looks at the queues every this many seconds (0: callers reach idle agents at once). */
  readonly pollSec?: number;
}

/** A request type with its share of calls, the skill it needs and its handle time per pool. */
export interface CallTypeModel {
  readonly name: string;
  readonly share: number;
  /** Index into SimModel.skills. */
  readonly skill: number;
  /** Talk + after-call work, seconds, by pool: the agent's whole time on the call. */
  readonly handle: Readonly<Record<AgentPool, Sampler>>;
  /**
   * The after-call-work part of the handle time, seconds, by pool; null for none (talk = handle). Each call's
   * after-call work is capped at its handle time: talk = max(0, handle − acw).
   */
  readonly acw: Readonly<Record<AgentPool, Sampler>> | null;
}

/** What the IVR costs a caller before the queue, in the fast path (a flow is compiled into this). */
export interface IvrModel {
  /** Seconds in the IVR before reaching the queue; null for no IVR. */
  readonly durationSec: Sampler | null;
}

/**
 * A fully resolved simulation model: everything sampled from is a Sampler,
 * every name an index. Built from a scenario file by the scenario loader.
 */
export interface SimModel {
  readonly skills: readonly string[];
  readonly callTypes: readonly CallTypeModel[];
  readonly groups: readonly AgentGroupModel[];
  /** Length of an arrival/staffing interval, seconds. */
  readonly intervalSec: number;
  /** Mean arrival rate per interval, calls per second (piecewise-constant Poisson). */
  readonly arrivalRatePerSec: readonly number[];
  /** KPIs count calls arriving from this time (the warm-up ends), seconds; staffed time is counted from here too. */
  readonly countFromSec: number;
  /** Arrivals stop at this time, seconds; the run ends when the last call ends. */
  readonly horizonSec: number;
  /** Arrivals stop after this many first calls (redials not counted); Infinity for none. */
  readonly maxCalls: number;
  readonly ivr: IvrModel;
  /** Patience in the queue; null for callers who never abandon. */
  readonly patience: Sampler | null;
  /** Redial after abandoning: probability and delay. */
  readonly redial: { readonly probability: number; readonly delaySec: Sampler } | null;
  /**
   * Post-call survey (`flow: none`): every answered caller is invited (surveyInvited); `participation` is the
   * share of them who rate, and `ratingWeights` the weights of ratings 1..5.
   */
  readonly survey: { readonly participation: number; readonly ratingWeights: readonly number[] } | null;
  /**
   * `behaviour.satisfaction`: ratings drawn from the ordinal model (both the `flow: none` survey and a flow's
   * survey gather); absent or null: from `survey.ratingWeights` or the flow's choice table.
   */
  readonly satisfaction?: SatisfactionModel | null;
  /** `behaviour.resolution`: answered calls' `resolved`, and repeat calls; absent or null: resolved stays null. */
  readonly resolution?: ResolutionModel | null;
  /** Flow id written in the records. */
  readonly flowId: string;
  /** The IVR flow callers run, or null (callers go straight to the queue after `ivr`). */
  readonly flow: SimFlowModel | null;
  /** Agent experience by group index (null: experienced agents, no turnover); absent for none (AgentExperience). */
  readonly experience?: readonly (ExperienceModel | null)[] | undefined;
  /** Screening of invalid requests; absent for none (CallScreening). */
  readonly screening?: ScreeningModel | undefined;
}
