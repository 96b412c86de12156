/**
 * The simulator's future event list: a binary heap in typed arrays, ordered
 * by (time, priority, insertion sequence), so that events at the same time run
 * in a defined order and runs are reproducible. Popping writes the event into
 * `time`, `kind` and `target` instead of allocating an object.
 */
export class EventQueue {
  private times: Float64Array;
  /** priority · 2^40 + sequence: exact in a double while priority < 8192 and sequence < 2^40. */
  private orders: Float64Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private count = 0;
  private sequence = 0;

  /** Time of the event last popped, seconds. */
  time = 0;
  /** Kind of the event last popped (the model's own numbering). */
  kind = 0;
  /** Target of the event last popped (a call slot, a group index…). */
  target = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.orders = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.targets = new Int32Array(initialCapacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? (this.times[0] as number) : Infinity;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.orders = grow(this.orders, (n) => new Float64Array(n));
    this.kinds = grow(this.kinds, (n) => new Int32Array(n));
    this.targets = grow(this.targets, (n) => new Int32Array(n));
  }

  /** Schedules an event. Lower `priority` runs first among events at the same time. */
  push(time: number, priority: number, kind: number, target: number): void {
    if (this.count === this.times.length) this.grow();
    const order = priority * 1099511627776 + this.sequence++;
    const times = this.times;
    const orders = this.orders;
    const kinds = this.kinds;
    const targets = this.targets;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (orders[parent] as number) < order)) break;
      times[i] = pt;
      orders[i] = orders[parent] as number;
      kinds[i] = kinds[parent] as number;
      targets[i] = targets[parent] as number;
      i = parent;
    }
    times[i] = time;
    orders[i] = order;
    kinds[i] = kind;
    targets[i] = target;
  }

  /** Removes the earliest event into `time`/`kind`/`target`. Returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const orders = this.orders;
    const kinds = this.kinds;
    const targets = this.targets;
    this.time = times[0] as number;
    this.kind = kinds[0] as number;
    this.target = targets[0] as number;
    const last = --this.count;
    if (last === 0) return true;
    const t = times[last] as number;
    const o = orders[last] as number;
    const k = kinds[last] as number;
    const g = targets[last] as number;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (orders[right] as number) < (orders[child] as number))) child = right;
      }
      const ct = times[child] as number;
      if (t < ct || (t === ct && o < (orders[child] as number))) break;
      times[i] = ct;
      orders[i] = orders[child] as number;
      kinds[i] = kinds[child] as number;
      targets[i] = targets[child] as number;
      i = child;
    }
    times[i] = t;
    orders[i] = o;
    kinds[i] = k;
    targets[i] = g;
    return true;
  }
}
