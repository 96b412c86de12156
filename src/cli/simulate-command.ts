import { mkdirSync, writeFileSync } from 'node:fs';
import { replicationProgress } from './replication-progress.js';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { checkRunSize, DEFAULT_MAX_SIM_CALLS, integerOption, type PlanningDeps } from './command-options.js';
import { renderReport } from '../report/html-report.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import { prepareScenario } from '../planning/flow-registry.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { simulateReplications } from '../planning/parallel-replications.js';
import type { SimulationSummary } from '../planning/run-scenario.js';
import { summariseContracts } from '../planning/contract-summary.js';
import { contractText } from '../report/contract-text.js';
import { HotlineError } from '../errors.js';
import { openRecordsOut, recordsDayZeroSec } from './records-out.js';

/** The repository's scenarios folder. */
export const SCENARIOS_DIR = resolve(fileURLToPath(new URL('../../scenarios', import.meta.url)));

/** What the simulate command needs from outside. */
export type SimulateDeps = PlanningDeps;

/** A rate as a percentage; interval ends are clipped to 0–100 % for display (the JSON keeps the raw Student-t bounds). */
const pct = (x: unknown) =>
  typeof x === 'number' && Number.isFinite(x) ? `${(Math.min(1, Math.max(0, x)) * 100).toFixed(2)} %` : '-';
const sec = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(1)} s` : '-');
const money = (x: unknown) =>
  typeof x === 'number' && Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-';
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(1) : '-');

/** The rows of the human table: label, KPI path, formatter. */
const ROWS: readonly [string, string, (x: unknown) => string][] = [
  ['offered', 'offered', num],
  ['answered', 'answered', num],
  ['abandoned', 'abandoned', num],
  ['answer rate', 'answerRate', pct],
  ['abandon rate', 'abandonRate', pct],
  ['answered within 15 s / offered', 'serviceLevel.15', pct],
  ['answered within 20 s / offered', 'serviceLevel.20', pct],
  ['answered within 30 s / offered', 'serviceLevel.30', pct],
  ['answered within 15 s / answered', 'serviceLevelOfAnswered.15', pct],
  ['ASA (answered)', 'asaSec', sec],
  ['mean wait (all offered)', 'meanWaitAllSec', sec],
  ['wait p50', 'waitSec.p50', sec],
  ['wait p90', 'waitSec.p90', sec],
  ['wait p99', 'waitSec.p99', sec],
  ['wait max', 'waitSec.max', sec],
  ['IVR time', 'ivrSec', sec],
  ['occupancy in-house', 'occupancy.in-house', pct],
  ['occupancy outsourced', 'occupancy.outsourced', pct],
  ['invalid requests / agent time', 'invalidHandleShare', pct],
  ['satisfaction (strict)', 'satisfactionStrict', pct],
  ['satisfaction (lenient)', 'satisfactionLenient', pct],
  ['staff cost per year', 'cost.staffPerYear', money],
  ['contract price per year', 'cost.contractPricePerYear', money],
  ['contract penalties per year', 'cost.contractPenaltyPerYear', money],
  ['penalties per year (scenario rule)', 'cost.penaltyPerYear', money],
  ['cost per year', 'cost.perYear', money],
];

function table(summary: SimulationSummary): string {
  const contracts = (summary.replications[0]?.cost.contracts.length ?? 0) > 0;
  const shown = ROWS.filter(
    ([, path]) => summary.estimates.has(path) && (contracts || !path.startsWith('cost.contract')),
  );
  const lines = shown.map(([label, path, fmt]) => {
    const e = summary.estimates.get(path)!;
    return [label, fmt(e.mean), e.n > 1 ? `[${fmt(e.ci[0])}, ${fmt(e.ci[1])}]` : ''];
  });
  const w0 = Math.max(...lines.map((l) => l[0]!.length));
  const w1 = Math.max(...lines.map((l) => l[1]!.length));
  return lines.map(([a, b, c]) => `  ${a!.padEnd(w0)}  ${b!.padStart(w1)}  ${c}`).join('\n');
}

/** KPIs by interval of the day: offered calls, service level at the target threshold, abandonment and ASA, with CIs. */
function hourlyTable(summary: SimulationSummary, targetSec: number): string {
  const rows = [
    `  ${'hour'.padEnd(6)} ${'offered'.padStart(9)}  ${`within ${targetSec} s`.padStart(24)}  ${'abandon'.padStart(24)}  ${'ASA'.padStart(7)}`,
  ];
  const intervals = summary.replications[0]?.byInterval.length ?? 0;
  for (let i = 0; i < intervals; i += 1) {
    const get = (path: string) => summary.estimates.get(`byInterval.${i}.${path}`);
    const offered = get('offered');
    if (!offered || offered.mean === 0) continue;
    const ci = (e: ReturnType<typeof get>) => (e && e.n > 1 ? ` [${pct(e.ci[0])}, ${pct(e.ci[1])}]` : '');
    const sl = get(`serviceLevel.${targetSec}`);
    const ab = get('abandonRate');
    const hh = String(Math.floor((i * 24) / intervals)).padStart(2, '0');
    const mm = String(Math.round((((i * 24) / intervals) % 1) * 60)).padStart(2, '0');
    rows.push(
      `  ${`${hh}:${mm}`.padEnd(6)} ${num(offered.mean).padStart(9)}  ${`${pct(sl?.mean)}${ci(sl)}`.padStart(24)}  ${`${pct(ab?.mean)}${ci(ab)}`.padStart(24)}  ${sec(get('asaSec')?.mean).padStart(7)}`,
    );
  }
  return rows.join('\n');
}

/** `hotline simulate SCENARIO`: runs the scenario's replications and prints KPIs with 95 % confidence intervals. */
export function registerSimulateCommand(program: Command, deps: SimulateDeps): void {
  withFlowOptions(program.command('simulate'))
    .argument('<scenario>', 'scenario YAML file, or a name in scenarios/')
    .description('simulate a scenario in virtual time: KPIs with 95 % confidence intervals over replications')
    .option('--replications <n>', "replications (default: the scenario's)")
    .option('--seed <s>', "random seed (default: the scenario's)")
    .option('--calls <n>', 'first calls per replication (overrides horizon.calls)')
    .option('--workers <n>', 'worker threads for replications (results are identical to a serial run)', '1')
    .option(
      '--max-calls <n>',
      `refuse runs estimated above this many simulated calls (default ${DEFAULT_MAX_SIM_CALLS.toLocaleString('en-US')})`,
    )
    .option('--json', 'print one JSON object on stdout')
    .option('--by-hour', 'also print KPIs by hour of the day (calls counted by arrival hour)')
    .option('--out <dir>', 'also write summary.json, replications.csv and report.html to this folder')
    .option(
      '--records-out <file>',
      "also write replication 0's call records as a records CSV (hotline export's format), by arrival, epoch times",
    )
    .option('--start <date>', "with --records-out: the run's first day, on horizon.start_day (default from 2026-01-05)")
    .option('--tz <zone>', 'with --records-out: the IANA time zone of --start (default Asia/Shanghai)')
    .action(
      async (
        spec: string,
        flags: FlowFlags & {
          replications?: string;
          seed?: string;
          calls?: string;
          workers: string;
          json?: boolean;
          out?: string;
          byHour?: boolean;
          maxCalls?: string;
          recordsOut?: string;
          start?: string;
          tz?: string;
        },
      ) => {
        if (flags.recordsOut === undefined && (flags.start !== undefined || flags.tz !== undefined))
          throw new HotlineError(
            'HOTLINE_OPTION_INVALID',
            `--${flags.start !== undefined ? 'start' : 'tz'} places the records of --records-out in time; add --records-out FILE.csv or drop it.`,
          );
        const calls = integerOption(flags.calls, '--calls', 1, 1e9);
        const workers = integerOption(flags.workers, '--workers', 1, 256) ?? 1;
        const maxCalls = integerOption(flags.maxCalls, '--max-calls', 1, 1e12) ?? DEFAULT_MAX_SIM_CALLS;
        const flagReplications = integerOption(flags.replications, '--replications', 1, 10000);
        const flagSeed = integerOption(flags.seed, '--seed', -2147483648, 4294967295);
        const { scenario, file } = await loadRunnableScenario(
          spec,
          deps.cwd,
          SCENARIOS_DIR,
          flowReferenceOptions(flags, deps.cwd),
        );
        const replications = flagReplications ?? scenario.replications;
        const seed = flagSeed ?? scenario.seed;
        checkRunSize('simulate', [{ scenario, file }], {
          replications,
          maxCalls,
          ...(calls === undefined ? {} : { calls }),
        });
        await prepareScenario(scenario, deps.cwd);
        const tz = flags.tz ?? 'Asia/Shanghai';
        const dayZeroSec =
          flags.recordsOut === undefined ? 0 : recordsDayZeroSec(scenario.horizon.start_day, flags.start, tz);
        const days = scenario.horizon.days;
        const records =
          flags.recordsOut === undefined
            ? undefined
            : openRecordsOut({
                path: resolve(deps.cwd, flags.recordsOut),
                name: flags.recordsOut,
                dayZeroSec,
                ...(days === undefined ? {} : { untilSec: days * 86400 }),
              });
        const bar = replicationProgress({ interactive: deps.interactive, json: Boolean(flags.json) });
        bar?.start(replications, 0);
        const started = deps.monotonicMs();
        let summary: SimulationSummary;
        try {
          summary = await simulateReplications(scenario, {
            seed,
            replications,
            workers,
            ...(calls === undefined ? {} : { calls }),
            ...(records ? { recordSink: records.sink } : {}),
            onProgress: (done) => bar?.update(done),
          });
        } catch (error) {
          records?.abort();
          throw error;
        } finally {
          bar?.stop();
        }
        if (records) {
          const written = records.close();
          const dayZero = DateTime.fromSeconds(dayZeroSec, { zone: tz }).toISO({ suppressMilliseconds: true });
          deps.stderr(
            `hotline: ${written} record(s) of replication 0 written to ${flags.recordsOut} (day 0: ${dayZero})\n`,
          );
        }
        const wallSec = (deps.monotonicMs() - started) / 1000;
        const contracts = summariseContracts(summary.replications);
        const result = {
          scenario: scenario.name,
          seed,
          replications,
          kpis: summary.kpis,
          ci: summary.ci,
          ...(contracts.length > 0 ? { contracts } : {}),
          perf: { calls: summary.calls, wallSec, callsPerSec: summary.calls / wallSec, workers },
        };
        if (flags.out) {
          const dir = resolve(deps.cwd, flags.out);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
          const paths = [...summary.estimates.keys()];
          const csv = [
            ['replication', ...paths].join(','),
            ...summary.replications.map((r) => {
              const flat = new Map<string, number>();
              const walk = (v: unknown, p: string) => {
                if (typeof v === 'number') flat.set(p, v);
                else if (v && typeof v === 'object')
                  for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
              };
              walk({ ...r.kpis, occupancy: r.occupancyByPool }, '');
              return [r.replication, ...paths.map((p) => flat.get(p) ?? '')].join(',');
            }),
          ].join('\n');
          writeFileSync(join(dir, 'replications.csv'), `${csv}\n`);
          writeFileSync(
            join(dir, 'report.html'),
            renderReport({
              title: scenario.name,
              scenarios: [{ name: scenario.name, summary, targets: scenario.targets }],
              seed,
            }),
          );
        }
        if (flags.json) {
          deps.stdout(`${JSON.stringify(result)}\n`);
          return;
        }
        deps.stdout(`${scenario.name}: ${replications} replications, seed ${seed}\n`);
        deps.stdout(`${table(summary)}\n`);
        if (contracts.length > 0) deps.stdout(`${contractText(contracts)}\n`);
        if (flags.byHour) deps.stdout(`${hourlyTable(summary, scenario.targets.answer_within_sec)}\n`);
        deps.stdout(
          `  (${summary.calls.toLocaleString('en-US')} calls in ${wallSec.toFixed(2)} s = ${Math.round(summary.calls / wallSec).toLocaleString('en-US')} calls/s, ${workers} worker${workers > 1 ? 's' : ''})\n`,
        );
      },
    );
}
