import { EventQueue } from './event-queue.js';

/** XState's clock interface: what `createActor(machine, { clock })` needs. */
export interface XStateClock {
  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): unknown;
  clearTimeout(id: unknown): void;
}

/**
 * A virtual clock that jumps from deadline to deadline. It implements XState's
 * clock, so machines' `after` delays fire in simulated time, and lets the
 * simulator schedule its own callbacks on the same timeline. Time is in
 * seconds; XState speaks milliseconds.
 */
export class SimClock implements XStateClock {
  private readonly queue = new EventQueue(64);
  private readonly callbacks = new Map<number, () => void>();
  private nextId = 1;
  private nowSec = 0;

  /** Current simulated time, seconds. */
  get now(): number {
    return this.nowSec;
  }

  /** Schedules `fn` at `atSec` (not before now). Returns an id for `cancel`. */
  at(atSec: number, fn: () => void, priority = 0): number {
    const id = this.nextId++;
    this.callbacks.set(id, fn);
    this.queue.push(Math.max(atSec, this.nowSec), priority, 0, id);
    return id;
  }

  /** Cancels a scheduled callback (lazily: its queue entry is skipped). */
  cancel(id: number): void {
    this.callbacks.delete(id);
  }

  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): unknown {
    return this.at(this.nowSec + timeoutMs / 1000, () => fn());
  }

  clearTimeout(id: unknown): void {
    this.cancel(id as number);
  }

  /** Runs callbacks in time order up to and including `untilSec`; returns how many ran. */
  runUntil(untilSec: number): number {
    let ran = 0;
    while (this.queue.peekTime() <= untilSec) {
      this.queue.pop();
      const fn = this.callbacks.get(this.queue.target);
      if (!fn) continue;
      this.callbacks.delete(this.queue.target);
      this.nowSec = this.queue.time;
      fn();
      ran += 1;
    }
    this.nowSec = Math.max(this.nowSec, untilSec === Infinity ? this.nowSec : untilSec);
    return ran;
  }
}
