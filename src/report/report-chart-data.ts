import type { ServiceTargets } from '../planning/target-check.js';
import type { SimulationSummary } from '../planning/run-scenario.js';

/** A scenario as the report's charts need it. */
export interface ChartScenario {
  readonly name: string;
  readonly summary: SimulationSummary;
  readonly targets: ServiceTargets;
}

/** A scenario's point on the cost-against-service-level chart, with its 95 % CIs. */
export interface CostPoint {
  readonly name: string;
  /** Answered within 15 s / offered, percent. */
  readonly x: number | null;
  readonly xLow: number | null;
  readonly xHigh: number | null;
  /** Cost per year. */
  readonly y: number | null;
  readonly yLow: number | null;
  readonly yHigh: number | null;
}

/** Everything the report's charts draw: plain JSON, embedded in the page. */
export interface ReportChartData {
  /** Labels of the wait bins, e.g. `0–5`, …, `≥120`. */
  readonly waitBins: readonly string[];
  /** Share of answered calls per wait bin, percent, over all replications. */
  readonly wait: readonly { readonly name: string; readonly sharePct: readonly (number | null)[] }[];
  /** Start of each interval of the day, `hh:mm`. */
  readonly intervals: readonly string[];
  /** Answered within 15 s / offered per interval of the day, percent (mean over replications; null where nothing was offered). */
  readonly serviceLevelByInterval: readonly { readonly name: string; readonly valuesPct: readonly (number | null)[] }[];
  /** Distinct 15-second service-level targets, percent. */
  readonly serviceLevelTargets: readonly { readonly label: string; readonly valuePct: number }[];
  readonly cost: readonly CostPoint[];
}

/** The service-level threshold the hourly and cost charts use, seconds (GB/T 33358's 15 s). */
export const CHART_THRESHOLD_SEC = 15;

const num = (x: number | undefined, scale = 1): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x * scale : null;

function waitShares(summary: SimulationSummary): (number | null)[] {
  const first = summary.replications[0]?.kpis.waitHistogram.counts ?? [];
  const totals = first.map((_, i) =>
    summary.replications.reduce((a, r) => a + (r.kpis.waitHistogram.counts[i] ?? 0), 0),
  );
  const all = totals.reduce((a, b) => a + b, 0);
  return totals.map((c) => (all > 0 ? (c / all) * 100 : null));
}

function waitBinLabels(scenarios: readonly ChartScenario[]): string[] {
  const h = scenarios[0]?.summary.replications[0]?.kpis.waitHistogram;
  if (!h) return [];
  return h.counts.map((_, i) =>
    i === h.counts.length - 1 ? `≥${i * h.binSec}` : `${i * h.binSec}–${(i + 1) * h.binSec}`,
  );
}

function intervalLabels(scenarios: readonly ChartScenario[]): string[] {
  const count = Math.max(0, ...scenarios.map((s) => s.summary.replications[0]?.byInterval.length ?? 0));
  const minutes = count > 0 ? 1440 / count : 60;
  return Array.from({ length: count }, (_, i) => {
    const m = Math.round(i * minutes);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  });
}

/** Computes the charts' data from simulation summaries (no formatting, no HTML). */
export function reportChartData(scenarios: readonly ChartScenario[]): ReportChartData {
  const intervals = intervalLabels(scenarios);
  const sl = `serviceLevel.${CHART_THRESHOLD_SEC}`;
  const targets = [
    ...new Set(
      scenarios.filter((s) => s.targets.answer_within_sec === CHART_THRESHOLD_SEC).map((s) => s.targets.service_level),
    ),
  ].sort((a, b) => a - b);
  return {
    waitBins: waitBinLabels(scenarios),
    wait: scenarios.map((s) => ({ name: s.name, sharePct: waitShares(s.summary) })),
    intervals,
    serviceLevelByInterval: scenarios.map((s) => ({
      name: s.name,
      valuesPct: intervals.map((_, i) => num(s.summary.estimates.get(`byInterval.${i}.${sl}`)?.mean, 100)),
    })),
    serviceLevelTargets: targets.map((t) => ({
      label: `target ${Math.round(t * 1000) / 10} % within ${CHART_THRESHOLD_SEC} s`,
      valuePct: t * 100,
    })),
    cost: scenarios.map((s): CostPoint => {
      const x = s.summary.estimates.get(sl);
      const y = s.summary.estimates.get('cost.perYear');
      return {
        name: s.name,
        x: num(x?.mean, 100),
        xLow: num(x?.ci[0], 100),
        xHigh: num(x?.ci[1], 100),
        y: num(y?.mean),
        yLow: num(y?.ci[0]),
        yHigh: num(y?.ci[1]),
      };
    }),
  };
}
