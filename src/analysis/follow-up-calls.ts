import type { CallRecord } from '../record/call-record.js';

/**
 * The ONE rule that tells follow-up calls from first attempts, for every part of `hotline calibrate` (demand counts
 * first attempts only; the redial part fits callers.redial and behaviour.resolution.repeat from the follow-ups), so
 * no call is counted both as demand and as a redial or repeat. By caller hash, in arrival order, an inbound call is:
 * - a redial when its attempt is > 1, or its caller's previous inbound call was abandoned at most the redial window
 *   before this arrival (abandonSec to arrivalSec);
 * - else a repeat when the previous call was answered and recorded unresolved (resolved === false) at most the
 *   repeat window before it (endSec to arrivalSec);
 * - else a first attempt.
 * Only the caller's previous inbound call counts, and only once (the next call closes it). Calls without a caller
 * hash cannot be linked: only attempt > 1 marks them as follow-ups. Repeats carry attempt 1 (the record's meaning),
 * and imports without an attempt column carry 1 everywhere, so linking by caller is what finds them.
 *
 * The redial window is 24 h unless fixed; at the end it shrinks to 3 × the 99th percentile of the delays linked
 * (hour-rounded, at least 1 h: `shrunkWindowSec`), so a caller-linked redial later than the smallest window stays
 * undecided (`pending`) until `finalKind` is asked after the last record. Memory: one number per caller whose
 * previous call opened a window, and one per caller-linked redial delay.
 */

/** The widest redial window: a call within 24 h after the same caller's abandon. */
export const REDIAL_WINDOW_SEC = 86_400;
/** The repeat window: a call within 7 days after the same caller's unresolved answered call. */
export const REPEAT_WINDOW_SEC = 7 * 86_400;
/** The smallest the redial window shrinks to. */
export const MIN_REDIAL_WINDOW_SEC = 3600;

/** The fields the rule reads. */
export type FollowUpInput = Pick<
  CallRecord,
  'direction' | 'callerHash' | 'arrivalSec' | 'attempt' | 'outcome' | 'abandonSec' | 'answerSec' | 'endSec' | 'resolved'
>;

export type FollowUpKind = 'first' | 'redial' | 'repeat';

/** How the caller's previous call ended: the window it opened. */
export type FollowUpTrigger = 'abandoned' | 'unresolved';

/** One inbound call classified. */
export interface FollowUp {
  /** The kind with the widest redial window; `finalKind` gives it at the final window. */
  readonly kind: FollowUpKind;
  /** attempt > 1 (a redial whatever the window). */
  readonly byAttempt: boolean;
  /** The caller's previous call, when this call came within its window: how it ended, when, and the delay. */
  readonly after: { readonly trigger: FollowUpTrigger; readonly atSec: number; readonly delaySec: number } | null;
  /** The window this call opens for its caller's next call (hashed calls only): how it ended and when. */
  readonly opens: { readonly trigger: FollowUpTrigger; readonly atSec: number } | null;
}

/** Fixed windows (tests, short periods); the redial window then does not shrink. */
export interface FollowUpOptions {
  readonly redialWindowSec?: number;
  readonly repeatWindowSec?: number;
}

/**
 * The linking window of redials: `maxSec`, or, when the delays seen within it come sooner, an hour-rounded
 * 3 × their 99th percentile (at least 1 h); `maxSec` with fewer than 10 delays. Only trials whose whole window
 * lies inside the period are counted by the redial part, so a 24 h window on a short period would throw away
 * every abandon of the last day; redials that come within minutes need no day-long window.
 */
export function shrunkWindowSec(delaysSec: readonly number[], maxSec: number): number {
  const delays = delaysSec.filter((d) => d <= maxSec).sort((a, b) => a - b);
  if (delays.length < 10) return maxSec;
  const p99 = delays[Math.min(delays.length - 1, Math.floor(0.99 * delays.length))] as number;
  return Math.min(maxSec, Math.max(MIN_REDIAL_WINDOW_SEC, Math.ceil((3 * p99) / 3600) * 3600));
}

/**
 * Classifies inbound calls in arrival order (see the module comment). `classify` is idempotent for the record
 * just classified, so several parts may share one instance and each call it with the same record.
 */
export class FollowUpCalls {
  /** Callers whose previous call was abandoned: when (abandonSec). */
  private readonly abandonedAt = new Map<string, number>();
  /** Callers whose previous call was answered unresolved: when it ended (endSec). */
  private readonly unresolvedAt = new Map<string, number>();
  private readonly redialDelaysSec: number[] = [];
  private readonly maxRedialSec: number;
  private readonly repeatSec: number;
  private lastRecord: FollowUpInput | null = null;
  private lastResult: FollowUp | null = null;
  private finalWindowSec: number | null = null;

  constructor(private readonly options: FollowUpOptions = {}) {
    this.maxRedialSec = options.redialWindowSec ?? REDIAL_WINDOW_SEC;
    this.repeatSec = options.repeatWindowSec ?? REPEAT_WINDOW_SEC;
  }

  /** The repeat window, seconds. */
  get repeatWindowSec(): number {
    return this.repeatSec;
  }

  /** Classifies an inbound call (null for the hotline's own calls); the same record twice gives the same answer. */
  classify(record: FollowUpInput): FollowUp | null {
    if (record === this.lastRecord) return this.lastResult;
    this.lastRecord = record;
    this.lastResult = record.direction === 'inbound' ? this.link(record) : null;
    return this.lastResult;
  }

  private link(record: FollowUpInput): FollowUp {
    const byAttempt = record.attempt > 1;
    const hash = record.callerHash;
    if (hash === null) return { kind: byAttempt ? 'redial' : 'first', byAttempt, after: null, opens: null };
    let after: FollowUp['after'] = null;
    const abandonSec = this.abandonedAt.get(hash);
    const unresolvedSec = abandonSec === undefined ? this.unresolvedAt.get(hash) : undefined;
    if (abandonSec !== undefined) {
      this.abandonedAt.delete(hash);
      const delaySec = record.arrivalSec - abandonSec;
      if (delaySec >= 0 && delaySec <= this.maxRedialSec) {
        after = { trigger: 'abandoned', atSec: abandonSec, delaySec };
        this.redialDelaysSec.push(delaySec);
      }
    } else if (unresolvedSec !== undefined) {
      this.unresolvedAt.delete(hash);
      const delaySec = record.arrivalSec - unresolvedSec;
      if (delaySec >= 0 && delaySec <= this.repeatSec)
        after = { trigger: 'unresolved', atSec: unresolvedSec, delaySec };
    }
    let opens: FollowUp['opens'] = null;
    if (record.outcome === 'abandoned' && record.abandonSec !== null) {
      opens = { trigger: 'abandoned', atSec: record.abandonSec };
      this.abandonedAt.set(hash, record.abandonSec);
    } else if (record.answerSec !== null && record.resolved === false && record.endSec !== null) {
      opens = { trigger: 'unresolved', atSec: record.endSec };
      this.unresolvedAt.set(hash, record.endSec);
    }
    const kind: FollowUpKind =
      byAttempt || after?.trigger === 'abandoned' ? 'redial' : after?.trigger === 'unresolved' ? 'repeat' : 'first';
    return { kind, byAttempt, after, opens };
  }

  /**
   * Whether the call's kind waits on the final redial window: a redial linked by caller only, later than the
   * smallest window the final one can be.
   */
  pending(f: FollowUp): boolean {
    return (
      f.kind === 'redial' &&
      !f.byAttempt &&
      this.options.redialWindowSec === undefined &&
      (f.after?.delaySec ?? 0) > Math.min(MIN_REDIAL_WINDOW_SEC, this.maxRedialSec)
    );
  }

  /** The final redial window (seconds): the fixed one, or the shrunk one; ask after the last record. */
  redialWindowSec(): number {
    this.finalWindowSec ??= this.options.redialWindowSec ?? shrunkWindowSec(this.redialDelaysSec, this.maxRedialSec);
    return this.finalWindowSec;
  }

  /** The kind at the final redial window: a caller-linked redial later than the window is a first attempt. */
  finalKind(f: FollowUp): FollowUpKind {
    if (f.kind !== 'redial' || f.byAttempt || f.after === null) return f.kind;
    return f.after.delaySec <= this.redialWindowSec() ? 'redial' : 'first';
  }
}
