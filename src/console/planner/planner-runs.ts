import { compareScenarios, differenceRows } from '../../planning/compare.js';
import { DayHourCounter } from '../../planning/day-hour-service-level.js';
import { prepareScenario } from '../../planning/flow-registry.js';
import { simulateReplications } from '../../planning/parallel-replications.js';
import type { SimulationSummary } from '../../planning/run-scenario.js';
import { planStaffing } from '../../planning/staffing-plan.js';
import { cheapestMeetingTargets } from '../../planning/target-check.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { PlannerReportInput } from '../access/console-view-options.js';
import type { JobContext } from './planner-jobs.js';
import { scenarioCharts } from './planner-chart-data.js';
import type { ScenarioCharts, SimulationResult, StaffResult } from './planner-wire.js';

/** Replication worker threads of a simulate or compare job with enough replications to be worth them. */
export const PLANNER_WORKERS = 2;
/** Replications from which a job uses worker threads (below, starting them costs more than they save). */
export const PLANNER_WORKERS_FROM = 4;

/** A scenario to run: its name in the results and the runnable scenario (contracts and recorded behaviour in). */
export interface RunScenario {
  readonly name: string;
  readonly scenario: Scenario;
}

/** How a job simulates; undefined fields take the scenarios' own values (as the CLI does). */
export interface RunOptions {
  readonly replications?: number;
  readonly seed?: number;
  /** First calls per replication (overrides horizon.calls): a quick look at a long horizon. */
  readonly calls?: number;
}

/** What a simulate or compare job answers: the page's SimulationResult and the paired differences. */
export interface SimulationJobResult extends SimulationResult {
  /** `hotline compare --json`'s differences (compare only). */
  readonly differences: ReturnType<typeof differenceRows>;
}

/**
 * Runs scenarios as `hotline simulate` (one) and `hotline compare` (several) do: every scenario on the same seed and
 * replication count (common random numbers; a cancel stops the job at the next replication and ends its workers), summarised by the planning layer, then turned into chart data. The
 * report input (the CLI's report renderer's) stays on the server for GET /jobs/:id/report.
 */
export async function runSimulations(
  kind: 'simulate' | 'compare',
  runs: readonly RunScenario[],
  options: RunOptions,
  context: JobContext,
): Promise<{ result: SimulationJobResult; report: PlannerReportInput }> {
  const replications = options.replications ?? Math.max(...runs.map((r) => r.scenario.replications));
  const seed = options.seed ?? runs[0]!.scenario.seed;
  const total = replications * runs.length;
  const compared: { name: string; summary: SimulationSummary; targets: Scenario['targets'] }[] = [];
  const charts: ScenarioCharts[] = [];
  context.progress(0, total);
  for (const [i, { name, scenario }] of runs.entries()) {
    await prepareScenario(scenario);
    const heatmap = new DayHourCounter(scenario);
    const summary = await simulateReplications(scenario, {
      seed,
      replications,
      // From PLANNER_WORKERS_FROM replications up, all but replication 0 (the heat map's) run on worker threads of
      // their own, beside the job's thread (runPlannerJobInWorker); the results are the same either way.
      workers: replications >= PLANNER_WORKERS_FROM ? PLANNER_WORKERS : 1,
      signal: context.signal,
      recordSink: heatmap.sink,
      ...(options.calls === undefined ? {} : { calls: options.calls }),
      onProgress: (done) => context.progress(i * replications + done, total),
    });
    compared.push({ name, summary, targets: scenario.targets });
    charts.push(scenarioCharts(name, scenario, summary, { replications, seed, heatmap: heatmap.result() }));
  }
  const comparison = kind === 'compare' ? compareScenarios(compared) : undefined;
  const title = kind === 'compare' ? `Scenario comparison: ${runs.map((r) => r.name).join(' vs ')}` : runs[0]!.name;
  return {
    result: {
      kind,
      seed,
      replications,
      scenarios: charts,
      differences: comparison ? differenceRows(comparison) : [],
      cheapestMeetingTargets: cheapestMeetingTargets(compared)?.scenario.name ?? null,
    },
    report: { title, scenarios: compared, seed, ...(comparison ? { comparison } : {}) },
  };
}

/**
 * Runs `hotline staff`'s planning (planStaffing, the busiest day) and answers the plan; progress counts rounds, and
 * the context's signal stops it at the next round.
 */
export async function runStaffing(
  scenario: Scenario,
  options: RunOptions & { readonly maxRounds?: number },
  context: JobContext,
): Promise<{ result: StaffResult }> {
  const maxRounds = options.maxRounds ?? 10;
  await prepareScenario(scenario);
  context.progress(0, maxRounds);
  const plan = await planStaffing(scenario, {
    workers: 1,
    maxRounds,
    ...(options.replications === undefined ? {} : { replications: options.replications }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    signal: context.signal,
    onRound: (round) => context.progress(Math.min(round.round, maxRounds), maxRounds),
  });
  context.progress(maxRounds, maxRounds);
  return { result: { kind: 'staff', plan } };
}
