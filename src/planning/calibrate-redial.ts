import { type DistributionFit, fitPositive } from '../analysis/fit-distribution.js';
import { wilsonInterval } from '../analysis/wilson-interval.js';
import { FollowUpCalls } from '../analysis/follow-up-calls.js';
import type { CallRecord } from '../record/call-record.js';
import {
  type CalibrationContext,
  type CalibrationPart,
  type CalibrationResult,
  type FittedEntry,
  roundTo,
} from './calibration-part.js';

/** Options of the redial part. */
export interface RedialPartOptions {
  /** A call within this long after an abandon is its redial. Default 24 h, shrunk at the end (shrunkWindowSec). */
  readonly windowSec?: number;
  /** A call within this long after an unresolved answered call is its repeat. Default 7 days. */
  readonly repeatWindowSec?: number;
  /** Fewest trials (and follow-ups) to write an entry. Default 30 (10). */
  readonly minTrials?: number;
  readonly minFollowed?: number;
  /** The classifier shared with the demand part (its windows win over windowSec and repeatWindowSec). */
  readonly followUps?: FollowUpCalls;
}

/** Trials of one kind (windows opened by abandons, or by unresolved calls): when each opened, and those followed. */
class Trials {
  readonly atSec: number[] = [];
  readonly followedAtSec: number[] = [];
  readonly delaySec: number[] = [];

  /** Counts trials whose whole window lies before `endSec`; the delays of those followed within the window. */
  tally(windowSec: number, endSec: number): { trials: number; followed: number; delays: number[] } {
    let trials = 0;
    for (const at of this.atSec) if (at + windowSec <= endSec) trials += 1;
    const delays: number[] = [];
    for (let i = 0; i < this.followedAtSec.length; i += 1) {
      const d = this.delaySec[i] as number;
      if ((this.followedAtSec[i] as number) + windowSec <= endSec && d <= windowSec) delays.push(d);
    }
    return { trials, followed: delays.length, delays };
  }
}

/**
 * Redials and repeats by caller hash, in arrival order, as the shared classifier links them (analysis/
 * follow-up-calls.ts, the same rule by which the demand part leaves them out of demand): the share of abandoned
 * inbound calls that the same caller follows with another inbound call within the redial window (24 h, shrunk to
 * 3 × the 99th percentile of the delays seen, at least 1 h), and the delay (abandonSec to the next arrival); the
 * same after an answered call recorded unresolved (resolved === false; from its endSec), within 7 days. Only
 * trials whose whole window lies inside the records' period count. Calls without a hash cannot be linked (noted);
 * with no hash at all, the probability after an abandon is estimated from attempt numbers (redials / abandons)
 * and the delay is unknown. Writes callers.redial and behaviour.resolution.repeat.
 */
export class RedialPart implements CalibrationPart {
  private readonly abandons = new Trials();
  private readonly unresolved = new Trials();
  private readonly followUps: FollowUpCalls;
  private noHash = 0;
  private inbound = 0;
  private abandonedInbound = 0;
  private laterAttempts = 0;
  private lastArrivalSec = Number.NEGATIVE_INFINITY;
  private readonly options: RedialPartOptions;

  constructor(options: RedialPartOptions = {}) {
    this.options = options;
    this.followUps =
      options.followUps ??
      new FollowUpCalls({
        ...(options.windowSec !== undefined ? { redialWindowSec: options.windowSec } : {}),
        ...(options.repeatWindowSec !== undefined ? { repeatWindowSec: options.repeatWindowSec } : {}),
      });
  }

  add(record: CallRecord): void {
    const f = this.followUps.classify(record);
    if (f === null) return;
    this.inbound += 1;
    this.lastArrivalSec = Math.max(this.lastArrivalSec, record.arrivalSec);
    if (record.outcome === 'abandoned') this.abandonedInbound += 1;
    if (record.attempt >= 2) this.laterAttempts += 1;
    if (record.callerHash === null) this.noHash += 1;
    if (f.after) {
      const kind = f.after.trigger === 'abandoned' ? this.abandons : this.unresolved;
      kind.followedAtSec.push(f.after.atSec);
      kind.delaySec.push(f.after.delaySec);
    }
    if (f.opens) (f.opens.trigger === 'abandoned' ? this.abandons : this.unresolved).atSec.push(f.opens.atSec);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const notes: string[] = [];
    const entries: FittedEntry[] = [];
    const windowSec = this.followUps.redialWindowSec();
    const repeatWindowSec = this.followUps.repeatWindowSec;
    const endSec = Math.min(context.toSec, this.lastArrivalSec);
    const period = `${context.source}, ${context.days} days`;
    const afterAbandon = this.estimate(this.abandons, windowSec, endSec);
    const afterUnresolved = this.estimate(this.unresolved, repeatWindowSec, endSec);
    if (this.noHash > 0)
      notes.push(
        `redial: ${this.noHash} of ${this.inbound} inbound calls have no caller hash (withheld numbers) and cannot be linked.`,
      );
    let fromAttempts: number | null = null;
    if (this.noHash === this.inbound && this.abandonedInbound > 0) {
      fromAttempts = this.laterAttempts / this.abandonedInbound;
      notes.push(
        `redial: no caller hashes; probability after an abandon estimated from attempt numbers (${this.laterAttempts} redials / ${this.abandonedInbound} abandons); the delay is unknown, callers.redial not written.`,
      );
    }
    const minTrials = this.options.minTrials ?? 30;
    const minFollowed = this.options.minFollowed ?? 10;
    const usable = (e: typeof afterAbandon) => e.trials >= minTrials && e.followed >= minFollowed && e.fit !== null;
    if (usable(afterAbandon))
      entries.push({
        path: ['callers', 'redial'],
        value: { probability: roundTo(afterAbandon.probability, 4), delay_sec: afterAbandon.fit!.spec },
        comment: `${period}: ${afterAbandon.followed} of ${afterAbandon.trials} abandons followed by the same caller within ${windowSec / 3600} h; delay ${afterAbandon.fit!.reason}`,
      });
    else if (fromAttempts === null)
      notes.push(
        `redial: ${afterAbandon.trials} abandons with a whole window, ${afterAbandon.followed} followed; too few to fit callers.redial.`,
      );
    if (usable(afterUnresolved))
      entries.push({
        path: ['behaviour', 'resolution', 'repeat'],
        // The scenario needs a repeat probability below 1 (a never-resolved caller must stop calling).
        value: {
          probability: Math.min(0.999, roundTo(afterUnresolved.probability, 4)),
          delay_sec: afterUnresolved.fit!.spec,
        },
        comment: `${period}: ${afterUnresolved.followed} of ${afterUnresolved.trials} unresolved answered calls followed within ${repeatWindowSec / 86400} days; delay ${afterUnresolved.fit!.reason}`,
      });
    else if (afterUnresolved.trials > 0)
      notes.push(
        `resolution.repeat: ${afterUnresolved.trials} unresolved calls, ${afterUnresolved.followed} followed; too few to fit.`,
      );
    const show = (e: typeof afterAbandon, w: number) => ({
      trials: e.trials,
      followed: e.followed,
      probability: e.trials > 0 ? roundTo(e.probability, 4) : null,
      ci95: e.trials > 0 ? [roundTo(e.ci.low, 4), roundTo(e.ci.high, 4)] : null,
      windowSec: w,
      delaySec: e.fit
        ? {
            dist: e.fit.spec.dist,
            mean: roundTo(e.fit.mean, 1),
            cv: roundTo(e.fit.cv, 4),
            gof: { ksD: roundTo(e.fit.gof.ksD, 4) },
          }
        : null,
    });
    return {
      json: {
        redial: {
          afterAbandon: {
            ...show(afterAbandon, windowSec),
            ...(fromAttempts !== null ? { fromAttempts: roundTo(fromAttempts, 4) } : {}),
          },
          afterUnresolved: show(afterUnresolved, repeatWindowSec),
          unlinked: this.noHash,
        },
      },
      entries,
      notes,
    };
  }

  private estimate(kind: Trials, windowSec: number, endSec: number) {
    const { trials, followed, delays } = kind.tally(windowSec, endSec);
    const fit: DistributionFit | null = delays.length >= 2 ? fitPositive(delays) : null;
    return {
      trials,
      followed,
      probability: trials > 0 ? followed / trials : 0,
      ci: wilsonInterval(followed, trials),
      fit,
    };
  }
}
