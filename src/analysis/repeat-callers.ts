/**
 * Repeat callers, streaming: a caller (by caller hash) is a repeat caller when two
 * of its inbound calls arrive within `windowSec` of each other. Exact in any order of
 * records (a CSV from another system need not be sorted): each caller keeps the arrivals
 * of its calls until two of them fall within the window, then nothing more. Memory holds
 * one entry per unique caller seen (about 100 bytes), plus one number per further call of a
 * caller whose calls are all more than a window apart (rare: most callers call once, and a
 * repeat caller's arrivals are dropped).
 */
export class RepeatCallers {
  /** Each caller's index into `firstArrivalSec` (a small integer: V8 stores it without allocating). */
  private readonly index = new Map<string, number>();
  /** First arrival seen per caller; NaN once the caller is counted as a repeat caller (nothing more to know). */
  private firstArrivalSec = new Float64Array(1024);
  /** The other arrivals of callers not (yet) repeat callers, by caller index. */
  private readonly otherArrivalsSec = new Map<number, number[]>();
  private repeats = 0;

  constructor(readonly windowSec: number) {}

  /** Notes one inbound call of `callerHash` arriving at `arrivalSec`. */
  add(callerHash: string, arrivalSec: number): void {
    const i = this.index.get(callerHash);
    if (i === undefined) {
      const n = this.index.size;
      if (n === this.firstArrivalSec.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.firstArrivalSec);
        this.firstArrivalSec = grown;
      }
      this.firstArrivalSec[n] = arrivalSec;
      this.index.set(callerHash, n);
      return;
    }
    const first = this.firstArrivalSec[i] as number;
    if (Number.isNaN(first)) return;
    const others = this.otherArrivalsSec.get(i);
    const near = (t: number): boolean => Math.abs(arrivalSec - t) <= this.windowSec;
    if (near(first) || others?.some(near)) {
      this.repeats += 1;
      this.firstArrivalSec[i] = NaN;
      this.otherArrivalsSec.delete(i);
    } else if (others === undefined) this.otherArrivalsSec.set(i, [arrivalSec]);
    else others.push(arrivalSec);
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
