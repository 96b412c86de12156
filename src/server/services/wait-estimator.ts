import type { AgentPool } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { parseQueueName, routingFor, type RoutingConfig } from './routing.js';

/** How many of a skill's latest handle times the estimate averages. */
export const RECENT_HANDLE_CALLS = 50;
/** Seconds a skill's recent handle time is reused before it is read again (wait rounds come every ~30 s per caller). */
export const RECENT_HANDLE_TTL_SEC = 60;

/** A caller's estimated wait. */
export interface QueueEstimate {
  /** Callers ahead (Twilio's QueuePosition − 1). */
  readonly ahead: number;
  /** Whole minutes, at least 1; null when nobody who can take this caller is on duty. */
  readonly waitMin: number | null;
  /** Agents on duty (ready, on-call, wrap-up) who can take this caller. */
  readonly onDuty: number;
  /** The handle time the estimate used, seconds. */
  readonly handleSec: number;
}

/**
 * The wait announcement's estimate: (callers ahead + 1) × recent handle time ÷ agents on duty who can take
 * the caller. Those agents are the queue's pool; in the overflow queue also the primary pool (its agents take
 * overflowed callers, see agentQueues): never the overflow pool before the caller can overflow. The handle
 * time is the mean of the skill's last RECENT_HANDLE_CALLS handle times, else routing.handleSecForEstimate.
 */
export class WaitEstimator {
  private readonly recent = new Map<string, { readonly atSec: number; readonly meanSec: number }>();

  constructor(
    private readonly store: CallStore,
    private readonly routing: RoutingConfig,
    private readonly nowSec: () => number,
  ) {}

  /** The estimate for a caller at 1-based `queuePosition` in `queueName` (a `skill.pool` name). */
  async estimate(skill: string, queueName: string, queuePosition: number): Promise<QueueEstimate> {
    const ahead = Math.max(0, queuePosition - 1);
    let onDuty = 0;
    for (const pool of this.pools(skill, queueName)) onDuty += await this.store.countAgentsOnDuty(skill, pool);
    const handleSec = await this.handleSec(skill);
    if (onDuty === 0) return { ahead, waitMin: null, onDuty, handleSec };
    const waitSec = ((ahead + 1) * handleSec) / onDuty;
    return { ahead, waitMin: Math.max(1, Math.ceil(waitSec / 60)), onDuty, handleSec };
  }

  /** The pools whose agents take callers from `queueName`. */
  private pools(skill: string, queueName: string): AgentPool[] {
    const routing = routingFor(this.routing, skill);
    const pool = parseQueueName(queueName)?.pool ?? routing.primaryPool;
    return pool === routing.primaryPool ? [pool] : [pool, routing.primaryPool];
  }

  private async handleSec(skill: string): Promise<number> {
    const now = this.nowSec();
    const cached = this.recent.get(skill);
    if (cached && now - cached.atSec < RECENT_HANDLE_TTL_SEC && now >= cached.atSec) return cached.meanSec;
    const recent = await this.store.recentHandleSec(skill, RECENT_HANDLE_CALLS);
    const meanSec = recent.count > 0 ? recent.meanSec : this.routing.handleSecForEstimate;
    this.recent.set(skill, { atSec: now, meanSec });
    return meanSec;
  }
}
