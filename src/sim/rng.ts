/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), 32-bit
 * state words, doubles with 53 random bits. Fast in V8 because it stays in
 * 32-bit integer arithmetic. The same seed gives the same sequence on every
 * platform and Node version.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from a 32-bit integer (other numbers are hashed) via splitmix32, so nearby seeds give unrelated streams. */
  constructor(seed: number) {
    let s = hashSeed(seed);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A double uniform on [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A double uniform on (0, 1): never 0, so `-log(u)` is finite. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** An integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function hashSeed(seed: number): number {
  if (Number.isInteger(seed) && seed >= -0x80000000 && seed <= 0xffffffff) return seed | 0;
  // Non-32-bit seeds: hash the decimal text (FNV-1a), so any number works.
  let h = 0x811c9dc5;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

/**
 * Derives the seed of a named random stream from a run seed. Each purpose
 * (arrivals, patience, handle times…) draws from its own stream, so scenarios
 * compared with the same seed share their random numbers (common random
 * numbers): adding agents does not shift the arrival sequence.
 */
export function streamSeed(runSeed: number, stream: string, replication = 0): number {
  let h = hashSeed(runSeed) ^ Math.imul(replication + 1, 0x9e3779b1);
  for (const ch of stream) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) | 0;
}
