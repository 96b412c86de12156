import type { CallRecord } from '../record/call-record.js';
import type { RunProgress } from './sim-state.js';

/** Records held at most, by default, before ArrivalOrderBuffer refuses (about 0.5 KB each: some 500 MB). */
export const DEFAULT_MAX_HELD_RECORDS = 1_000_000;

/** A held record copy and its place in the run's emission order (ties of arrival keep that order). */
interface Held {
  readonly record: CallRecord;
  readonly seq: number;
}

const byArrival = (a: Held, b: Held): number => a.record.arrivalSec - b.record.arrivalSec || a.seq - b.seq;

/** Thrown when more records wait than the buffer may hold (ArrivalOrderBuffer's `maxHeld`). */
export class ArrivalOrderOverflow extends Error {
  constructor(
    /** Records held. */
    readonly held: number,
    /** The watermark that kept them, run seconds: the arrival of the oldest call still in progress. */
    readonly watermarkSec: number,
  ) {
    super(`${held} records wait for a call that arrived at ${watermarkSec} s and is still in progress`);
  }
}

/**
 * Puts a run's records, which the simulator emits as calls end, back in arrival order (ties in emission order) while
 * the run goes on: each record is copied (the simulator reuses its object) and held until the run's watermark
 * (RunProgress.watermarkSec: no later record arrives before it) has passed its arrival, then handed to `release` in
 * batches. Memory follows the records emitted since the oldest call still in progress arrived (minutes of calls on
 * a line whose callers give up), not the run; a call that waits for hours (no patience, nobody on duty) holds every
 * record ending meanwhile, and past `maxHeld` records `add` throws ArrivalOrderOverflow rather than fill the memory.
 * The watermark is asked once per `checkEvery` records or more (it scans the call slots).
 */
export class ArrivalOrderBuffer {
  private held: Held[] = [];
  private seq = 0;
  private nextCheck: number;

  constructor(
    private readonly release: (records: readonly CallRecord[]) => void,
    private readonly maxHeld = DEFAULT_MAX_HELD_RECORDS,
    private readonly checkEvery = 4096,
  ) {
    this.nextCheck = checkEvery;
  }

  /** Takes one record (copied) as the sink receives it. */
  add(record: CallRecord, run: RunProgress): void {
    this.held.push({ record: { ...record }, seq: this.seq++ });
    if (this.held.length < this.nextCheck) return;
    const watermarkSec = run.watermarkSec();
    this.releaseBefore(watermarkSec);
    if (this.held.length > this.maxHeld) throw new ArrivalOrderOverflow(this.held.length, watermarkSec);
    // Check again once as many records have come as are held now: sorting the held ones stays linear overall.
    this.nextCheck = Math.min(this.maxHeld + 1, this.held.length + Math.max(this.checkEvery, this.held.length));
  }

  /** Hands over every record still held, by arrival (the run has ended). */
  flush(): void {
    this.releaseBefore(Infinity);
  }

  private releaseBefore(watermarkSec: number): void {
    const held = this.held.sort(byArrival);
    let n = 0;
    while (n < held.length && held[n]!.record.arrivalSec < watermarkSec) n += 1;
    if (n === 0) return;
    this.release(held.slice(0, n).map((h) => h.record));
    this.held = held.slice(n);
  }
}
