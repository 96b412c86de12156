import { intervalOccupancy } from '../../planning/interval-occupancy.js';
import type { DayHourServiceLevel } from '../../planning/day-hour-service-level.js';
import type { SimulationSummary } from '../../planning/run-scenario.js';
import { checkTargets } from '../../planning/target-check.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { Figure, ScenarioCharts } from './planner-wire.js';

function figure(summary: SimulationSummary, path: string): Figure {
  const e = summary.estimates.get(path);
  if (!e || !Number.isFinite(e.mean)) return { mean: null, low: null, high: null };
  const finite = (x: number) => (Number.isFinite(x) ? x : e.mean);
  return { mean: e.mean, low: finite(e.ci[0]), high: finite(e.ci[1]) };
}

const mean = (summary: SimulationSummary, path: string) => summary.estimates.get(path)?.mean ?? 0;

function waitTail(summary: SimulationSummary): ScenarioCharts['waitTail'] {
  const totals: number[] = [];
  let binSec = 5;
  for (const r of summary.replications) {
    binSec = r.kpis.waitHistogram.binSec;
    r.kpis.waitHistogram.counts.forEach((c, i) => {
      totals[i] = (totals[i] ?? 0) + c;
    });
  }
  const all = totals.reduce((a, b) => a + (b ?? 0), 0);
  const sec: number[] = [];
  const share: number[] = [];
  let above = all;
  for (let i = 0; i < totals.length && all > 0; i += 1) {
    above -= totals[i] ?? 0;
    if (above <= 0) break;
    sec.push((i + 1) * binSec);
    share.push(above / all);
  }
  return { sec, share };
}

/** The charts' data of one scenario's run; `heatmap` from its replication 0 (DayHourCounter). */
export function scenarioCharts(
  name: string,
  scenario: Scenario,
  summary: SimulationSummary,
  options: { readonly replications: number; readonly seed: number; readonly heatmap: DayHourServiceLevel | null },
): ScenarioCharts {
  const targetSec = scenario.targets.answer_within_sec;
  const count = summary.replications[0]?.byInterval.length ?? 0;
  const hours = Array.from({ length: count }, (_, i) => {
    const minutes = Math.round((i * 1440) / count);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
  const offered = hours.map((_, i) => summary.estimates.get(`byInterval.${i}.offered`)?.mean ?? null);
  // An interval nobody called in has no service level: null, not 0, so the line breaks there.
  const byHour = (path: string) =>
    hours.map((_, i) => ((offered[i] ?? 0) > 0 ? figure(summary, `byInterval.${i}.${path}`) : figure(summary, '-')));
  const byPool: Record<string, number> = {};
  for (const [path, e] of summary.estimates) if (path.startsWith('cost.byPool.')) byPool[path.slice(12)] = e.mean;
  return {
    name,
    inputs: {
      targets: scenario.targets,
      callsPerDay: scenario.demand.calls_per_day ?? null,
      replications: options.replications,
      seed: options.seed,
      pools: scenario.pools.map((p) => ({
        name: p.name,
        pool: p.pool,
        agents:
          p.agents ?? Math.max(0, ...(p.agents_by_hour ?? [])) + (p.shifts ?? []).reduce((a, s) => a + s.agents, 0),
        shrinkage: p.shrinkage,
      })),
    },
    hours,
    serviceLevelByHour: byHour(`serviceLevel.${targetSec}`),
    abandonByHour: byHour('abandonRate'),
    occupancyByHour: intervalOccupancy(scenario, summary.replications),
    offeredByHour: offered,
    waitTail: waitTail(summary),
    heatmap: options.heatmap,
    serviceLevel: figure(summary, `serviceLevel.${targetSec}`),
    abandonRate: figure(summary, 'abandonRate'),
    cost: {
      perYear: figure(summary, 'cost.perYear'),
      staffPerYear: mean(summary, 'cost.staffPerYear'),
      byPool,
      contractPricePerYear: mean(summary, 'cost.contractPricePerYear'),
      penaltiesPerYear: mean(summary, 'cost.penaltyPerYear') + mean(summary, 'cost.contractPenaltyPerYear'),
    },
    meetsTargets: checkTargets(summary, scenario.targets).met,
  };
}
