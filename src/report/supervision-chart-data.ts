import type { KpiReport } from '../analysis/kpi-report.js';
import type { Kpis } from '../analysis/kpis.js';
import type { PeriodAssessment } from '../analysis/contract-assessment.js';
import type { SupervisionData } from './supervision-data.js';

/** One line of an hour-of-day chart: a group's (or all groups') rate per hour, percent, with its 95 % interval. */
export interface HourSeries {
  readonly name: string;
  /** Per hour 00..23; null where nothing was offered in that hour. */
  readonly valuesPct: readonly (number | null)[];
  readonly lowPct: readonly (number | null)[];
  readonly highPct: readonly (number | null)[];
}

/** Everything the supervision report's charts draw: plain JSON, embedded in the page. */
export interface SupervisionChartData {
  /** `00:00` … `23:00`, local hours of the report's zone. */
  readonly hours: readonly string[];
  /** The service-level threshold, seconds (the first counted, 15 by default). */
  readonly thresholdSec: number;
  /** Answered within the threshold / offered per hour of day: `all` first, then one line per group. */
  readonly serviceLevel: readonly HourSeries[];
  /** Abandoned / offered per hour of day, as `serviceLevel`. */
  readonly abandonRate: readonly HourSeries[];
  /** Labels of the wait bins, e.g. `0–5`, …, `≥120` (seconds). */
  readonly waitBins: readonly string[];
  /** Share of answered calls per wait bin, percent: `all` first, then one per group. */
  readonly wait: readonly { readonly name: string; readonly sharePct: readonly (number | null)[] }[];
  /** Distinct contract targets to draw as dashed lines, percent. */
  readonly serviceLevelTargetsPct: readonly number[];
  readonly abandonRateMaxPct: readonly number[];
}

/** Name of the line of all groups together. */
export const ALL_GROUPS = 'all groups';

const pct = (x: number | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 1e6) / 1e4 : null;

function series(name: string, perHour: readonly (Kpis | undefined)[], rate: string): HourSeries {
  const at = (k: Kpis | undefined) => {
    const c = k?.counts[rate];
    return c && c.denominator > 0 ? c.numerator / c.denominator : undefined;
  };
  return {
    name,
    valuesPct: perHour.map((k) => pct(at(k))),
    lowPct: perHour.map((k) => (at(k) === undefined ? null : pct(k!.intervals[rate]?.low))),
    highPct: perHour.map((k) => (at(k) === undefined ? null : pct(k!.intervals[rate]?.high))),
  };
}

function shares(counts: readonly number[]): (number | null)[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? pct(c / total) : null));
}

const groupName = (key: Readonly<Record<string, string>>): string => key.group ?? '';

function waitBinLabels(report: KpiReport): string[] {
  const h = report.kpis.waitHistogram;
  return h.counts.map((_, i) =>
    i === h.counts.length - 1 ? `≥${i * h.binSec}` : `${i * h.binSec}–${(i + 1) * h.binSec}`,
  );
}

/** Computes the charts' data from the supervision views (and the contract targets, when assessed). */
export function supervisionChartData(
  data: SupervisionData,
  assessment: readonly PeriodAssessment[] = [],
): SupervisionChartData {
  const thresholdSec = data.byGroup.options.thresholdsSec[0] ?? 15;
  const groups = data.byGroup.groups.map((g) => groupName(g.key));
  const perHour = (group: string | null) =>
    data.byHourOfDay.map((h) =>
      group === null ? h.report.kpis : h.report.groups.find((g) => groupName(g.key) === group)?.kpis,
    );
  const lines = (rate: string) => [
    series(ALL_GROUPS, perHour(null), rate),
    ...groups.map((g) => series(g, perHour(g), rate)),
  ];
  const bounds = (target: string, side: 'min' | 'max') =>
    [
      ...new Set(
        assessment.flatMap((a) =>
          a.targets.filter((t) => t.target === target && t[side] !== null).map((t) => pct(t[side] as number)!),
        ),
      ),
    ].sort((a, b) => a - b);
  return {
    hours: data.byHourOfDay.map((h) => `${h.hour}:00`),
    thresholdSec,
    serviceLevel: lines(`serviceLevel.${thresholdSec}`),
    abandonRate: lines('abandonRate'),
    waitBins: waitBinLabels(data.byGroup),
    wait: [
      { name: ALL_GROUPS, sharePct: shares(data.byGroup.kpis.waitHistogram.counts) },
      ...data.byGroup.groups.map((g) => ({ name: groupName(g.key), sharePct: shares(g.kpis.waitHistogram.counts) })),
    ],
    serviceLevelTargetsPct: bounds('service_level', 'min'),
    abandonRateMaxPct: bounds('abandon_rate', 'max'),
  };
}
