import { meanCi, type Estimate } from '../analysis/confidence.js';
import { scenarioCost, type CostResult } from './costs.js';
import { KpiAccumulator, type Kpis } from '../analysis/kpis.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { buildSimModel } from './build-model.js';
import { ContractKpis } from './contract-kpis.js';
import { runCallCentre, type SimRunStats } from '../sim/call-centre-sim.js';
import type { RecordSink } from '../sim/sim-state.js';
import { InvalidHandleShare } from './staff-behaviour-model.js';

/** Options of a simulation run. */
export interface SimulateOptions {
  readonly seed: number;
  readonly replications: number;
  /** First calls per replication (overrides horizon.calls). */
  readonly calls?: number;
  /** Also receives every record (e.g. a CSV writer); the object is reused. */
  readonly sink?: (replication: number) => RecordSink;
}

/** One replication's results. */
export interface ReplicationResult {
  readonly replication: number;
  readonly kpis: Kpis;
  /** KPIs by interval of the day (calls counted by arrival time), e.g. 24 hourly rows. */
  readonly byInterval: readonly Kpis[];
  readonly cost: CostResult;
  /** Busy / on-duty agent time per pool while calls arrived. */
  readonly occupancyByPool: Readonly<Record<string, number>>;
  readonly stats: SimRunStats;
  /** With behaviour.screening: the share of agent time invalid requests took (InvalidHandleShare); else absent. */
  readonly invalidHandleShare?: number;
}

/**
 * Runs replication `replication` of a scenario; deterministic in (scenario, seed, replication). `countUntilSec`:
 * calls arriving at or after this (run seconds) are left out of the KPIs (default: every call, redials after the
 * horizon included; `hotline twin` counts its period only, as it counts the records).
 */
export function runReplication(
  scenario: Scenario,
  seed: number,
  replication: number,
  calls?: number,
  extraSink?: RecordSink,
  countUntilSec?: number,
): ReplicationResult {
  const model = buildSimModel(scenario, calls === undefined ? { seed, replication } : { seed, replication, calls });
  const options = {
    warmupSec: scenario.warmup_minutes * 60,
    thresholdsSec: [...new Set([15, 20, 30, scenario.targets.answer_within_sec])].sort((a, b) => a - b),
    ...(countUntilSec === undefined ? {} : { untilSec: countUntilSec }),
  };
  const accumulator = new KpiAccumulator(options);
  const intervalSec = scenario.interval_minutes * 60;
  const perDay = Math.max(1, Math.round(86400 / intervalSec));
  // Interval accumulators bin waits to 10 minutes only: 24 full-size histograms would cost 7 MB per replication.
  const intervals = Array.from({ length: perDay }, () => new KpiAccumulator({ ...options, histogramMaxSec: 600 }));
  const contracts = new ContractKpis(scenario, options);
  const count: RecordSink = contracts.empty
    ? (r) => {
        accumulator.add(r);
        intervals[Math.floor((r.arrivalSec % 86400) / intervalSec) % perDay]!.add(r);
      }
    : (r) => {
        accumulator.add(r);
        intervals[Math.floor((r.arrivalSec % 86400) / intervalSec) % perDay]!.add(r);
        contracts.add(r);
      };
  const invalidTypes = scenario.behaviour?.screening?.invalid_types;
  const invalidShare = invalidTypes ? new InvalidHandleShare(invalidTypes, scenario.warmup_minutes * 60) : null;
  const counted: RecordSink = invalidShare
    ? (r, run) => {
        count(r, run);
        invalidShare.add(r);
      }
    : count;
  const sink: RecordSink = extraSink
    ? (r, run) => {
        counted(r, run);
        extraSink(r, run);
      }
    : counted;
  const stats = runCallCentre(model, seed, replication, sink);
  const kpis = accumulator.result();
  const byInterval = intervals.map((a) => a.result());
  const cost = scenarioCost(scenario, scenario.warmup_minutes * 60, stats.arrivalsEndSec, kpis, contracts.result());
  // Occupancy over the counted window: busy time of counted calls / agent time on duty from the warm-up's end to the last arrival.
  const occupancyByPool = Object.fromEntries(
    Object.entries(stats.staffedSecByPool)
      .sort()
      .map(([pool, staffed]) => [pool, (kpis.busySecByPool[pool] ?? 0) / staffed]),
  );
  return {
    replication,
    kpis,
    byInterval,
    cost,
    occupancyByPool,
    stats,
    ...(invalidShare ? { invalidHandleShare: invalidShare.result() } : {}),
  };
}

/** A number tree with the shape of the KPIs. */
type Tree = { [key: string]: number | Tree };

function flatten(value: unknown, prefix: string, out: Map<string, number>): void {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

function unflatten(entries: Map<string, unknown>): Tree {
  const root: Tree = {};
  for (const [path, value] of entries) {
    const keys = path.split('.');
    let node: Tree = root;
    keys.slice(0, -1).forEach((k) => {
      node = (node[k] ??= {}) as Tree;
    });
    node[keys.at(-1)!] = value as number;
  }
  return root;
}

/** Results across replications: point estimates (means) and 95 % confidence intervals, in the KPIs' shape. */
export interface SimulationSummary {
  readonly replications: readonly ReplicationResult[];
  /** Mean over replications of each KPI (and `occupancy` per pool). */
  readonly kpis: Tree;
  /** [low, high] of each KPI's 95 % confidence interval. */
  readonly ci: Tree;
  readonly estimates: ReadonlyMap<string, Estimate>;
  /** First calls simulated in all replications. */
  readonly calls: number;
}

/** Summarises replication results into means and confidence intervals. */
export function summarise(replications: readonly ReplicationResult[]): SimulationSummary {
  const flats = replications.map((r) => {
    const flat = new Map<string, number>();
    // A replication's exact counts and Wilson intervals describe one sample; across replications `ci` is the interval.
    const { counts: _counts, intervals: _intervals, ...kpis } = r.kpis;
    flatten(
      {
        ...kpis,
        occupancy: r.occupancyByPool,
        cost: {
          perYear: r.cost.perYear,
          perAnsweredCall: r.cost.perAnsweredCall,
          penaltyPerYear: r.cost.penaltyPerYear,
          staffPerYear: r.cost.staffPerYear,
          contractPricePerYear: r.cost.contractPricePerYear,
          contractPenaltyPerYear: r.cost.contractPenaltyPerYear,
          byPool: r.cost.byPool,
          fteByPool: r.cost.fteByPool,
        },
        byInterval: r.byInterval.map((k) => ({
          offered: k.offered,
          answered: k.answered,
          abandoned: k.abandoned,
          abandonRate: k.abandonRate,
          serviceLevel: k.serviceLevel,
          asaSec: k.asaSec,
        })),
        ...(r.invalidHandleShare !== undefined ? { invalidHandleShare: r.invalidHandleShare } : {}),
        ...(r.stats.agentsReplacedByGroup ? { agentsReplaced: r.stats.agentsReplacedByGroup } : {}),
      },
      '',
      flat,
    );
    return flat;
  });
  // A key missing from a replication (an outcome that never happened there) counts as 0, not as absent.
  const keys = [...new Set(flats.flatMap((f) => [...f.keys()]))];
  const columns = new Map(keys.map((k) => [k, flats.map((f) => f.get(k) ?? 0)]));
  const estimates = new Map([...columns].map(([k, values]) => [k, meanCi(values)]));
  return {
    replications,
    kpis: unflatten(new Map([...estimates].map(([k, e]) => [k, e.mean]))),
    ci: unflatten(new Map([...estimates].map(([k, e]) => [k, e.ci]))),
    estimates,
    calls: replications.reduce((a, r) => a + r.stats.calls, 0),
  };
}

/** Runs all replications in this thread, in order. */
export function simulate(scenario: Scenario, options: SimulateOptions): SimulationSummary {
  const results: ReplicationResult[] = [];
  for (let r = 0; r < options.replications; r += 1) {
    results.push(runReplication(scenario, options.seed, r, options.calls, options.sink?.(r)));
  }
  return summarise(results);
}
