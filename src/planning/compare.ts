import { HotlineError } from '../errors.js';
import type { ReplicationResult, SimulationSummary } from './run-scenario.js';
import { meanCi, type Estimate } from '../analysis/confidence.js';

/** How a KPI's values read: a count, a rate 0..1, seconds, or money (the scenario's currency). */
export type KpiUnit = 'count' | 'rate' | 'sec' | 'money';

/** A KPI a planner decides on: its path in the summary's estimates, a label and a unit. */
export interface ComparedKpi {
  /** Dotted path as in `SimulationSummary.estimates`, e.g. `serviceLevel.15`, `occupancy.in-house`, `cost.perYear`. */
  readonly path: string;
  readonly label: string;
  readonly unit: KpiUnit;
}

/** A paired difference (scenario − baseline) with its 95 % CI. */
export interface PairedDifference extends Estimate {
  /** True when the 95 % CI excludes 0 (needs two or more replications). */
  readonly significant: boolean;
}

/** One KPI across the compared scenarios; arrays follow the order of the scenarios. */
export interface KpiComparison extends ComparedKpi {
  /** Each scenario's estimate; null where the scenario has no such KPI (e.g. no outsourced pool). */
  readonly estimates: readonly (Estimate | null)[];
  /** Each scenario minus the first, paired by replication; null for the first and where either lacks the KPI. */
  readonly differences: readonly (PairedDifference | null)[];
}

/** The result of `compareScenarios`. */
export interface ScenarioComparison {
  /** Scenario names; the first is the baseline of the differences. */
  readonly scenarios: readonly string[];
  readonly replications: number;
  readonly kpis: readonly KpiComparison[];
}

/** A scenario's results to compare. */
export interface CompareEntry {
  readonly name: string;
  readonly summary: SimulationSummary;
}

/** The KPIs compared, in table order; one occupancy row per pool is added after `waitSec.p90`. */
export const COMPARED_KPIS: readonly ComparedKpi[] = [
  { path: 'offered', label: 'offered calls', unit: 'count' },
  { path: 'answered', label: 'answered calls', unit: 'count' },
  { path: 'answerRate', label: 'answer rate (answered / offered)', unit: 'rate' },
  { path: 'abandonRate', label: 'abandon rate', unit: 'rate' },
  { path: 'serviceLevel.15', label: 'answered within 15 s / offered', unit: 'rate' },
  { path: 'serviceLevel.20', label: 'answered within 20 s / offered', unit: 'rate' },
  { path: 'serviceLevel.30', label: 'answered within 30 s / offered', unit: 'rate' },
  { path: 'asaSec', label: 'ASA (answered)', unit: 'sec' },
  { path: 'waitSec.p90', label: 'wait p90 (answered)', unit: 'sec' },
  { path: 'cost.perYear', label: 'cost per year', unit: 'money' },
  { path: 'cost.staffPerYear', label: 'staff cost per year', unit: 'money' },
  { path: 'cost.penaltyPerYear', label: 'penalties per year (scenario rule)', unit: 'money' },
  { path: 'cost.perAnsweredCall', label: 'cost per answered call', unit: 'money' },
  { path: 'surveyParticipation', label: 'survey participation', unit: 'rate' },
  { path: 'satisfactionStrict', label: 'satisfaction (strict)', unit: 'rate' },
  { path: 'satisfactionLenient', label: 'satisfaction (lenient)', unit: 'rate' },
];

/** One replication's value of a KPI path; undefined when the replication has no such KPI. */
export function replicationValue(r: ReplicationResult, path: string): number | undefined {
  const [head, ...rest] = path.split('.');
  let node: unknown =
    head === 'occupancy'
      ? r.occupancyByPool
      : head === 'cost'
        ? r.cost
        : (r.kpis as unknown as Record<string, unknown>)[head!];
  for (const key of rest) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : undefined;
}

/** Rows added after `cost.staffPerYear` when any compared scenario names a contract. */
const CONTRACT_KPIS: readonly ComparedKpi[] = [
  { path: 'cost.contractPricePerYear', label: 'contract price per year', unit: 'money' },
  { path: 'cost.contractPenaltyPerYear', label: 'contract penalties per year', unit: 'money' },
];

/**
 * The KPI list for these scenarios: the fixed list with an occupancy row per
 * pool any of them has, and the contract price and penalty rows when any of them names a contract.
 */
function kpiList(entries: readonly CompareEntry[]): ComparedKpi[] {
  const pools = [
    ...new Set(entries.flatMap((e) => e.summary.replications.flatMap((r) => Object.keys(r.occupancyByPool)))),
  ].sort();
  const at = COMPARED_KPIS.findIndex((k) => k.path === 'waitSec.p90') + 1;
  const occupancy = pools.map(
    (pool): ComparedKpi => ({ path: `occupancy.${pool}`, label: `occupancy ${pool}`, unit: 'rate' }),
  );
  const list = [...COMPARED_KPIS.slice(0, at), ...occupancy, ...COMPARED_KPIS.slice(at)];
  if (!entries.some((e) => e.summary.replications.some((r) => r.cost.contracts.length > 0))) return list;
  const staff = list.findIndex((k) => k.path === 'cost.staffPerYear') + 1;
  return [...list.slice(0, staff), ...CONTRACT_KPIS, ...list.slice(staff)];
}

function checkPaired(entries: readonly CompareEntry[]): number {
  if (entries.length === 0)
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      'compareScenarios: no scenarios given; give at least one (the first is the baseline).',
    );
  const first = entries[0]!;
  const n = first.summary.replications.length;
  for (const e of entries.slice(1)) {
    const reps = e.summary.replications;
    if (reps.length !== n) {
      throw new HotlineError(
        'HOTLINE_ARGUMENT_INVALID',
        `compareScenarios: "${e.name}" has ${reps.length} replications but "${first.name}" has ${n}; paired differences need the same replication count and seed for every scenario (hotline compare runs them so; pass --replications to choose).`,
      );
    }
    reps.forEach((r, i) => {
      const base = first.summary.replications[i]!;
      if (r.replication !== base.replication) {
        throw new HotlineError(
          'HOTLINE_ARGUMENT_INVALID',
          `compareScenarios: replication ${i} of "${e.name}" is index ${r.replication} but of "${first.name}" index ${base.replication}; run both with the same replications.`,
        );
      }
    });
  }
  return n;
}

function rows(entries: readonly CompareEntry[], paired: boolean): KpiComparison[] {
  return kpiList(entries).map((kpi): KpiComparison => {
    const columns = entries.map((e) => e.summary.replications.map((r) => replicationValue(r, kpi.path)));
    const present = columns.map((values) => values.some((v) => v !== undefined));
    const estimates = entries.map((e, i) =>
      present[i] ? (e.summary.estimates.get(kpi.path) ?? meanCi(columns[i]!.map((v) => v ?? NaN))) : null,
    );
    const base = columns[0]!;
    const differences = columns.map((values, i): PairedDifference | null => {
      if (!paired || i === 0 || !present[0] || !present[i]) return null;
      const d = meanCi(values.map((v, r) => (v ?? NaN) - (base[r] ?? NaN)));
      return { ...d, significant: d.n > 1 && (d.ci[0] > 0 || d.ci[1] < 0) };
    });
    return { ...kpi, estimates, differences };
  });
}

/**
 * The compared KPIs of scenarios side by side, estimates only (every
 * difference null): for scenarios that were not run with the same seed and
 * replications, where differences would not be paired.
 */
export function tabulateScenarios(entries: readonly CompareEntry[]): KpiComparison[] {
  return rows(entries, false);
}

/**
 * Compares scenarios on the KPIs planners decide on (`COMPARED_KPIS`, plus
 * occupancy per pool). Each scenario gets its estimate; every scenario after
 * the first gets its difference from the first, as the mean and 95 % CI of
 * the per-replication differences. Replication i of every scenario must come
 * from the same seed and index, so both saw the same random streams (common
 * random numbers) and the pairing removes their shared noise: a scenario
 * compared with itself differs by exactly 0, CI [0, 0].
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID when the scenarios' replication counts or indices differ.
 * @example compareScenarios([{ name: 'in-house', summary: a }, { name: 'hybrid', summary: b }])
 */
export function compareScenarios(entries: readonly CompareEntry[]): ScenarioComparison {
  const replications = checkPaired(entries);
  return { scenarios: entries.map((e) => e.name), replications, kpis: rows(entries, true) };
}

/** A flat row per (KPI, scenario after the first): the `differences` list of `hotline compare --json`. */
export interface DifferenceRow {
  readonly kpi: string;
  readonly scenario: string;
  readonly baseline: string;
  readonly mean: number;
  readonly ci: readonly [number, number];
  readonly halfWidth: number;
  readonly n: number;
  readonly significant: boolean;
}

/** The comparison's differences as flat rows, KPI by KPI. */
export function differenceRows(c: ScenarioComparison): DifferenceRow[] {
  return c.kpis.flatMap((k) =>
    k.differences.flatMap((d, i) =>
      d === null
        ? []
        : [
            {
              kpi: k.path,
              scenario: c.scenarios[i]!,
              baseline: c.scenarios[0]!,
              mean: d.mean,
              ci: d.ci,
              halfWidth: d.halfWidth,
              n: d.n,
              significant: d.significant,
            },
          ],
    ),
  );
}
