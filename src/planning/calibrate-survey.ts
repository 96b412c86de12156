import { fitSatisfaction, type SatisfactionCell } from '../analysis/fit-satisfaction.js';
import type { CallRecord } from '../record/call-record.js';
import {
  type CalibrationContext,
  type CalibrationPart,
  type CalibrationResult,
  type FittedEntry,
  type LocalTime,
  roundTo,
} from './calibration-part.js';
import { recordGroup } from './calibrate-staffing.js';

/** Options of the survey part. */
export interface SurveyPartOptions {
  /**
   * The scenario runs a flow (`--flow`): its survey is a gather whose keys `callers.ivr.choices` weighs (the IVR
   * part writes them), so `callers.survey` is not written (the simulator refuses it beside a flow).
   */
  readonly flow?: boolean;
  /** Fewest ratings to fit the satisfaction model (default 100). */
  readonly minRatings?: number;
}

/**
 * Survey participation (ratings over callers invited), the ratings table, and the ordinal satisfaction model
 * (`behaviour.satisfaction`, cumulative logit) fitted by maximum likelihood to the rated calls' queue waits
 * (seconds, binned by the second), recorded resolution and agent group.
 */
export class SurveyPart implements CalibrationPart {
  private invited = 0;
  private readonly counts = [0, 0, 0, 0, 0];
  private readonly cells = new Map<
    string,
    { waitMin: number; unresolved: boolean; group: string | null; counts: number[] }
  >();
  /** Ratings per agent group (recordGroup; null = no group, which has no by_group term). */
  private readonly ratedByGroup = new Map<string | null, number>();
  private resolvedSeen = 0;
  private unresolvedSeen = 0;
  private readonly options: SurveyPartOptions;

  constructor(options: SurveyPartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord, _local?: LocalTime): void {
    const rating = record.rating;
    // Records from before invitations were stored count as invited when they hold a rating (as SQLite migrates them).
    if (record.surveyInvited || rating !== null) this.invited += 1;
    if (rating === null || !(rating >= 1 && rating <= 5)) return;
    const k = Math.round(rating) - 1;
    this.counts[k] = (this.counts[k] as number) + 1;
    const waitSec =
      record.answerSec !== null && record.queueEntrySec !== null
        ? Math.max(0, record.answerSec - record.queueEntrySec)
        : 0;
    const unresolved = record.resolved === false;
    if (record.resolved === true) this.resolvedSeen += 1;
    if (unresolved) this.unresolvedSeen += 1;
    const group = recordGroup(record);
    this.ratedByGroup.set(group, (this.ratedByGroup.get(group) ?? 0) + 1);
    const key = `${Math.round(waitSec)}|${unresolved ? 1 : 0}|${group === null ? '\u0000' : `=${group}`}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { waitMin: Math.round(waitSec) / 60, unresolved, group, counts: [0, 0, 0, 0, 0] };
      this.cells.set(key, cell);
    }
    cell.counts[k] = (cell.counts[k] as number) + 1;
  }

  finish(context: CalibrationContext): CalibrationResult {
    const rated = this.counts.reduce((a, b) => a + b, 0);
    const notes: string[] = [];
    const entries: FittedEntry[] = [];
    const participation = this.invited > 0 ? rated / this.invited : null;
    const period = `${context.source}, ${context.days} days`;
    if (participation === null) notes.push('survey: no call was invited to the survey; participation not fitted.');
    else if (!this.options.flow)
      entries.push({
        path: ['callers', 'survey'],
        value: { participation: roundTo(participation, 4), ratings: [...this.counts] },
        comment: `${period}: ${rated} ratings of ${this.invited} callers invited; ratings 1..5 counted`,
      });
    else
      notes.push("survey: with a flow, participation and ratings are the survey gather's keys (callers.ivr.choices).");
    const satisfaction = this.fitModel(rated, notes);
    if (satisfaction)
      entries.push({
        path: ['behaviour', 'satisfaction'],
        value: {
          cutpoints: satisfaction.cutpoints,
          per_wait_min: satisfaction.per_wait_min,
          unresolved: satisfaction.unresolved,
          by_group: satisfaction.by_group,
        },
        comment:
          `${period}: cumulative logit, maximum likelihood on N=${satisfaction.n} ratings, logLik ` +
          `${satisfaction.logLik}`,
      });
    return {
      json: { survey: { participation, ratings: [...this.counts], satisfaction } },
      entries,
      notes,
    };
  }

  private fitModel(rated: number, notes: string[]) {
    const minRatings = this.options.minRatings ?? 100;
    if (rated < minRatings) {
      notes.push(`satisfaction: ${rated} ratings, fewer than ${minRatings}; the model is not fitted.`);
      return null;
    }
    // The reference (coefficient 0) is the calls without a group when any were rated: the scenario gives them no
    // by_group term, so the cutpoints must be their level. Otherwise it is the group with the most ratings.
    const groups = [...this.ratedByGroup.entries()].sort(
      (a, b) =>
        (a[0] === null ? -1 : 0) - (b[0] === null ? -1 : 0) || b[1] - a[1] || String(a[0]).localeCompare(String(b[0])),
    );
    const index = new Map(groups.map(([g], i) => [g, i]));
    const cells: SatisfactionCell[] = [...this.cells.values()].map((c) => ({
      waitMin: c.waitMin,
      unresolved: c.unresolved,
      group: index.get(c.group) as number,
      counts: c.counts,
    }));
    const waits = new Set(cells.map((c) => c.waitMin));
    const fitUnresolved = this.unresolvedSeen > 0 && this.resolvedSeen > 0;
    if (!fitUnresolved)
      notes.push('satisfaction: resolution not recorded both ways on rated calls; unresolved left at 0.');
    if (groups.length > 1)
      notes.push(
        groups[0]?.[0] === null
          ? `satisfaction: by_group is relative to the ${groups[0][1]} rated calls without an agent group (no group term).`
          : `satisfaction: by_group is relative to ${groups[0]?.[0]} (most ratings), whose coefficient is 0.`,
      );
    notes.push('satisfaction: screened is not fitted (records do not mark screened callers); left at 0.');
    const fit = fitSatisfaction(cells, {
      groups: groups.length,
      referenceGroup: 0,
      fitUnresolved,
      fitWait: waits.size > 1,
    });
    if (!fit) return null;
    return {
      cutpoints: fit.cutpoints.map((t) => roundTo(t, 4)),
      per_wait_min: roundTo(fit.perWaitMin, 4),
      unresolved: roundTo(fit.unresolved, 4),
      by_group: Object.fromEntries(
        groups.slice(1).map(([g], i) => [g as string, roundTo(fit.byGroup[i + 1] as number, 4)]),
      ),
      logLik: roundTo(fit.logLik, 2),
      n: fit.n,
    };
  }
}
