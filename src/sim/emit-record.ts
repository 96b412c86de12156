import { callOutcome } from '../record/call-outcome.js';
import { drawRating, resolvedOf } from './behaviour-model.js';
import type { CallOutcome } from '../record/call-record.js';
import { FLAG_CALLBACK, FLAG_SELF_SERVED, FLAG_SURVEY, FLAG_VOICEMAIL } from './flow-runner.js';
import type { SimState } from './sim-state.js';

/** How a call ended, as far as the engine knows (a flow run derives the outcome from the flow's state as well). */
export const CallEnding = {
  /** The agent finished (fixed-time IVR runs; flow runs go on to the survey and end in the flow). */
  Answered: 0,
  /** The caller hung up while waiting for an agent. */
  Abandoned: 1,
  /** The flow ended with the caller hanging up (in the IVR, or in the survey). */
  CallerHungUpInFlow: 2,
  /** The flow ended the call (a hangup step, a transfer, the survey's end). */
  FlowEnded: 3,
  /** Still waiting when nothing else could happen (no patience, nobody staffed): queue-failed. */
  Unserved: 4,
} as const;

/** One of the CallEnding values. */
export type CallEnding = (typeof CallEnding)[keyof typeof CallEnding];

/** Added to a caller's number so that its hex text always has 10 digits (callers number below 2^31). */
const CALLER_HEX_BASE = 2 ** 36;

/** The outcome of a fixed-time-IVR call, by ending (flow endings never occur there). */
const PLAIN_OUTCOMES: readonly (CallOutcome | null)[] = ['answered', 'abandoned', null, null, 'queue-failed'];

/**
 * Fills the state's reused record with the call in `slot`, ended at the current time, and hands it to the sink.
 * What the simulated fields mean, beside CallRecord's contract:
 * - `callSid`: `SIM<replication>-<n>`, n counting the replication's records from 1 (each redial and callback leg
 *   is a call of its own), so unique across the replications of a run; both numbers unpadded (`SIM0-1`), as
 *   padding cost a tenth of the simulator's speed.
 * - `pool`, `agentGroup`: the group that answered; for a call that reached a queue and was not answered, the
 *   group whose queue held it when it left (AgentGroups.heldBy: the last group it had become eligible for).
 * - `callerHash`: the simulated citizen, as 32 hex characters: `5a`, the replication (8 hex digits), 12 zeros, then
 *   2^36 + the caller's number in the run (10 hex digits). Every call of one citizen (first call, redials, repeat
 *   calls of an unresolved request, the callback leg) carries it, so repeat callers and redials link as live ones
 *   do; it is not a hash of any number, and no two replications share one. Null when the scenario's callers never
 *   call again (neither `callers.redial` nor `behaviour.resolution.repeat`): nothing to link, and a string per
 *   record and a KPI map entry per caller saved (they tripled a million-call run's time).
 * - `agentId`: `<group>-<n>`, the n-th agent of the group (AgentRoster).
 * - `handleSec`: the agent's whole time (talk + after-call work); `talkSec`: handle − after-call work. A screened-out
 *   invalid request's handle time is the screened one, without after-call work (CallScreening); the answering
 *   agent's experience multiplies both parts (AgentExperience).
 * - `resolved`: with `behaviour.resolution`, drawn when the agent answers (by the answering group's share);
 *   null for unanswered calls and without the model.
 * - `rating`: with `behaviour.satisfaction`, drawn from its ordinal model for callers who rate (see drawRating).
 * - `surveyInvited`: with a flow, the call passed through a state tagged `survey`; without one, the call was
 *   answered and the scenario has a survey (every answered caller is asked; `participation` of them rate).
 */
export function emitRecord(s: SimState, slot: number, ending: CallEnding): void {
  const { calls, model, record, runner } = s;
  const endSec = s.nowSec;
  const waiting = ending === CallEnding.Abandoned;
  const answered = calls.answer[slot]! >= 0;
  const queued = calls.queueEntry[slot]! >= 0;
  s.emitted += 1;
  record.callSid = s.sidPrefix + s.emitted; // no padding: a number's text is the dearest part of the record
  // 22 hex of the replication, then 10 of the caller (2^36 + caller: always 10 digits, no padding to pay for).
  const prefix = s.callerHashPrefix;
  record.callerHash = prefix === null ? null : prefix + (CALLER_HEX_BASE + (calls.caller[slot] as number)).toString(16);
  record.arrivalSec = calls.arrival[slot] as number;
  record.ivrExitSec = calls.ivrExit[slot]! >= 0 ? (calls.ivrExit[slot] as number) : null;
  record.queueEntrySec = queued ? (calls.queueEntry[slot] as number) : null;
  record.answerSec = answered ? (calls.answer[slot] as number) : null;
  record.abandonSec = waiting ? endSec : null;
  record.endSec = endSec;
  record.handleSec = answered ? (calls.handle[slot] as number) : null;
  record.talkSec = answered ? (calls.talk[slot] as number) : null;
  record.callType = model.callTypes[calls.callType[slot] as number]!.name;
  record.attempt = calls.attempt[slot] as number;
  record.skill = queued ? (model.skills[calls.skill[slot] as number] as string) : null;
  const g = queued ? (calls.group[slot] as number) : -1;
  const group = g >= 0 ? s.agents.groups[g]! : null;
  record.pool = group ? group.pool : null;
  record.agentGroup = group ? group.name : null;
  record.agentId = group && answered ? group.roster.id(calls.agent[slot] as number) : null;
  record.direction = calls.direction[slot] === 1 ? 'callback' : 'inbound';
  record.rating = null;
  record.resolved = resolvedOf(s, slot);
  if (runner) {
    const flags = runner.flags[slot] ?? 0;
    record.rating = runner.rating(slot);
    record.language = runner.language(slot);
    record.lastState = runner.stateId(slot);
    record.transferTo = runner.transferTo[slot] ?? null;
    record.callbackRequested = (flags & FLAG_CALLBACK) !== 0;
    record.surveyInvited = (flags & FLAG_SURVEY) !== 0;
    const marks: string[] = [];
    if (flags & FLAG_SELF_SERVED) marks.push('self-served');
    if (flags & FLAG_VOICEMAIL) marks.push('voicemail');
    const callerHungUp = waiting || ending === CallEnding.CallerHungUpInFlow;
    record.outcome = callOutcome(record, { waiting, callerHungUp, marks });
  } else {
    record.outcome = PLAIN_OUTCOMES[ending] ?? null;
    const survey = model.survey;
    record.surveyInvited = answered && survey !== null;
    if (answered && survey && s.rng.survey.next() < survey.participation) {
      // Drawn with or without a satisfaction model, so the survey stream's participation draws stay aligned.
      const u = s.rng.survey.next();
      const cumulative = s.ratingCumulative;
      let r = 0;
      while (r < cumulative.length - 1 && (cumulative[r] as number) <= u) r += 1;
      record.rating = drawRating(s, slot) ?? r + 1;
    }
  }
  s.sink(record, s.progress);
}
