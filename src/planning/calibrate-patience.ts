import { kmQuantile } from '../analysis/fit-censored.js';
import { fitPatience } from '../analysis/fit-patience.js';
import type { CallRecord } from '../record/call-record.js';
import {
  type CalibrationContext,
  type CalibrationPart,
  type CalibrationResult,
  type FittedEntry,
  roundTo,
} from './calibration-part.js';

/** Options of the patience part. */
export interface PatiencePartOptions {
  /** Abandons with a shorter wait are announcement hang-ups, fitted apart. Default 5 s. */
  readonly shortSec?: number;
}

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/**
 * Patience from inbound queue waits: an abandoned caller's wait (abandonSec − queueEntrySec) is an event; an
 * answered caller's (answerSec − queueEntrySec) is censored, as is any other exit from the queue (callback booked,
 * voicemail, transfer: endSec − queueEntrySec). Calls that timed out (no observed end) are left out and noted.
 * Kaplan–Meier, then censored maximum likelihood (exponential, lognormal, gamma by AIC) with the announcement
 * hang-ups apart (see analysis/fit-patience.ts). Writes callers.patience_sec.
 */
export class PatiencePart implements CalibrationPart {
  private readonly events: number[] = [];
  private readonly censored: number[] = [];
  private unobserved = 0;
  private readonly options: PatiencePartOptions;

  constructor(options: PatiencePartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord): void {
    const entry = record.queueEntrySec;
    if (entry === null || record.direction !== 'inbound') return;
    if (record.outcome === 'abandoned' && record.abandonSec !== null)
      this.events.push(Math.max(0, record.abandonSec - entry));
    else if (record.answerSec !== null) this.censored.push(Math.max(0, record.answerSec - entry));
    else if (record.endSec !== null && record.outcome !== 'timed-out' && record.outcome !== null)
      this.censored.push(Math.max(0, record.endSec - entry));
    else this.unobserved += 1;
  }

  finish(context: CalibrationContext): CalibrationResult {
    const notes: string[] = [];
    const entries: FittedEntry[] = [];
    const shortSec = this.options.shortSec ?? 5;
    if (this.unobserved > 0)
      notes.push(
        `patience_sec: ${this.unobserved} queued calls without an observed end (timed out, in progress) left out.`,
      );
    if (this.events.length === 0) {
      notes.push('patience_sec: no caller abandoned a queue; patience is unknown and not written.');
      return {
        json: { patienceSec: { dist: null, n: this.censored.length, events: 0, censored: this.censored.length } },
        entries,
        notes,
      };
    }
    const fit = fitPatience(this.events, this.censored, { shortSec });
    const km = QUANTILES.map((p) => ({ p, sec: kmQuantile(fit.km, p) }));
    const best = fit.fits?.best ?? null;
    const spec = fit.spec;
    const mixtureMean =
      spec?.dist === 'empirical'
        ? spec.values.reduce((s, v, i) => s + v * (spec.weights[i] as number), 0) /
          spec.weights.reduce((s, w) => s + w, 0)
        : null;
    const json = {
      dist: spec?.dist ?? null,
      mean: mixtureMean !== null || best ? roundTo(mixtureMean ?? best!.mean, 3) : null,
      ...(best && best.family !== 'exponential' && spec?.dist !== 'empirical' ? { cv: roundTo(best.cv, 4) } : {}),
      n: fit.n,
      events: fit.events,
      censored: fit.censored,
      shortSec,
      shortAbandons: fit.shortAbandons,
      shortAbandonShare: roundTo(fit.shortAbandonShare, 4),
      fit: best
        ? { family: best.family, mean: roundTo(best.mean, 3), cv: roundTo(best.cv, 4), aic: roundTo(best.aic, 1) }
        : null,
      aic: fit.fits
        ? {
            exponential: roundTo(fit.fits.exponential.aic, 1),
            lognormal: roundTo(fit.fits.lognormal.aic, 1),
            gamma: roundTo(fit.fits.gamma.aic, 1),
          }
        : null,
      km,
    };
    if (spec) {
      const how =
        spec.dist === 'empirical'
          ? `mixture: ${(100 * fit.shortAbandonShare).toFixed(1)} % hang up within ${shortSec} s, the rest ${best!.family} mean ${best!.mean.toFixed(1)} s`
          : `${spec.dist} by censored maximum likelihood (lowest AIC)`;
      entries.push({
        path: ['callers', 'patience_sec'],
        value: spec,
        comment: `${context.source}, ${context.days} days: ${fit.events} abandons (events), ${fit.censored} answered or other exits (censored); ${how}`,
      });
    } else notes.push(`patience_sec: every abandon came within ${shortSec} s; no distribution fitted for the rest.`);
    if (fit.km.survival.length > 0 && kmQuantile(fit.km, 0.5) === null)
      notes.push(
        'patience_sec: fewer than half the callers abandoned by the longest wait: the median and beyond come from the parametric fit, not observed.',
      );
    return { json: { patienceSec: json }, entries, notes };
  }
}
