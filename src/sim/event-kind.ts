/**
 * The call-centre process's event kinds. A kind is also its priority among
 * events at the same time (lower first): departures free agents before
 * arrivals look for one, so the order of the values is part of the model.
 * The event queue stores them as integers (typed arrays, no allocation).
 */
export const EventKind = {
  /** An agent finished a call (talk and after-call work): the agent is released. */
  ServiceEnd: 0,
  /** A group's headcount changes (the staffing plan's next interval). */
  StaffChange: 1,
  /** A waiting caller's patience runs out: the request is cancelled. */
  PatienceExpired: 2,
  /** A waiting caller becomes eligible for an overflow group (its minimum wait passed). */
  Overflow: 3,
  /** The fixed-time IVR ended: the caller joins the queue. */
  IvrDone: 4,
  /** A flow step (prompt, input, lookup…) ended. */
  FlowStep: 5,
  /** A waiting caller hears the callback offer. */
  CallbackOffer: 6,
  /** A caller who abandoned calls again. */
  Redial: 7,
  /** The hotline places a booked callback. */
  CallbackCall: 8,
  /** The next first call arrives. */
  Arrival: 9,
} as const;

/** One of the EventKind values. */
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
