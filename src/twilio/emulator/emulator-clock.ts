import type { Clock } from '../../clock.js';

/**
 * The emulator's time: how long prompts, pauses and waits take. Real time
 * (optionally accelerated) sleeps on the machine's timers; virtual time jumps
 * from deadline to deadline whenever no HTTP request is in flight, so a
 * 10-minute queue wait costs nothing and the same script gives the same
 * timeline on every run. A `Clock` (now() in ms since the Unix epoch, in the
 * emulated world) with the waits an emulated call needs.
 */
export interface EmulatorClock extends Clock {
  /**
   * Waits `sec` seconds of emulated time. Resolves true when the time passed,
   * false when `signal` aborted the wait first. `key` orders timers due at the
   * same instant (lower first), so ties do not depend on network timing.
   */
  sleep(sec: number, signal?: AbortSignal, key?: number): Promise<boolean>;
  /** Runs outside work (an HTTP request) that emulated time must not jump over. */
  track<T>(work: Promise<T>): Promise<T>;
  /** True for virtual time: the server under test should follow `now()` (sent as a header). */
  readonly virtual: boolean;
}

interface Timer {
  readonly atMs: number;
  readonly key: number;
  readonly seq: number;
  readonly resolve: (passed: boolean) => void;
  /** Forgets the abort listener once the timer fired. */
  readonly release: () => void;
}

/** XState's setTimeout on an emulator clock: a `sleep` in emulated time; the id is the controller that aborts it. */
function timeoutBySleep(clock: EmulatorClock, fn: () => void, delayMs: number): AbortController {
  const controller = new AbortController();
  void clock.sleep(delayMs / 1000, controller.signal).then((passed) => {
    if (passed) fn();
  });
  return controller;
}

function before(a: Timer, b: Timer): boolean {
  return a.atMs !== b.atMs ? a.atMs < b.atMs : a.key !== b.key ? a.key < b.key : a.seq < b.seq;
}

/**
 * Virtual time. Whenever nothing is in flight, every timer due within
 * `quantumMs` of the earliest fires together (0, the default, fires only
 * timers due at the very same millisecond), so concurrent calls do make
 * concurrent requests; the clock then reads the latest of their deadlines.
 */
export class VirtualClock implements EmulatorClock {
  readonly virtual = true;
  private nowMs: number;
  private readonly quantumMs: number;
  private readonly timers: Timer[] = [];
  private busy = 0;
  private seq = 0;
  private checkQueued = false;

  constructor(startMs: number, quantumMs = 0) {
    this.nowMs = startMs;
    this.quantumMs = quantumMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, delayMs: number): unknown {
    return timeoutBySleep(this, fn, delayMs);
  }

  clearTimeout(id: unknown): void {
    if (id instanceof AbortController) id.abort();
  }

  sleep(sec: number, signal?: AbortSignal, key = 0): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) {
          this.removeAt(i);
          resolve(false);
        }
      };
      const timer: Timer = {
        atMs: this.nowMs + Math.max(0, sec) * 1000,
        key,
        seq: this.seq++,
        resolve,
        release: () => signal?.removeEventListener('abort', onAbort),
      };
      this.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queueCheck();
    });
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work;
    } finally {
      this.busy -= 1;
      this.queueCheck();
    }
  }

  /** Timers waiting (for tests and diagnostics). */
  get pending(): number {
    return this.timers.length;
  }

  private queueCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    // setImmediate runs after every pending promise continuation, so work a woken call starts is counted before time moves again.
    setImmediate(() => {
      this.checkQueued = false;
      this.fire();
    });
  }

  private fire(): void {
    if (this.busy > 0 || this.timers.length === 0) return;
    const first = this.timers[0]!;
    const limit = first.atMs + this.quantumMs;
    const due: Timer[] = [];
    while (this.timers.length > 0 && this.timers[0]!.atMs <= limit) due.push(this.removeAt(0));
    this.nowMs = Math.max(this.nowMs, due[due.length - 1]!.atMs);
    for (const timer of due) {
      timer.release();
      timer.resolve(true);
    }
    this.queueCheck();
  }

  private push(timer: Timer): void {
    this.timers.push(timer);
    this.siftUp(this.timers.length - 1);
  }

  private removeAt(index: number): Timer {
    const heap = this.timers;
    const removed = heap[index]!;
    const last = heap.pop()!;
    if (index < heap.length) {
      heap[index] = last;
      this.siftUp(index);
      this.siftDown(index);
    }
    return removed;
  }

  private siftUp(start: number): void {
    const heap = this.timers;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private siftDown(start: number): void {
    const heap = this.timers;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

/**
 * Real time, `speed` times faster (1 = wall clock). The emulated time starts
 * at `startMs` and runs `speed` seconds per real second.
 */
export class RealClock implements EmulatorClock {
  readonly virtual: boolean;
  private readonly startMs: number;
  private readonly realStartMs: number;
  private readonly speed: number;
  private readonly realNow: () => number;

  /** `realNow` is the machine clock (performance.now-like, ms); injected so tests can drive it. */
  constructor(startMs: number, speed: number, realNow: () => number) {
    this.startMs = startMs;
    this.speed = speed;
    this.realNow = realNow;
    this.realStartMs = realNow();
    // Faster than real time, the server cannot use its own clock: it must follow ours.
    this.virtual = speed !== 1;
  }

  now(): number {
    return this.startMs + (this.realNow() - this.realStartMs) * this.speed;
  }

  setTimeout(fn: () => void, delayMs: number): unknown {
    return timeoutBySleep(this, fn, delayMs);
  }

  clearTimeout(id: unknown): void {
    if (id instanceof AbortController) id.abort();
  }

  sleep(sec: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        },
        Math.max(0, (sec * 1000) / this.speed),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  track<T>(work: Promise<T>): Promise<T> {
    return work;
  }
}
