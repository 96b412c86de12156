/**
 * Where a call slot is in its life. The agent groups own the move to and from
 * `Waiting` and `WithAgent`; the call-centre process owns the rest.
 */
export const CallState = {
  /** The slot is unused. */
  Free: 0,
  /** In the process, not with the agent groups: in the IVR or flow, in the survey, or just out of the queue. */
  InFlow: 1,
  /** Waiting in a skill queue (a pending request to the agent groups). */
  Waiting: 2,
  /** Talking to an agent (a granted request), until the talk ends (the agent's after-call work is the agent's). */
  WithAgent: 3,
  /** Between calls: a redial or a callback leg is scheduled for this slot. */
  Pending: 4,
} as const;

/** One of the CallState values. */
export type CallState = (typeof CallState)[keyof typeof CallState];

/** Call slots' fields, struct-of-arrays, reused after a call ends (memory follows concurrent calls, not all calls). */
export class CallSlots {
  arrival = new Float64Array(256);
  queueEntry = new Float64Array(256);
  answer = new Float64Array(256);
  /** Agent time (talk + after-call work), seconds. */
  handle = new Float64Array(256);
  /** Talk time (the caller's part of the handle time), seconds. */
  talk = new Float64Array(256);
  abandonAt = new Float64Array(256);
  ivrExit = new Float64Array(256);
  state = new Int8Array(256);
  callType = new Int32Array(256);
  /** The group that answered, or whose queue held the caller last (AgentGroups.heldBy); -1 before any queue. */
  group = new Int32Array(256);
  /** The answering agent's number within its group (1-based); 0 when no agent took the call. */
  agent = new Int32Array(256);
  attempt = new Int32Array(256);
  caller = new Int32Array(256);
  /** Queue ticket: changes each time the call joins a queue, so stale queue entries are recognised. */
  ticket = new Int32Array(256);
  /** Skill index of the queue the call joined. */
  skill = new Int32Array(256);
  /** When the callback offer is due (flow runs). */
  offerAt = new Float64Array(256);
  /** 1 for a callback leg placed by the hotline. */
  direction = new Int8Array(256);
  /**
   * 1 when agents screened the call out as an invalid request (behaviour.screening with `policy: true`), else 0;
   * set when a call starts and when it is answered. The satisfaction model's `screened` coefficient reads it.
   */
  screened = new Uint8Array(256);
  /** Resolved.Yes / No when a resolution model decided at the answer, Resolved.Unknown (-1) before. */
  resolved = new Int8Array(256);
  private free: number[] = [];
  private used = 0;
  /** Calls alive now. */
  live = 0;
  /** Most calls alive at once. */
  peak = 0;

  /** A free slot for a new call (its fields keep old values: the caller sets them). */
  alloc(): number {
    this.live += 1;
    if (this.live > this.peak) this.peak = this.live;
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.state.length) this.grow();
    return this.used++;
  }

  /**
   * The earliest arrival among calls in progress (in the IVR or flow, waiting, or with an agent), seconds; Infinity
   * when none is. Pending slots (a redial, a repeat call or a callback leg not yet started) are left out: they arrive
   * later, as new calls. Scans the slots in use (about the peak of concurrent calls): ask now and then, not per event.
   */
  oldestOpenArrivalSec(): number {
    let oldest = Infinity;
    const { state, arrival } = this;
    for (let slot = 0; slot < this.used; slot += 1) {
      const st = state[slot];
      if (st === CallState.InFlow || st === CallState.Waiting || st === CallState.WithAgent) {
        const a = arrival[slot] as number;
        if (a < oldest) oldest = a;
      }
    }
    return oldest;
  }

  /** Returns a finished call's slot for reuse. */
  release(slot: number): void {
    this.state[slot] = CallState.Free;
    this.live -= 1;
    this.free.push(slot);
  }

  private grow(): void {
    const n = this.state.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.arrival = f(this.arrival);
    this.queueEntry = f(this.queueEntry);
    this.answer = f(this.answer);
    this.handle = f(this.handle);
    this.talk = f(this.talk);
    this.abandonAt = f(this.abandonAt);
    this.ivrExit = f(this.ivrExit);
    const s = new Int8Array(n);
    s.set(this.state);
    this.state = s;
    this.callType = i(this.callType);
    this.group = i(this.group);
    this.agent = i(this.agent);
    this.attempt = i(this.attempt);
    this.caller = i(this.caller);
    this.ticket = i(this.ticket);
    this.skill = i(this.skill);
    this.offerAt = f(this.offerAt);
    const d = new Int8Array(n);
    d.set(this.direction);
    this.direction = d;
    const screened = new Uint8Array(n);
    screened.set(this.screened);
    this.screened = screened;
    const r = new Int8Array(n);
    r.set(this.resolved);
    this.resolved = r;
  }
}
