/**
 * Repeat callers, streaming: a caller (by caller hash) is a repeat caller when two
 * of its inbound calls arrive within `windowSec` of each other. Memory holds one
 * entry per unique caller seen (not per record). Exact when calls come in arrival
 * order (as the store and CSV exports give them); otherwise each call is compared
 * with the latest arrival of its caller seen so far.
 */
export class RepeatCallers {
  /** Latest arrival per caller hash; NaN once the caller is counted as a repeat caller (nothing more to know). */
  private readonly lastArrivalSec = new Map<string, number>();
  private repeats = 0;

  constructor(readonly windowSec: number) {}

  /** Notes one inbound call of `callerHash` arriving at `arrivalSec`. */
  add(callerHash: string, arrivalSec: number): void {
    const last = this.lastArrivalSec.get(callerHash);
    if (last === undefined) {
      this.lastArrivalSec.set(callerHash, arrivalSec);
    } else if (!Number.isNaN(last)) {
      if (Math.abs(arrivalSec - last) <= this.windowSec) {
        this.repeats += 1;
        this.lastArrivalSec.set(callerHash, NaN);
      } else if (arrivalSec > last) {
        this.lastArrivalSec.set(callerHash, arrivalSec);
      }
    }
  }

  /** Unique callers seen. */
  get callers(): number {
    return this.lastArrivalSec.size;
  }

  /** Callers with two calls or more within the window. */
  get repeatCallers(): number {
    return this.repeats;
  }
}
