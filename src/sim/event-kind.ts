/**
 * The call-centre process's event kinds. A kind is also its priority among
 * events at the same time (lower first): departures free agents before
 * arrivals look for one, so the order of the values is part of the model.
 * The event queue stores them as integers (typed arrays, no allocation).
 */
export const EventKind = {
  /** An agent finished a call without after-call work: the caller's line ends and the agent is released together. */
  ServiceEnd: 0,
  /** An agent finished a call's after-call work: the agent is released (target: AgentGroups' agent key). */
  WrapUpEnd: 1,
  /** The talk of a call with after-call work ended: the caller goes on (the survey) or hangs up; the agent wraps up. */
  TalkEnd: 2,
  /** A group's headcount changes (the staffing plan's next interval). */
  StaffChange: 3,
  /** A waiting caller's patience runs out: the request is cancelled. */
  PatienceExpired: 4,
  /** A waiting caller becomes eligible for an overflow group (its minimum wait passed). */
  Overflow: 5,
  /** The fixed-time IVR ended: the caller joins the queue. */
  IvrDone: 6,
  /** A flow step (prompt, input, lookup…) ended. */
  FlowStep: 7,
  /** A waiting caller hears the callback offer. */
  CallbackOffer: 8,
  /** A caller who abandoned calls again, or one whose request was not resolved (behaviour.resolution.repeat). */
  Redial: 9,
  /** The hotline places a booked callback. */
  CallbackCall: 10,
  /** The next first call arrives. */
  Arrival: 11,
  /** An idle agent looks at the queues (pools[].poll_sec; target: AgentGroups' agent key). */
  AgentPoll: 12,
} as const;

/** One of the EventKind values. */
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
