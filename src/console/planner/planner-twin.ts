import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { HotlineError } from '../../errors.js';
import { prepareScenario } from '../../planning/flow-registry.js';
import { RecordDays, resolvePeriod } from '../../planning/record-period.js';
import { isSqliteFile, kpisOfSource, storeSource } from '../../planning/records-source.js';
import { runTwin, twinScenario, type TwinResult } from '../../planning/twin.js';
import { estimateRun } from '../../scenario/run-estimate.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { JobContext } from './planner-jobs.js';

/**
 * The records store a twin job reads: `spec` resolved against the working folder, links followed, and refused unless
 * it is a SQLite store (hotline serve, hotline import) inside that folder: a page cannot make the server read a file
 * elsewhere.
 */
export function twinRecordsPath(cwd: string, spec: string): string {
  const refuse = () =>
    new HotlineError(
      'HOTLINE_PLANNER_REQUEST_INVALID',
      `records "${spec.slice(0, 200)}": the planner's twin reads a SQLite store (hotline serve, hotline import) inside the working folder; for a CSV export run hotline twin --records FILE.csv --map MAP.yaml.`,
      { fields: { records: 'a SQLite store inside the working folder' } },
    );
  // A path outside the folder is refused before it is looked at: the answer tells nothing of files elsewhere.
  if (!resolve(cwd, spec).startsWith(`${resolve(cwd)}${sep}`)) throw refuse();
  let real: string;
  try {
    real = realpathSync(resolve(cwd, spec));
  } catch {
    throw new HotlineError(
      'HOTLINE_PLANNER_NOT_FOUND',
      `records "${spec.slice(0, 200)}": no such file in the working folder; give a SQLite store's path relative to it (e.g. data/hotline.db).`,
    );
  }
  const base = realpathSync(cwd);
  if (!real.startsWith(`${base}${sep}`) || !statSync(real).isFile() || !isSqliteFile(real)) throw refuse();
  return real;
}

/** How a twin job runs (the CLI's `hotline twin` options a page may give). */
export interface TwinJobOptions {
  readonly replications?: number;
  readonly seed?: number;
  /** The hotline's IANA time zone: the period's local days (default Asia/Shanghai, as hotline twin). */
  readonly timeZone?: string;
  /** Most simulated calls the job may make. */
  readonly maxCalls: number;
}

/**
 * `hotline twin` for the planner: the store's whole local days (the planning layer's period rule, resolvePeriod),
 * their KPIs (kpisOfSource) and the scenario's prediction for the same days (runTwin); answers the verdicts.
 */
export async function runTwinJob(
  scenario: Scenario,
  recordsPath: string,
  options: TwinJobOptions,
  context: JobContext,
): Promise<{ result: { kind: 'twin'; twin: TwinResult } }> {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const source = storeSource(recordsPath);
  const days = new RecordDays(timeZone);
  await source.readArrivals({}, (sec) => days.add(sec));
  if (days.perDay.size === 0)
    throw new HotlineError(
      'HOTLINE_PLANNER_REQUEST_INVALID',
      'the records store has no record; the twin needs a period of records.',
      {
        fields: { records: 'no records' },
      },
    );
  const { period, notes } = resolvePeriod(days, {}, 'the records store');
  const replications = options.replications ?? Math.max(2, scenario.replications);
  const calls = estimateRun(twinScenario(scenario, period)).callsPerReplication * replications;
  if (!(calls <= options.maxCalls))
    throw new HotlineError(
      'HOTLINE_PLANNER_REQUEST_INVALID',
      `the twin of ${period.days} days would simulate about ${Math.round(calls).toLocaleString('en-US')} calls, more than the console's bound of ${options.maxCalls.toLocaleString('en-US')}; lower replications, or run hotline twin.`,
    );
  const thresholdSec = scenario.targets.answer_within_sec;
  const report = await kpisOfSource(source, {
    timeZone,
    fromSec: period.fromSec,
    toSec: period.toSec,
    kpi: { thresholdsSec: [...new Set([15, thresholdSec])], serviceLevelFrom: 'queue' },
  });
  await prepareScenario(scenario);
  context.progress(0, replications);
  const twin = await runTwin(scenario, { kpis: report.kpis, records: report.window.records, notes }, period, {
    seed: options.seed ?? scenario.seed,
    replications,
    workers: 1,
    signal: context.signal,
    onProgress: (done, total) => context.progress(done, total),
  });
  return { result: { kind: 'twin', twin } };
}
