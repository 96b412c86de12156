import type { Command } from 'commander';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { KPI_GROUP_KEYS } from '../analysis/kpi-groups.js';
import type { KpiReport, KpiReportOptions } from '../analysis/kpi-report.js';
import type { Kpis } from '../analysis/kpis.js';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { contractRecordsCsv, contractRecordsText } from '../report/contract-records-text.js';
import { SupervisionDataBuilder } from '../report/supervision-data.js';
import { renderSupervisionReport } from '../report/supervision-report.js';
import { agentHoursOption, contractPeriodsOf, unusedAgentHours } from './kpis-contracts.js';
import { prepareOutDir, writeKpisOut } from './kpis-out.js';
import { kpisOfSource, kpisSource, type KpisSourceFlags } from './kpis-source.js';
import { KPI_QUERY_DEFAULTS, parseKpiQuery } from '../store/kpi-query.js';
import { DEFAULT_DB } from './server-config.js';

/** What `hotline kpis` needs from outside. */
export interface KpisCommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Epoch milliseconds: the supervision report's generation time. */
  readonly now: () => number;
}

/** The parsed flags of one `hotline kpis` run. */
interface KpisFlags extends KpisSourceFlags {
  readonly contract: string[];
  readonly agentHours: string[];
  readonly from?: string;
  readonly to?: string;
  readonly by: string[];
  readonly tz: string;
  readonly dayStartHour: string;
  readonly slFrom: string;
  readonly repeatWindowHours: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly out?: string;
}

/** The report options the flags ask for, or a coded error naming the bad flag (the schema GET /admin/kpis shares). */
export function kpisOptions(flags: KpisFlags): KpiReportOptions {
  if (flags.json && flags.csv)
    throw new HotlineError('HOTLINE_OPTION_INVALID', '--json and --csv cannot be combined; pick one output.');
  const parsed = parseKpiQuery(
    {
      by: flags.by,
      tz: flags.tz,
      dayStartHour: flags.dayStartHour,
      slFrom: flags.slFrom,
      repeatWindowHours: flags.repeatWindowHours,
      ...(flags.from === undefined ? {} : { from: flags.from }),
      ...(flags.to === undefined ? {} : { to: flags.to }),
    },
    'flag',
  );
  if (!parsed.ok) throw new HotlineError('HOTLINE_OPTION_INVALID', parsed.problem);
  return parsed.options;
}

/** Every number of a KPI object under dotted names (`serviceLevel.15`, `intervals.abandonRate.low`…). */
function flatKpis(value: unknown, prefix: string, out: Map<string, number>): Map<string, number> {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatKpis(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** One CSV row per group (one `all` row without --by): the group's key columns, then every KPI number. */
export function kpisCsv(report: KpiReport): string {
  const rows =
    report.groups.length > 0 || report.options.by.length > 0
      ? report.groups.map((g) => ({ key: g.key, flat: flatKpis(g.kpis, '', new Map()) }))
      : [{ key: {}, flat: flatKpis(report.kpis, '', new Map()) }];
  const kpiColumns = [...new Set(rows.flatMap((r) => [...r.flat.keys()]))];
  const header = [...report.options.by, ...kpiColumns];
  const body = rows.map((r) => [
    ...report.options.by.map((k) => (r.key as Record<string, string>)[k] ?? ''),
    ...kpiColumns.map((c) => {
      const v = r.flat.get(c);
      return v === undefined || Number.isNaN(v) ? '' : v;
    }),
  ]);
  return stringify([header, ...body]);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-');
const sec = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** A rate with its Wilson interval, e.g. `81.0% [78.1–83.6]`. */
function rateWithInterval(k: Kpis, name: string): string {
  const i = k.intervals[name];
  const value = k.counts[name];
  if (!i || !value || value.denominator === 0) return '-';
  return `${pct(value.numerator / value.denominator)} [${(i.low * 100).toFixed(1)}–${(i.high * 100).toFixed(1)}]`;
}

/** The human table: one line per group (and the total), the headline figures. */
export function kpisTable(report: KpiReport): string {
  const t = report.options.thresholdsSec[0] ?? 15;
  const head = ['group', 'offered', 'answered', 'abandoned', `SL ${t}s (95% CI)`, 'abandon rate', 'ASA s', 'AHT s'];
  head.push('talk s', 'repeat callers', 'survey', 'satisfied');
  const line = (name: string, k: Kpis): string[] => [
    name,
    String(k.offered),
    String(k.answered),
    String(k.abandoned),
    rateWithInterval(k, `serviceLevel.${t}`),
    rateWithInterval(k, 'abandonRate'),
    sec(k.asaSec),
    sec(k.ahtSec),
    sec(k.avgTalkSec),
    pct(k.repeatCallRate),
    pct(k.surveyParticipation),
    pct(k.satisfactionStrict),
  ];
  const rows = [head, ...report.groups.map((g) => line(Object.values(g.key).join(' / '), g.kpis))];
  rows.push(line('all', report.kpis));
  const widths = head.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const o = report.options;
  const title = `${report.window.records} records; service level counted from ${o.serviceLevelFrom === 'arrival' ? 'arrival (IVR included)' : 'queue entry'}; periods in ${o.timeZone}, day from ${o.dayStartHour}:00; repeat window ${o.repeatWindowSec / 3600} h`;
  return `${[title, ...rows.map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  '))].join('\n')}\n`;
}

const repeatable = (value: string, previous: string[]): string[] => [...previous, value];

/** `hotline kpis [--db FILE | --records FILE.csv [--map MAP.yaml] [--max-bad-rows N]] [--contract FILE]... [--agent-hours G@P=H]... [--from ISO] [--to ISO] [--by KEY]... [--tz ZONE] [--day-start-hour H] [--sl-from queue|arrival] [--repeat-window-hours N] [--json | --csv] [--out DIR]`. */
export function registerKpisCommand(program: Command, deps: KpisCommandDeps): void {
  program
    .command('kpis')
    .description("the line's KPIs from its own call records (read-only: a running server is not disturbed)")
    .option('--db <file>', `SQLite file \`hotline serve\` writes (env HOTLINE_DB; default ${DEFAULT_DB})`)
    .option('--records <file>', "CSV of call records instead of --db (the record's field names, or with --map)")
    .option('--map <file>', "with --records: YAML map of another system's export (as hotline import takes it)")
    .option('--max-bad-rows <n>', 'with --records: bad rows skipped (and listed on stderr) before failing (default 0)')
    .option('--hash-key-file <file>', 'with --records and a map hashing caller numbers: the caller-hash key file')
    .option('--contract <file>', 'assess a contract file per group and period (repeatable)', repeatable, [] as string[])
    .option(
      '--agent-hours <group@period=hours>',
      "paid agent hours of a contract's group in a period, for a price per agent-hour (repeatable)",
      repeatable,
      [] as string[],
    )
    .option('--from <iso>', 'first arrival counted, ISO 8601 (without an offset: in --tz)')
    .option('--to <iso>', 'arrivals before this are counted, ISO 8601 (without an offset: in --tz)')
    .option(
      '--by <key>',
      `group by ${KPI_GROUP_KEYS.join('|')}; repeat for composite keys (e.g. --by month --by group)`,
      repeatable,
      [] as string[],
    )
    .option('--tz <zone>', "the hotline's IANA time zone for periods", KPI_QUERY_DEFAULTS.tz)
    .option(
      '--day-start-hour <h>',
      'local hour a day (and so a week and a month) starts at, 0-23',
      KPI_QUERY_DEFAULTS.dayStartHour,
    )
    .option(
      '--sl-from <start>',
      'headline service level counted from queue entry or from arrival (IVR included)',
      KPI_QUERY_DEFAULTS.slFrom,
    )
    .option(
      '--repeat-window-hours <n>',
      'two calls of one caller this close make a repeat caller',
      KPI_QUERY_DEFAULTS.repeatWindowHours,
    )
    .option(
      '--json',
      'print { kpis, groups: [{ key, kpis }], window, options } (the same kpis names as simulate --json; with --contract also contracts, queuedWithoutGroup)',
    )
    .option(
      '--csv',
      'print one CSV row per group (key columns, then every KPI number); with --contract, an empty line, then one row per contract, period and target',
    )
    .option(
      '--out <dir>',
      'also write a supervision report: index.html, kpis.json, kpis.csv (folder created if missing)',
    )
    .action(async (flags: KpisFlags) => {
      const options = kpisOptions(flags);
      const agentHours = agentHoursOption(flags.agentHours);
      const contracts = flags.contract.length > 0 ? contractPeriodsOf(flags.contract, deps.cwd, options) : null;
      const dir = flags.out === undefined ? null : prepareOutDir(resolve(deps.cwd, flags.out));
      const source = await kpisSource(flags, deps);
      // One pass over the records: the report's views (when --out) and the contracts' periods see every record.
      const views =
        dir === null
          ? null
          : new SupervisionDataBuilder({ ...options, sortedByArrival: source.sortedByArrival }, false);
      const also =
        views === null && contracts === null
          ? undefined
          : (r: CallRecord) => {
              views?.add(r);
              contracts?.add(r);
            };
      const report = await kpisOfSource(source, options, also);
      const assessed = contracts?.result(agentHours);
      if (assessed !== undefined)
        for (const warning of unusedAgentHours(flags.agentHours, assessed)) deps.stderr(warning);
      const json = `${JSON.stringify(assessed === undefined ? report : { ...report, ...assessed })}\n`;
      const csv = assessed === undefined ? kpisCsv(report) : `${kpisCsv(report)}\n${contractRecordsCsv(assessed)}`;
      let written: string[] = [];
      if (dir !== null && views !== null) {
        const data = views.result(report);
        const assessment = assessed?.contracts.flatMap((c) => c.periods);
        const html = renderSupervisionReport({
          data,
          source: flags.records ?? flags.db ?? deps.env.HOTLINE_DB ?? DEFAULT_DB,
          generatedAtMs: deps.now(),
          ...(assessment === undefined ? {} : { assessment }),
        });
        written = writeKpisOut(dir, { 'index.html': html, 'kpis.json': json, 'kpis.csv': csv });
      }
      if (flags.json) deps.stdout(json);
      else if (flags.csv) deps.stdout(csv);
      else
        deps.stdout(
          assessed === undefined ? kpisTable(report) : `${kpisTable(report)}\n${contractRecordsText(assessed)}`,
        );
      if (written.length > 0 && !flags.json && !flags.csv) deps.stdout(`supervision report: ${written.join(', ')}\n`);
    });
}
