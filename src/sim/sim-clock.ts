import type { Clock } from '../clock.js';
import { EventQueue } from './event-queue.js';

/**
 * The simulator's clock: virtual time from 0 that jumps from deadline to
 * deadline. As a `Clock` (milliseconds, XState's setTimeout/clearTimeout) it
 * fires machines' `after` delays in simulated time; the simulator schedules
 * its own callbacks on the same timeline in seconds (`at`, `cancel`, `nowSec`).
 */
export class SimClock implements Clock {
  private readonly queue = new EventQueue(64);
  private readonly callbacks = new Map<number, () => void>();
  private nextId = 1;
  private timeSec = 0;

  /** Current simulated time, seconds. */
  get nowSec(): number {
    return this.timeSec;
  }

  /** Current simulated time, milliseconds (the `Clock` reading). */
  now(): number {
    return this.timeSec * 1000;
  }

  /** Schedules `fn` at `atSec` (not before now). Returns an id for `cancel`. */
  at(atSec: number, fn: () => void, priority = 0): number {
    const id = this.nextId++;
    this.callbacks.set(id, fn);
    this.queue.push(Math.max(atSec, this.timeSec), priority, 0, id);
    return id;
  }

  /** Cancels a scheduled callback (lazily: its queue entry is skipped). */
  cancel(id: number): void {
    this.callbacks.delete(id);
  }

  /** Calls `fn` after `delayMs` of simulated time (XState's clock). */
  setTimeout(fn: () => void, delayMs: number): unknown {
    return this.at(this.timeSec + delayMs / 1000, () => fn());
  }

  /** Cancels a `setTimeout` (XState's clock). */
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
      this.timeSec = this.queue.time;
      fn();
      ran += 1;
    }
    this.timeSec = Math.max(this.timeSec, untilSec === Infinity ? this.timeSec : untilSec);
    return ran;
  }
}
