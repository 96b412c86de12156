import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { KPI_GROUP_KEYS } from '../analysis/kpi-groups.js';
import { KPI_QUERY_DEFAULTS, parseKpiQuery } from '../store/kpi-query.js';
import { KpiReportBuilder, type KpiReport, type KpiReportOptions } from '../analysis/kpi-report.js';
import type { Kpis } from '../analysis/kpis.js';
import { HotlineError } from '../errors.js';
import { SqliteRecordReader } from '../store/sqlite-record-reader.js';
import { DEFAULT_DB } from './server-config.js';

/** What `hotline kpis` needs from outside. */
export interface KpisCommandDeps {
  readonly stdout: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The parsed flags of one `hotline kpis` run. */
interface KpisFlags {
  readonly db?: string;
  readonly from?: string;
  readonly to?: string;
  readonly by: string[];
  readonly tz: string;
  readonly dayStartHour: string;
  readonly slFrom: string;
  readonly repeatWindowHours: string;
  readonly json?: boolean;
  readonly csv?: boolean;
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

/**
 * The report of a store file: read-only, a page at a time (records go straight from each page into the
 * builder, no promise per record), so memory stays flat in the number of records.
 */
export function kpisOfStore(path: string, options: KpiReportOptions): KpiReport {
  const reader = new SqliteRecordReader(path);
  try {
    // Pages come in arrival order: each period's groups close when the next period starts.
    const builder = new KpiReportBuilder({ ...options, sortedByArrival: true });
    const window = {
      ...(options.fromSec === undefined ? {} : { fromSec: options.fromSec }),
      ...(options.toSec === undefined ? {} : { toSec: options.toSec }),
    };
    for (const page of reader.pagesOf(window)) for (const r of page) builder.add(r);
    return builder.result();
  } finally {
    reader.close();
  }
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

/** `hotline kpis [--db FILE] [--from ISO] [--to ISO] [--by KEY]... [--tz ZONE] [--day-start-hour H] [--sl-from queue|arrival] [--repeat-window-hours N] [--json | --csv]`. */
export function registerKpisCommand(program: Command, deps: KpisCommandDeps): void {
  program
    .command('kpis')
    .description("the line's KPIs from its own call records (read-only: a running server is not disturbed)")
    .option('--db <file>', `SQLite file \`hotline serve\` writes (env HOTLINE_DB; default ${DEFAULT_DB})`)
    .option('--from <iso>', 'first arrival counted, ISO 8601 (without an offset: in --tz)')
    .option('--to <iso>', 'arrivals before this are counted, ISO 8601 (without an offset: in --tz)')
    .option(
      '--by <key>',
      `group by ${KPI_GROUP_KEYS.join('|')}; repeat for composite keys (e.g. --by month --by group)`,
      (value: string, previous: string[]) => [...previous, value],
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
      'print { kpis, groups: [{ key, kpis }], window, options } (the same kpis names as simulate --json)',
    )
    .option('--csv', 'print one CSV row per group (key columns, then every KPI number)')
    .action((flags: KpisFlags) => {
      const options = kpisOptions(flags);
      const db = resolve(deps.cwd, flags.db ?? deps.env.HOTLINE_DB ?? DEFAULT_DB);
      const report = kpisOfStore(db, options);
      if (flags.json) deps.stdout(`${JSON.stringify(report)}\n`);
      else if (flags.csv) deps.stdout(kpisCsv(report));
      else deps.stdout(kpisTable(report));
    });
}
