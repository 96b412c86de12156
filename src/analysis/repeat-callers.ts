/**
 * Repeat callers, streaming: a caller (by caller hash) is a repeat caller when two
 * of its inbound calls arrive within `windowSec` of each other. Exact in any order of
 * records (a CSV from another system need not be sorted): each caller keeps the arrivals
 * of its calls until two of them fall within the window, then nothing more. Memory holds
 * one entry per unique caller seen (about 100 bytes), plus one number per further call of a
 * caller whose calls are all more than a window apart (rare: most callers call once, and a
 * repeat caller's arrivals are dropped). Told the calls come in arrival order (a store's records), it keeps
 * only each caller's latest arrival, the only one a later call can be near: a third cheaper, and a call out of
 * order then throws.
 */
export class RepeatCallers {
  /** Each caller's index into `latestArrivalSec` (a small integer: V8 stores it without allocating). */
  private readonly index = new Map<string, number>();
  /** Latest arrival per caller; NaN once the caller is counted as a repeat caller (nothing more to know). */
  private latestArrivalSec = new Float64Array(1024);
  /** The other arrivals of callers not (yet) repeat callers, by caller index (all more than a window apart). */
  private readonly earlierArrivalsSec = new Map<number, number[]>();
  private repeats = 0;

  /** `sortedByArrival`: calls are added in non-decreasing arrival order (default false: any order). */
  constructor(
    readonly windowSec: number,
    readonly sortedByArrival = false,
  ) {}

  /** Notes one inbound call of `callerHash` arriving at `arrivalSec`. */
  add(callerHash: string, arrivalSec: number): void {
    const i = this.index.get(callerHash);
    if (i === undefined) {
      const n = this.index.size;
      if (n === this.latestArrivalSec.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.latestArrivalSec);
        this.latestArrivalSec = grown;
      }
      this.latestArrivalSec[n] = arrivalSec;
      this.index.set(callerHash, n);
      return;
    }
    const latest = this.latestArrivalSec[i] as number;
    if (Number.isNaN(latest)) return;
    const w = this.windowSec;
    if (Math.abs(arrivalSec - latest) <= w) return this.repeatCaller(i);
    if (this.sortedByArrival) {
      if (arrivalSec < latest)
        throw new Error(`a call of ${callerHash} arrived at ${arrivalSec}, before its call at ${latest}`);
      this.latestArrivalSec[i] = arrivalSec;
      return;
    }
    const earlier = this.earlierArrivalsSec.get(i);
    if (earlier !== undefined) {
      // Earlier arrivals are further back than the latest: only a call out of order can be near one of them.
      if (arrivalSec < latest) for (const t of earlier) if (Math.abs(arrivalSec - t) <= w) return this.repeatCaller(i);
      earlier.push(Math.min(arrivalSec, latest));
    } else this.earlierArrivalsSec.set(i, [Math.min(arrivalSec, latest)]);
    if (arrivalSec > latest) this.latestArrivalSec[i] = arrivalSec;
  }

  /** Counts caller `i` as a repeat caller and forgets its arrivals. */
  private repeatCaller(i: number): void {
    this.repeats += 1;
    this.latestArrivalSec[i] = NaN;
    this.earlierArrivalsSec.delete(i);
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
