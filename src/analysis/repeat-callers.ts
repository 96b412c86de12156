/**
 * Repeat callers, streaming: a caller (by caller hash) is a repeat caller when two
 * of its inbound calls arrive within `windowSec` of each other. Memory holds one
 * entry per unique caller seen (not per record): about 100 bytes. Exact when calls
 * come in arrival order (as the store and CSV exports give them); otherwise each call
 * is compared with the latest arrival of its caller seen so far.
 */
export class RepeatCallers {
  /** Each caller's index into `lastArrivalSec` (a small integer: V8 stores it without allocating). */
  private readonly index = new Map<string, number>();
  /** Latest arrival per caller; NaN once the caller is counted as a repeat caller (nothing more to know). */
  private lastArrivalSec = new Float64Array(1024);
  private repeats = 0;

  constructor(readonly windowSec: number) {}

  /** Notes one inbound call of `callerHash` arriving at `arrivalSec`. */
  add(callerHash: string, arrivalSec: number): void {
    const i = this.index.get(callerHash);
    if (i === undefined) {
      const n = this.index.size;
      if (n === this.lastArrivalSec.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.lastArrivalSec);
        this.lastArrivalSec = grown;
      }
      this.lastArrivalSec[n] = arrivalSec;
      this.index.set(callerHash, n);
      return;
    }
    const last = this.lastArrivalSec[i] as number;
    if (Number.isNaN(last)) return;
    if (Math.abs(arrivalSec - last) <= this.windowSec) {
      this.repeats += 1;
      this.lastArrivalSec[i] = NaN;
    } else if (arrivalSec > last) {
      this.lastArrivalSec[i] = arrivalSec;
    }
  }

  /** Unique callers seen. */
  get callers(): number {
    return this.index.size;
  }

  /** Callers with two calls or more within the window. */
  get repeatCallers(): number {
    return this.repeats;
  }
}
