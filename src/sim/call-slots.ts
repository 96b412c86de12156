/** A call slot's fields, struct-of-arrays, reused after the call ends (memory follows concurrent calls, not total calls). */
export class CallSlots {
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
  /** Skill index of the queue the call joined. */
  skill = new Int32Array(256);
  /** When the callback offer is due (flow runs). */
  offerAt = new Float64Array(256);
  /** 1 for a callback leg placed by the hotline. */
  direction = new Int8Array(256);
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
    this.skill = i(this.skill);
    this.offerAt = f(this.offerAt);
    const d = new Int8Array(n);
    d.set(this.direction);
    this.direction = d;
  }
}

/**
 * A FIFO of waiting calls in a growable ring buffer. Callers who abandon are
 * removed lazily: each entry keeps the slot's queue ticket, and an entry whose
 * ticket no longer matches (the caller left, the slot was reused or redialled)
 * is skipped when it reaches the head.
 */
export class SlotQueue {
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

