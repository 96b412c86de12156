import { resolve } from 'node:path';
import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import { prepareScenario } from '../planning/flow-registry.js';
import { TWIN_KPIS, type TwinKpiKind } from '../planning/twin-kpis.js';
import { dayWindow, RecordDays, resolvePeriod } from '../planning/record-period.js';
import { runTwin, twinScenario, type TwinResult } from '../planning/twin.js';
import { parseKpiQuery } from '../store/kpi-query.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { checkRunSize, DEFAULT_MAX_SIM_CALLS, integerOption, type PlanningDeps } from './command-options.js';
import { kpisOfSource, kpisSource, type KpisSource } from './kpis-source.js';
import { isSqliteFile } from '../planning/records-source.js';
import { replicationProgress } from './replication-progress.js';
import { SCENARIOS_DIR } from './simulate-command.js';

/** What `hotline twin` needs from outside. */
export interface TwinDeps extends PlanningDeps {
  readonly env: NodeJS.ProcessEnv;
}

/** The parsed flags of one `hotline twin` run. */
interface TwinFlags extends FlowFlags {
  readonly scenario: string;
  readonly records: string;
  readonly map?: string;
  readonly from?: string;
  readonly to?: string;
  readonly tz: string;
  readonly replications?: string;
  readonly level?: string;
  readonly seed?: string;
  readonly workers: string;
  readonly maxCalls?: string;
  readonly json?: boolean;
}

/** The records' source: a SQLite store (`hotline serve`, `hotline import`) or a records CSV (with --map: an export). */
async function recordsSource(flags: TwinFlags, deps: TwinDeps): Promise<KpisSource> {
  const path = resolve(deps.cwd, flags.records);
  if (isSqliteFile(path)) {
    if (flags.map !== undefined)
      throw new HotlineError(
        'HOTLINE_OPTION_INVALID',
        `--map reads a CSV export, but ${flags.records} is a SQLite store; drop --map.`,
      );
    return kpisSource({ db: flags.records }, deps);
  }
  return kpisSource({ records: flags.records, ...(flags.map === undefined ? {} : { map: flags.map }) }, deps);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
/** A level as a percentage without trailing zeros: 0.95 → 95, 0.994884 → 99.49. */
const pctOf = (x: number): string => String(Number((x * 100).toFixed(2)));
const fmt = (kind: TwinKpiKind, x: number): string =>
  kind === 'rate' ? pct(x) : kind === 'sec' ? `${x.toFixed(1)} s` : x.toFixed(1);

/** The human table: one line per KPI (actual, predicted, interval, verdict), the skipped ones, the verdict. */
export function twinTable(t: TwinResult, source: string): string {
  const p = t.period;
  const tail = pctOf((1 - t.perKpiLevel) / 2);
  const method =
    t.method === 'quantiles'
      ? `empirical ${tail}/${pctOf(1 - (1 - t.perKpiLevel) / 2)} % quantiles`
      : "mean ± t·sd·√(1 + 1/n) (Student's t)";
  const judged = Object.keys(t.kpis).length;
  const lines = [
    `twin of ${t.scenario} on ${source}: ${p.from} to ${p.to} (${p.days} day${p.days > 1 ? 's' : ''} from ${p.startDay}, ${p.timeZone}), ${t.records} records`,
    `${t.replications} replications, seed ${t.seed}; all ${judged} KPIs judged together at ${pctOf(t.level)} %: each at ${pctOf(t.perKpiLevel)} % (Šidák), ${method}`,
  ];
  const rows = [['KPI', 'actual', 'predicted', `${pctOf(t.perKpiLevel)} % prediction interval`, 'verdict']];
  for (const d of TWIN_KPIS) {
    const k = t.kpis[d.name];
    if (k === undefined) continue;
    const actual = d.kind === 'count' ? String(k.actual) : fmt(d.kind, k.actual);
    const interval = `[${fmt(d.kind, k.low)}, ${fmt(d.kind, k.high)}]`;
    rows.push([
      d.label(t.serviceLevelSec),
      actual,
      fmt(d.kind, k.predicted),
      interval,
      k.inside ? 'inside' : 'OUTSIDE',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    lines.push(`  ${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')}`);
  for (const note of t.notes) lines.push(`  note: ${note}`);
  for (const d of TWIN_KPIS) {
    const why = t.skipped[d.name];
    if (why !== undefined) lines.push(`  skipped: ${d.label(t.serviceLevelSec)}: ${why}`);
  }
  const outside = TWIN_KPIS.filter((d) => t.kpis[d.name]?.inside === false).map((d) => d.label(t.serviceLevelSec));
  lines.push(
    outside.length === 0
      ? `verdict: every KPI inside its prediction interval (a scenario that made the records passes ${pctOf(t.level)} % of periods)`
      : `verdict: ${outside.length} KPI${outside.length > 1 ? 's' : ''} outside: ${outside.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Replications when --replications is not given and the scenario has fewer: a stable Student-t interval at 99.5 %. */
const TWIN_DEFAULT_REPLICATIONS = 40;

/** --level: a share in [0.5, 0.9999]. */
function levelOption(text: string): number {
  const level = Number(text);
  if (!/^\s*[0-9.]+\s*$/.test(text) || !(level >= 0.5 && level <= 0.9999))
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--level: "${text}" is not a share from 0.5 to 0.9999; give e.g. 0.95.`,
    );
  return level;
}

/**
 * `hotline twin --scenario S --records R [--map M] [--from ISO] [--to ISO] [--tz ZONE] [--replications N] [--level P]
 * [--seed S] [--workers N] [--max-calls N] [--json]`: the records' KPIs beside the scenario's prediction for their period; the
 * exit code goes to `result.code` (1 when a KPI falls outside its prediction interval).
 */
export function registerTwinCommand(program: Command, deps: TwinDeps, result: { code: number }): void {
  withFlowOptions(program.command('twin'))
    .description("check a scenario against the line's records: each KPI inside the simulation's prediction interval?")
    .requiredOption('--scenario <file>', 'scenario YAML file, or a name in scenarios/')
    .requiredOption('--records <file>', 'a SQLite store (hotline serve, hotline import) or a records CSV')
    .option('--map <file>', "with a CSV: YAML map of another system's export (as hotline import takes it)")
    .option('--from <iso>', "the period's first day, ISO 8601 (default: the first record's day; whole local days)")
    .option(
      '--to <iso>',
      "the first day after the period, ISO 8601 (default: the last record's day, a sparse last day left out)",
    )
    .option('--tz <zone>', "the hotline's IANA time zone: the period's local days", 'Asia/Shanghai')
    .option(
      '--replications <n>',
      `replications, at least 2 (default: the scenario's, at least ${TWIN_DEFAULT_REPLICATIONS}; quantiles from 2/(1 − per-KPI level))`,
    )
    .option(
      '--level <p>',
      'family-wise level: the chance a scenario that made the records passes on every KPI, 0.5-0.9999',
      '0.95',
    )
    .option('--seed <s>', "random seed (default: the scenario's)")
    .option('--workers <n>', 'worker threads for replications (results are identical to a serial run)', '1')
    .option(
      '--max-calls <n>',
      `refuse runs estimated above this many simulated calls (default ${DEFAULT_MAX_SIM_CALLS})`,
    )
    .option(
      '--json',
      'print { period, replications, level, perKpiLevel, kpis: { <name>: { actual, predicted, low, high, inside } }, inside }',
    )
    .action(async (flags: TwinFlags) => {
      const workers = integerOption(flags.workers, '--workers', 1, 256) ?? 1;
      const maxCalls = integerOption(flags.maxCalls, '--max-calls', 1, 1e12) ?? DEFAULT_MAX_SIM_CALLS;
      const flagReplications = integerOption(flags.replications, '--replications', 2, 10000);
      const flagSeed = integerOption(flags.seed, '--seed', -2147483648, 4294967295);
      const query = parseKpiQuery(
        {
          tz: flags.tz,
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
        },
        'flag',
      );
      if (!query.ok) throw new HotlineError('HOTLINE_OPTION_INVALID', query.problem);
      const tz = flags.tz;
      const { scenario, file } = await loadRunnableScenario(
        flags.scenario,
        deps.cwd,
        SCENARIOS_DIR,
        flowReferenceOptions(flags, deps.cwd),
      );
      const level = levelOption(flags.level ?? '0.95');
      const replications = flagReplications ?? Math.max(TWIN_DEFAULT_REPLICATIONS, scenario.replications);
      if (replications < 2)
        throw new HotlineError(
          'HOTLINE_OPTION_INVALID',
          `${file}: replications is 1; a prediction interval needs at least 2: give --replications (40 or more for empirical quantiles).`,
        );
      const seed = flagSeed ?? scenario.seed;
      const source = await recordsSource(flags, deps);
      // The period is whole local days, as calibrate reads it (record-period.ts): one pass finds the records' days.
      const recordDays = new RecordDays(tz);
      await source.readArrivals(dayWindow(query.options, tz), (sec) => recordDays.add(sec));
      if (recordDays.perDay.size === 0 && !Number.isFinite(recordDays.lastSec))
        throw new HotlineError(
          'HOTLINE_OPTION_INVALID',
          `${flags.records}: no record arrives${flags.from === undefined ? '' : ` from ${flags.from}`}${flags.to === undefined ? '' : ` before ${flags.to}`} (${tz}); check --from, --to and --tz.`,
        );
      const { period, notes } = resolvePeriod(recordDays, query.options, flags.records);
      const thresholdSec = scenario.targets.answer_within_sec;
      const report = await kpisOfSource(source, {
        timeZone: tz,
        fromSec: period.fromSec,
        toSec: period.toSec,
        kpi: { thresholdsSec: [...new Set([15, thresholdSec])], serviceLevelFrom: 'queue' },
      });
      checkRunSize('twin', [{ scenario: twinScenario(scenario, period), file }], { replications, maxCalls });
      await prepareScenario(scenario, deps.cwd);
      const bar = replicationProgress({ interactive: deps.interactive, json: Boolean(flags.json) });
      bar?.start(replications, 0);
      const actual = { kpis: report.kpis, records: report.window.records, notes };
      const twin = await runTwin(scenario, actual, period, {
        seed,
        replications,
        workers,
        level,
        onProgress: (done) => bar?.update(done),
      });
      bar?.stop();
      deps.stdout(flags.json ? `${JSON.stringify(twin)}\n` : twinTable(twin, flags.records));
      result.code = twin.inside ? 0 : 1;
    });
}
