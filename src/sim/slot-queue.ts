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

  /** Entries in the queue, stale ones included. */
  get size(): number {
    return this.count;
  }

  /** Appends a call with its current queue ticket. */
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

  /** The slot at the head (check size first). */
  peekSlot(): number {
    return this.slots[this.head] as number;
  }

  /** The ticket the head entry was queued with. */
  peekTicket(): number {
    return this.tickets[this.head] as number;
  }

  /** Drops the head entry. */
  shift(): void {
    this.head = (this.head + 1) % this.slots.length;
    this.count -= 1;
  }
}
