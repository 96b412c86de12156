/**
 * Values by key, made once and kept, bounded: when full, the oldest entry
 * goes. What the live path and the emulator keep rendered documents, parsed
 * TwiML and store rows in.
 */
export class BoundedMemo<T> {
  private readonly values = new Map<string, T>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** The value of `key`, made by `make` the first time (and again after it went). */
  get(key: string, make: () => T): T {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make();
      if (this.values.size >= this.capacity) this.values.delete(this.values.keys().next().value as string);
      this.values.set(key, value);
    }
    return value;
  }

  /** Forgets everything (what was kept is no longer current). */
  clear(): void {
    this.values.clear();
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.values.delete(key);
  }
}
