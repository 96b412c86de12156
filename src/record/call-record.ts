/**
 * How a call ended, from the caller's side:
 * - `answered`: an agent took the call.
 * - `abandoned`: the caller hung up while waiting in a queue.
 * - `ivr-hangup`: the caller hung up in the IVR, before any queue.
 * - `self-service`: the IVR served the caller (e.g. case status) and the call ended there.
 * - `callback`: the caller left the queue with a callback booked.
 * - `transferred`: the call was handed to an outside line (110/119/120/122, a department).
 * - `voicemail`: the caller left a recorded message.
 * - `queue-failed`: the queue could not take the caller and no message was left.
 * - `ended-in-ivr`: the flow ended the call in the IVR for another reason (e.g. no input).
 * - `timed-out`: the live server never heard how the call ended (no status callback) and closed it once it
 *   was older than Twilio's 4-hour call limit; its end is that limit, not an observed hang-up.
 */
export const CALL_OUTCOMES = [
  'answered',
  'abandoned',
  'ivr-hangup',
  'self-service',
  'callback',
  'transferred',
  'voicemail',
  'queue-failed',
  'ended-in-ivr',
  'timed-out',
] as const;

/** How a call ended (see CALL_OUTCOMES). */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Agent pools: the city's own staff, or a contracted vendor. */
export type AgentPool = 'in-house' | 'outsourced';

/** Whether a call came in, or is a callback the hotline placed. */
export type CallDirection = 'inbound' | 'callback';

/**
 * One flat record per call: every statistic is computed from these. The live
 * server and the simulator write the same shape. Times are seconds: since the
 * Unix epoch on the live line, since the start of the run in simulation.
 */
export interface CallRecord {
  /** Twilio's CallSid live; `SIM<replication>-<n>` in simulation (e.g. `SIM0-1`, unique across replications). */
  readonly callSid: string;
  readonly flowId: string;
  readonly direction: CallDirection;
  /** Salted HMAC-SHA256 of the caller's number (hex, 32 chars); never the number itself; null when withheld or none. */
  readonly callerHash: string | null;
  readonly arrivalSec: number;
  /** When the caller left the IVR (entered a queue, was transferred, or the IVR ended the call). */
  readonly ivrExitSec: number | null;
  /** First entry into a queue (overflow keeps this time). */
  readonly queueEntrySec: number | null;
  readonly answerSec: number | null;
  /** When the caller hung up while waiting. */
  readonly abandonSec: number | null;
  readonly endSec: number | null;
  /**
   * Agent time the call took: talk plus after-call work (wrap-up), seconds; null if no agent took it.
   * Live, wrap-up ends when the agent asks for the next caller (or at the wrap-up limit), so it is set after `endSec`.
   */
  readonly handleSec: number | null;
  /**
   * Talk time: from the agent's answer to the end of the conversation, seconds; null if no agent took it.
   * In simulation: handle time minus the scenario's after-call work (`acw_sec`), at least 0.
   */
  readonly talkSec: number | null;
  /** Request type when known (consult, help, complaint…); null live. */
  readonly callType: string | null;
  /**
   * 1 for a first call, 2 and up for redials: a caller whose previous call was abandoned in a queue calling again,
   * one more than that previous call. Simulated, `callers.redial` makes them. Live, a call is a redial when the
   * same caller hash's previous inbound call arrived within the redial window before it (`--redial-window-hours`,
   * default 24) and ended `abandoned`; so abandon, abandon, call counts 1, 2, 3, and a call after an answered or
   * otherwise ended one is 1 again (repeat calls after service are another figure). Callback legs and callers
   * without a number (withheld) are always 1, and a callback leg is never the previous call.
   */
  readonly attempt: number;
  /** Skill queue the caller waited in, e.g. 'general'. */
  readonly skill: string | null;
  /**
   * Pool that answered, or whose queue held the caller last; set on every call that reached a queue. In
   * simulation the queue that held an unanswered caller last is the last agent group the caller had become
   * eligible for: the primary group from queue entry, an overflow group once its min_wait_sec had passed,
   * ties going to the better priority.
   */
  readonly pool: AgentPool | null;
  /** Agent group (an in-house team or a contractor, by name) that answered, or whose queue held the caller last. */
  readonly agentGroup: string | null;
  /** The agent who answered: a registered agent's id live, `<group>-<n>` in simulation. */
  readonly agentId: string | null;
  /** Null while the call is in progress. */
  readonly outcome: CallOutcome | null;
  /**
   * Five-level rating: 1 very satisfied … 5 very dissatisfied; null if not rated. Simulated with
   * `behaviour.satisfaction`: drawn from its ordinal model (queue wait, resolved, answering group), the survey's
   * participation or choice table deciding only who rates.
   */
  readonly rating: number | null;
  /**
   * True when the caller was asked to rate the call (reached the survey), rated or not: the call passed through a
   * flow state tagged `survey`; in simulation without a flow, an answered call when the scenario has a survey.
   */
  readonly surveyInvited: boolean;
  readonly language: string;
  readonly callbackRequested: boolean;
  /** Number the call was transferred to, e.g. '119'. */
  readonly transferTo: string | null;
  /**
   * Flow state the call was in last; for a caller who hung up, the state they hung up in (e.g. `queue`, `survey`),
   * live and simulated alike, not the flow's `callerHungUp` state the hang-up leads to.
   */
  readonly lastState: string;
  /**
   * Whether the citizen's request was resolved at this contact (first-contact resolution), as the agent records
   * it at wrap-up; null when nobody recorded it (unanswered calls, live lines whose agents do not record it,
   * imports without the column). Simulated: the scenario's `behaviour.resolution` decides for answered calls when
   * the agent answers (the answering pool entry's share), or null when the scenario has none; an unresolved
   * caller may call again (`repeat`: a new inbound call of the same caller and call type, attempt 1).
   */
  readonly resolved: boolean | null;
}

/**
 * True once a record is final: the call has ended (`endSec` set) and nothing
 * that arrives later (a replayed webhook, another process) may change it, except
 * `handleSec`, written once when the agent's wrap-up ends (live: CallStore.setHandleSec).
 */
export function isFinalRecord(record: Pick<CallRecord, 'endSec'>): boolean {
  return record.endSec !== null;
}

/** The columns of a CallRecord, in a stable order (for SQLite and CSV). */
export const CALL_RECORD_FIELDS = [
  'callSid',
  'flowId',
  'direction',
  'callerHash',
  'arrivalSec',
  'ivrExitSec',
  'queueEntrySec',
  'answerSec',
  'abandonSec',
  'endSec',
  'handleSec',
  'talkSec',
  'callType',
  'attempt',
  'skill',
  'pool',
  'agentGroup',
  'agentId',
  'outcome',
  'rating',
  'surveyInvited',
  'language',
  'callbackRequested',
  'transferTo',
  'lastState',
  'resolved',
] as const satisfies readonly (keyof CallRecord)[];

/**
 * A new record for a call arriving now. Every field is listed in CALL_RECORD_FIELDS
 * order (no spread), so all records share one object shape, which V8 handles fastest.
 */
export function newCallRecord(
  init: Pick<CallRecord, 'callSid' | 'flowId' | 'direction' | 'callerHash' | 'arrivalSec' | 'language' | 'lastState'>,
): CallRecord {
  return {
    callSid: init.callSid,
    flowId: init.flowId,
    direction: init.direction,
    callerHash: init.callerHash,
    arrivalSec: init.arrivalSec,
    ivrExitSec: null,
    queueEntrySec: null,
    answerSec: null,
    abandonSec: null,
    endSec: null,
    handleSec: null,
    talkSec: null,
    callType: null,
    attempt: 1,
    skill: null,
    pool: null,
    agentGroup: null,
    agentId: null,
    outcome: null,
    rating: null,
    surveyInvited: false,
    language: init.language,
    callbackRequested: false,
    transferTo: null,
    lastState: init.lastState,
    resolved: null,
  };
}
