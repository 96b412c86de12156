import { type DistributionFit, fitPositive, thinEmpirical } from '../analysis/fit-distribution.js';
import type { AgentPool, CallRecord } from '../record/call-record.js';
import {
  type CalibrationContext,
  type CalibrationPart,
  type CalibrationResult,
  type FittedEntry,
  roundTo,
} from './calibration-part.js';
import { recordGroup } from './calibrate-staffing.js';

/** Options of the handle-time part. */
export interface HandlePartOptions {
  /** A pool's handle time is written apart (handle_sec_by_pool) when its mean differs by more than this (0.05). */
  readonly poolDifference?: number;
  /** Fewest calls to fit a distribution. Default 30. */
  readonly minN?: number;
}

/** Growing sample lists, keyed. */
class Samples {
  readonly map = new Map<string, number[]>();
  /** The list of `key`, created empty. */
  list(key: string): number[] {
    let list = this.map.get(key);
    if (!list) {
      list = [];
      this.map.set(key, list);
    }
    return list;
  }
  get(key: string): readonly number[] {
    return this.map.get(key) ?? [];
  }
}

/** A fit as the JSON summary shows it. */
function summary(fit: DistributionFit | null): Record<string, unknown> | null {
  if (!fit) return null;
  const spec = fit.spec;
  return {
    dist: spec.dist,
    mean: roundTo(spec.dist === 'empirical' ? fit.mean : spec.mean, 3),
    cv: roundTo(spec.dist === 'empirical' ? fit.cv : spec.cv, 4),
    n: fit.n,
    gof: {
      ksD: roundTo(fit.gof.ksD, 4),
      pValue: roundTo(fit.gof.pValue, 4),
      critical05: roundTo(fit.gof.critical05, 4),
    },
    reason: fit.reason,
  };
}

const ALL = '\u0000all';

/**
 * The call type of a record whose type was not recorded: the same name as the demand part's call-type mix
 * (calibrate-demand's UNKNOWN_CALL_TYPE), so the handle time lands on the same call_types item.
 */
const UNKNOWN_CALL_TYPE = 'unknown';

/**
 * Handle times per agent group and call type, talk and after-call work (acw = handleSec − talkSec) apart, from
 * answered calls. Records whose handleSec is null (a live wrap-up not ended, imports without it) are counted and
 * noted, never taken as 0. Writes the call_types item of each type (by name; untyped calls as `unknown`):
 * handle_sec (all pools), handle_sec_by_pool where a pool's mean differs, and acw_sec where talk is recorded and
 * after-call work is not nil.
 */
export class HandlePart implements CalibrationPart {
  private readonly handle = new Samples();
  private readonly talk = new Samples();
  private readonly acw = new Samples();
  private readonly typeCounts = new Map<string, number>();
  private nullHandle = 0;
  private answered = 0;
  private untyped = 0;
  private readonly slots = new Map<string, { handle: number[][]; talk: number[]; acw: number[][] }>();
  private readonly options: HandlePartOptions;

  constructor(options: HandlePartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord): void {
    if (record.answerSec === null || record.outcome === null) return;
    this.answered += 1;
    const handle = record.handleSec;
    if (handle === null) {
      this.nullHandle += 1;
      return;
    }
    const group = recordGroup(record);
    const type = record.callType ?? UNKNOWN_CALL_TYPE;
    if (record.callType === null) this.untyped += 1;
    // The lists a record goes to, looked up once per (type, group, pool) rather than per list: 1.6 M records.
    const slotKey = `${type}\u0001${group}\u0001${record.pool}`;
    let slot = this.slots.get(slotKey);
    if (!slot) {
      // Calls without a group (recordGroup null) count in their type's and pool's lists, not under a made-up group.
      const own = group === null ? [] : [group];
      slot = {
        handle: [...own, `${type}|${ALL}`, ...own.map((g) => `${type}|${g}`), `${type}|pool:${record.pool}`].map((k) =>
          this.handle.list(k),
        ),
        talk: group === null ? [] : this.talk.list(group),
        acw: [...own, `${type}|${ALL}`].map((k) => this.acw.list(k)),
      };
      this.slots.set(slotKey, slot);
    }
    this.typeCounts.set(type, (this.typeCounts.get(type) ?? 0) + 1);
    for (const list of slot.handle) list.push(handle);
    if (record.talkSec !== null) {
      const acw = Math.max(0, handle - record.talkSec);
      slot.talk.push(record.talkSec);
      for (const list of slot.acw) list.push(acw);
    }
  }

  finish(context: CalibrationContext): CalibrationResult {
    const minN = this.options.minN ?? 30;
    const notes: string[] = [];
    const entries: FittedEntry[] = [];
    const fitted = (xs: readonly number[]) => (xs.length >= minN ? fitPositive(xs) : null);
    const groups = [...this.handle.map.keys()].filter((k) => !k.includes('|')).sort();
    const handleSec: Record<string, unknown> = {};
    for (const g of groups)
      handleSec[g] = {
        ...summary(fitted(this.handle.get(g))),
        talk: summary(fitted(this.talk.get(g))),
        acw: summary(fitted(this.acw.get(g))),
      };
    const recorded = [...this.typeCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const handleSecByType: Record<string, Record<string, unknown>> = {};
    for (const [t] of recorded)
      handleSecByType[t] = Object.fromEntries(groups.map((g) => [g, summary(fitted(this.handle.get(`${t}|${g}`)))]));
    const period = `${context.source}, ${context.days} days`;
    for (const [t] of recorded) {
      const all = fitted(this.handle.get(`${t}|${ALL}`));
      const label = `type ${t}`;
      if (!all) {
        notes.push(`handle_sec: ${label} has fewer than ${minN} answered calls with a handle time; not fitted.`);
        continue;
      }
      entries.push({
        path: ['call_types', t, 'handle_sec'],
        value: all.spec,
        comment: `${period}: N=${all.n} answered calls (${label}); ${all.reason}; p=${all.gof.pValue.toPrecision(2)}`,
      });
      const byPool = this.byPool(t, all.mean, minN);
      if (Object.keys(byPool).length > 0)
        entries.push({
          path: ['call_types', t, 'handle_sec_by_pool'],
          value: Object.fromEntries(Object.entries(byPool).map(([p, f]) => [p, f.spec])),
          comment: `${period}: ${Object.entries(byPool)
            .map(([p, f]) => `${p} N=${f.n} mean ${f.mean.toFixed(1)} s`)
            .join(', ')}; all pools ${all.mean.toFixed(1)} s`,
        });
      const acw = this.acwSpec(this.acw.get(`${t}|${ALL}`), minN);
      if (acw)
        entries.push({
          path: ['call_types', t, 'acw_sec'],
          value: acw.value,
          comment: `${period}: after-call work = handleSec − talkSec on N=${acw.n} calls; ${acw.how}`,
        });
    }
    if (this.nullHandle > 0)
      notes.push(
        `handle_sec: ${this.nullHandle} of ${this.answered} answered calls have no handle time (wrap-up not ended, or not imported); left out, not counted as 0.`,
      );
    if (this.untyped > 0)
      notes.push(
        `handle_sec: ${this.untyped} answered calls have no call type; fitted as type "${UNKNOWN_CALL_TYPE}".`,
      );
    if (groups.length > 1)
      notes.push(
        'handle_sec_by_pool: the scenario keys handle times by pool kind (in-house, outsourced); per group in the JSON.',
      );
    return { json: { handleSec, handleSecByType, handleNull: this.nullHandle }, entries, notes };
  }

  private byPool(type: string, allMean: number, minN: number): Partial<Record<AgentPool, DistributionFit>> {
    const out: Partial<Record<AgentPool, DistributionFit>> = {};
    const samples = (['in-house', 'outsourced'] as const).map(
      (p) => [p, this.handle.get(`${type}|pool:${p}`)] as const,
    );
    if (samples.some(([, xs]) => xs.length < minN)) return out;
    const threshold = this.options.poolDifference ?? 0.05;
    // Means first (one pass): the costlier fits only when a pool differs.
    const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    if (!samples.some(([, xs]) => Math.abs(mean(xs) / allMean - 1) > threshold)) return out;
    for (const [p, xs] of samples) {
      const fit = fitPositive(xs);
      if (fit) out[p] = fit;
    }
    return out;
  }

  /** acw_sec: none when nil; the fit of the positive values when nearly all are positive, else an empirical table. */
  private acwSpec(xs: readonly number[], minN: number): { value: unknown; n: number; how: string } | null {
    if (xs.length < minN) return null;
    const positive = xs.filter((x) => x > 0).length;
    if (positive / xs.length < 0.01) return null;
    if (positive / xs.length >= 0.95) {
      const fit = fitPositive(xs)!;
      return { value: fit.spec, n: xs.length, how: fit.reason };
    }
    const sorted = Float64Array.from(xs).sort();
    return { value: thinEmpirical(sorted), n: xs.length, how: `empirical (${xs.length - positive} calls without any)` };
  }
}
