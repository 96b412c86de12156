/**
 * A streaming histogram of waits with fixed 0.1 s bins up to `maxSec` (and an
 * exact maximum), so percentiles of millions of calls need constant memory.
 * Percentiles are exact to the bin width: the upper edge of the bin holding
 * the requested rank is reported (never understating a wait). The bins grow
 * as longer waits come (up to `maxSec`), so the many small histograms of a
 * grouped KPI report (one per hour of a year) stay a few kilobytes each.
 */
export class WaitHistogram {
  static readonly BIN_SEC = 0.1;
  private bins: Float64Array;
  /** Bins up to `maxSec`. */
  private readonly binCount: number;
  private overflow: number[] = [];
  private total = 0;
  /** Waits of exactly 0 (answered at once): reported as 0, not as the first bin's edge. */
  private zeros = 0;
  private maxSeen = 0;

  constructor(readonly maxSec = 3600) {
    this.binCount = Math.ceil(maxSec / WaitHistogram.BIN_SEC) + 1;
    this.bins = new Float64Array(Math.min(this.binCount, 1024));
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** The largest value added (exact); 0 when empty. */
  get max(): number {
    return this.maxSeen;
  }

  add(waitSec: number): void {
    const w = Math.max(0, waitSec);
    this.total += 1;
    if (w === 0) this.zeros += 1;
    if (w > this.maxSeen) this.maxSeen = w;
    if (w >= this.maxSec) this.overflow.push(w);
    else {
      const bin = Math.floor(w / WaitHistogram.BIN_SEC);
      if (bin >= this.bins.length) this.grow(bin + 1);
      this.bins[bin] = (this.bins[bin] as number) + 1;
    }
  }

  /** Makes room for at least `bins` bins (doubling, at most binCount). */
  private grow(bins: number): void {
    let length = this.bins.length;
    while (length < bins) length *= 2;
    const grown = new Float64Array(Math.min(this.binCount, length));
    grown.set(this.bins);
    this.bins = grown;
  }

  /** Adds all values of another histogram of the same range. */
  merge(other: WaitHistogram): void {
    if (other.bins.length > this.bins.length) this.grow(other.bins.length);
    for (let i = 0; i < other.bins.length; i += 1) this.bins[i] = (this.bins[i] as number) + (other.bins[i] as number);
    this.overflow = this.overflow.concat(other.overflow);
    this.total += other.total;
    this.zeros += other.zeros;
    this.maxSeen = Math.max(this.maxSeen, other.maxSeen);
  }

  /** The `q`-quantile (0..1), NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    if (rank <= this.zeros) return 0;
    let seen = 0;
    for (let i = 0; i < this.bins.length; i += 1) {
      seen += this.bins[i] as number;
      if (seen >= rank) return Math.min((i + 1) * WaitHistogram.BIN_SEC, this.maxSeen);
    }
    const sorted = [...this.overflow].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, rank - seen - 1)] ?? this.maxSeen;
  }

  /** Share of values at or below `sec` (bin-exact for multiples of 0.1 s). */
  shareAtMost(sec: number): number {
    if (this.total === 0) return NaN;
    const last = Math.min(this.bins.length, Math.round(sec / WaitHistogram.BIN_SEC));
    let seen = 0;
    for (let i = 0; i < last; i += 1) seen += this.bins[i] as number;
    return seen / this.total;
  }
}
