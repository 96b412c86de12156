import { wilsonInterval } from '../analysis/wilson-interval.js';
import type { CallRecord } from '../record/call-record.js';
import {
  type CalibrationContext,
  type CalibrationPart,
  type CalibrationResult,
  type FittedEntry,
  roundTo,
} from './calibration-part.js';
import { recordGroup } from './calibrate-staffing.js';

/** Options of the resolution part. */
export interface ResolutionPartOptions {
  /** Fewest answered calls with a recorded resolution for a group to get its own share. Default 30. */
  readonly minN?: number;
}

/**
 * First-contact resolution: per agent group, the share of answered calls with a recorded resolution
 * (resolved !== null) that were resolved. Writes behaviour.resolution.first_contact (all groups) and
 * behaviour.resolution.by_group (each group with enough calls, when there are several). No resolution recorded:
 * a note and no entry (the scenario then has no resolution model, as before).
 */
export class ResolutionPart implements CalibrationPart {
  /** Per agent group (recordGroup; null = calls without a group, counted in first_contact only). */
  private readonly byGroup = new Map<string | null, { resolved: number; recorded: number }>();
  private answered = 0;
  private readonly options: ResolutionPartOptions;

  constructor(options: ResolutionPartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord): void {
    if (record.answerSec === null || record.outcome === null) return;
    this.answered += 1;
    if (record.resolved === null) return;
    const group = recordGroup(record);
    const counts = this.byGroup.get(group) ?? { resolved: 0, recorded: 0 };
    counts.recorded += 1;
    if (record.resolved) counts.resolved += 1;
    this.byGroup.set(group, counts);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const notes: string[] = [];
    const entries: FittedEntry[] = [];
    let resolved = 0;
    let recorded = 0;
    for (const c of this.byGroup.values()) {
      resolved += c.resolved;
      recorded += c.recorded;
    }
    if (recorded === 0) {
      notes.push(
        `resolution: none of ${this.answered} answered calls records whether it was resolved; no resolution model.`,
      );
      return { json: { resolution: null }, entries, notes };
    }
    if (recorded < this.answered)
      notes.push(
        `resolution: ${this.answered - recorded} of ${this.answered} answered calls record no resolution; left out.`,
      );
    const share = (c: { resolved: number; recorded: number }) => {
      const ci = wilsonInterval(c.resolved, c.recorded);
      return {
        share: roundTo(c.resolved / c.recorded, 4),
        n: c.recorded,
        ci95: [roundTo(ci.low, 4), roundTo(ci.high, 4)],
      };
    };
    const groups = [...this.byGroup.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const named = groups.filter((e): e is [string, { resolved: number; recorded: number }] => e[0] !== null);
    const minN = this.options.minN ?? 30;
    const period = `${context.source}, ${context.days} days`;
    const overall = share({ resolved, recorded });
    entries.push({
      path: ['behaviour', 'resolution', 'first_contact'],
      value: overall.share,
      comment: `${period}: ${resolved} of ${recorded} answered calls resolved at first contact (95 % CI ${overall.ci95.join('–')})`,
    });
    const own = named.filter(([, c]) => c.recorded >= minN);
    if (groups.length > 1 && own.length > 0)
      entries.push({
        path: ['behaviour', 'resolution', 'by_group'],
        value: Object.fromEntries(own.map(([g, c]) => [g, share(c).share])),
        comment: `${period}: ${own.map(([g, c]) => `${g} ${c.resolved}/${c.recorded}`).join(', ')}`,
      });
    const few = named.filter(([, c]) => c.recorded < minN).map(([g]) => g);
    if (groups.length > 1 && few.length > 0)
      notes.push(`resolution: ${few.join(', ')} with fewer than ${minN} recorded calls take first_contact.`);
    return {
      json: {
        resolution: {
          firstContact: overall,
          byGroup: Object.fromEntries(named.map(([g, c]) => [g, share(c)])),
          ...(this.byGroup.has(null) ? { withoutGroup: share(this.byGroup.get(null)!) } : {}),
        },
      },
      entries,
      notes,
    };
  }
}
