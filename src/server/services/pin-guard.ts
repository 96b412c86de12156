import type { CallStore } from '../../store/call-store.js';

/** When wrong PINs lock the agent line, and for how long. */
export interface PinLockPolicy {
  /** Wrong PINs (per agent, and per source) before the first lock. */
  readonly maxFailures: number;
  /** The first lock, seconds; each further wrong PIN doubles it. */
  readonly baseLockSec: number;
  readonly maxLockSec: number;
  /** A counter with no wrong PIN for this long starts again from zero. */
  readonly forgetAfterSec: number;
}

/** 5 wrong PINs lock for 60 s, then 120 s, 240 s … at most an hour; a day without a wrong PIN forgets them. */
export const DEFAULT_PIN_POLICY: PinLockPolicy = {
  maxFailures: 5,
  baseLockSec: 60,
  maxLockSec: 3600,
  forgetAfterSec: 86_400,
};

/** Wrong PINs of one agent, or from one source. */
interface Counter {
  readonly failures: number;
  readonly lastFailureSec: number;
  readonly lockedUntilSec: number;
}

/** Where a PIN attempt comes from: the caller's number (hashed), or the request's address when Twilio sent none. */
export interface PinSource {
  /** Salted hash of the source: numbers are never kept or logged in clear. */
  readonly hash: string;
}

/** What the guard says about one attempt, for the agent line and the log. */
export interface PinVerdict {
  /** Seconds until another PIN may be tried (0: not locked). */
  readonly lockedForSec: number;
  readonly agentFailures: number;
  readonly sourceFailures: number;
}

/** Most sources remembered: a caller spoofing numbers cannot grow the process without bound. */
const SOURCE_CAPACITY = 10_000;

/**
 * Limits PIN guesses on the agent line, per agent and per source, with locks
 * that double with each wrong PIN past the limit. While locked, attempts are
 * refused unchecked (a right PIN too) and do not lengthen the lock, so an
 * attacker gets one guess per lock: past the limit, at most ~24 guesses a day
 * per agent. Per-agent counters live in the store's settings (they survive a
 * restart and are shared by every server on the same SQLite file); per-source
 * counters live in this process (a restart forgets them): sources are
 * unbounded (any caller id), agents are not.
 */
export class PinGuard {
  private readonly sources = new Map<string, Counter>();

  constructor(
    private readonly store: CallStore,
    private readonly nowSec: () => number,
    private readonly policy: PinLockPolicy = DEFAULT_PIN_POLICY,
  ) {}

  private async agentCounter(agentId: string): Promise<Counter | undefined> {
    const text = await this.store.getSetting(`pin-lock:agent:${agentId}`);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as Counter;
    } catch {
      return undefined;
    }
  }

  /** The counter as it stands now: forgotten after a quiet period unless locked. */
  private current(counter: Counter | undefined, now: number): Counter {
    if (!counter || (counter.lockedUntilSec <= now && now - counter.lastFailureSec >= this.policy.forgetAfterSec))
      return { failures: 0, lastFailureSec: 0, lockedUntilSec: 0 };
    return counter;
  }

  private failed(counter: Counter, now: number): Counter {
    const failures = counter.failures + 1;
    const over = failures - this.policy.maxFailures;
    const lockSec = over < 0 ? 0 : Math.min(this.policy.maxLockSec, this.policy.baseLockSec * 2 ** over);
    return { failures, lastFailureSec: now, lockedUntilSec: lockSec > 0 ? now + lockSec : 0 };
  }

  /** How things stand before checking a PIN; `agentId` null when no agent with a PIN has that id. */
  async before(agentId: string | null, source: PinSource): Promise<PinVerdict> {
    const now = this.nowSec();
    const agent = this.current(agentId === null ? undefined : await this.agentCounter(agentId), now);
    const from = this.current(this.sources.get(source.hash), now);
    return {
      lockedForSec: Math.max(0, agent.lockedUntilSec - now, from.lockedUntilSec - now),
      agentFailures: agent.failures,
      sourceFailures: from.failures,
    };
  }

  /** Counts a wrong PIN against the agent (when there is one) and the source. */
  async wrong(agentId: string | null, source: PinSource): Promise<PinVerdict> {
    const now = this.nowSec();
    const from = this.failed(this.current(this.sources.get(source.hash), now), now);
    this.sources.delete(source.hash);
    if (this.sources.size >= SOURCE_CAPACITY) this.sources.delete(this.sources.keys().next().value as string);
    this.sources.set(source.hash, from);
    let agent: Counter | undefined;
    if (agentId !== null) {
      agent = this.failed(this.current(await this.agentCounter(agentId), now), now);
      await this.store.setSetting(`pin-lock:agent:${agentId}`, JSON.stringify(agent));
    }
    return {
      lockedForSec: Math.max(0, (agent?.lockedUntilSec ?? 0) - now, from.lockedUntilSec - now),
      agentFailures: agent?.failures ?? 0,
      sourceFailures: from.failures,
    };
  }

  /** A right PIN clears the agent's counter. The source's stays: one agent's own PIN must not buy guesses at others'. */
  async right(agentId: string): Promise<void> {
    if ((await this.agentCounter(agentId)) !== undefined)
      await this.store.setSetting(
        `pin-lock:agent:${agentId}`,
        JSON.stringify({ failures: 0, lastFailureSec: 0, lockedUntilSec: 0 }),
      );
  }
}
