import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import { Calibration, type CalibrationSummary } from '../planning/calibrate.js';
import { dayWindow, RecordDays, resolvePeriod, type ResolvedPeriod } from '../planning/record-period.js';
import type { CallRecord } from '../record/call-record.js';
import { loadFlow } from '../scenario/load-flow.js';
import { KPI_QUERY_DEFAULTS, parseKpiQuery } from '../store/kpi-query.js';
import { readAgentDutyLog } from '../store/sqlite-agent-duty-log.js';
import { csvSource, storeSource, type KpisSource, type KpisSourceDeps, type ReadWindow } from './kpis-source.js';

/** What `hotline calibrate` needs from outside. */
export interface CalibrateCommandDeps extends KpisSourceDeps {
  readonly stdout: (text: string) => void;
}

/** The parsed flags of one `hotline calibrate` run. */
interface CalibrateFlags {
  readonly map?: string;
  readonly maxBadRows?: string;
  readonly hashKeyFile?: string;
  readonly from?: string;
  readonly to?: string;
  readonly tz: string;
  readonly flow?: string;
  readonly out: string;
  readonly json?: boolean;
}

const STORE_EXTENSIONS = new Set(['.db', '.sqlite', '.sqlite3']);
const invalid = (message: string) => new HotlineError('HOTLINE_OPTION_INVALID', message);

/** One records file and how it is read. */
interface RecordsFile {
  readonly name: string;
  readonly source: KpisSource;
}

/** The sources RECORDS name: SQLite stores (.db, .sqlite, .sqlite3) and CSV files (.csv, through --map if given). */
async function recordsFiles(
  files: readonly string[],
  flags: CalibrateFlags,
  deps: KpisSourceDeps,
): Promise<RecordsFile[]> {
  const out: RecordsFile[] = [];
  for (const name of files) {
    const ext = extname(name).toLowerCase();
    const path = resolve(deps.cwd, name);
    if (STORE_EXTENSIONS.has(ext)) out.push({ name, source: storeSource(path) });
    else if (ext === '.csv')
      out.push({ name, source: await csvSource(name, flags, deps) }); // resolved in cwd there
    else
      throw invalid(
        `RECORDS: "${name}" is neither a SQLite store (.db, .sqlite, .sqlite3) nor a CSV file (.csv); give the files \`hotline serve\` or \`hotline export\` write, or another system's CSV with --map.`,
      );
  }
  if (!out.some((f) => extname(f.name).toLowerCase() === '.csv'))
    for (const [flag, value] of [
      ['--map', flags.map],
      ['--max-bad-rows', flags.maxBadRows],
      ['--hash-key-file', flags.hashKeyFile],
    ] as const)
      if (value !== undefined) throw invalid(`${flag} goes with CSV records; give a .csv file or drop ${flag}.`);
  return out;
}

const isoOf = (sec: number): string => new Date(sec * 1000).toISOString();

/**
 * Feeds the files' records to the calibration one file after another, in the order given: each file must be in
 * arrival order (a store always is; a CSV as `hotline export` writes it) and start no earlier than the previous
 * file's last record, so the parts see one stream in arrival order without a merge buffer. A record out of order
 * fails with HOTLINE_CALIBRATION_FAILED naming the file and the call.
 */
export async function readInArrivalOrder(
  files: readonly RecordsFile[],
  window: ReadWindow,
  add: (r: CallRecord) => void,
): Promise<void> {
  let lastSec = Number.NEGATIVE_INFINITY;
  let lastFile = '';
  for (const file of files)
    await file.source.read(window, (r) => {
      if (r.arrivalSec < lastSec)
        throw new HotlineError(
          'HOTLINE_CALIBRATION_FAILED',
          `${file.name}: call ${r.callSid} arrives at ${isoOf(r.arrivalSec)}, before the previous record (${isoOf(lastSec)}${lastFile === file.name ? '' : ` in ${lastFile}`}); calibrate reads records in arrival order: sort the file by arrivalSec, give the files in time order, or import them into one store (hotline import) and pass the .db.`,
        );
      lastSec = r.arrivalSec;
      lastFile = file.name;
      add(r);
    });
}

/** The human summary: the period, the headline figures and the notes. */
function summaryText(s: CalibrationSummary, out: string): string {
  const f = s.fitted as { callsPerDay?: number; dayNoiseCv?: number; callTypeMix?: Record<string, number> };
  const lines = [
    `calibrated ${s.records.toLocaleString('en-US')} records, ${s.period.from} to ${s.period.to} (${s.period.days} days, ${s.period.timeZone})`,
    `calls per day ${f.callsPerDay ?? '-'}, day noise CV ${f.dayNoiseCv ?? '-'}, call types ${Object.keys(f.callTypeMix ?? {}).length}`,
    ...s.notes.map((n) => `note: ${n}`),
    `scenario: ${out}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `hotline calibrate RECORDS... [--map MAP.yaml] [--from ISO] [--to ISO] [--tz ZONE] [--flow NAME] --out SCENARIO.yaml [--json]`. */
export function registerCalibrateCommand(program: Command, deps: CalibrateCommandDeps): void {
  program
    .command('calibrate')
    .description(
      'fit a scenario to call records (demand, …), each value commented with its source; simulate accepts it',
    )
    .argument('<records...>', 'SQLite stores (.db) or CSV files of call records, each in arrival order, in time order')
    .requiredOption('--out <file>', 'scenario YAML to write')
    .option('--map <file>', "YAML map of another system's CSV export (as hotline import takes it), for every CSV")
    .option('--max-bad-rows <n>', 'CSV bad rows skipped (and listed on stderr) per file before failing (default 0)')
    .option('--hash-key-file <file>', 'with a map hashing caller numbers: the caller-hash key file')
    .option('--from <iso>', "the period's first day, ISO 8601 (without an offset: in --tz); whole local days as twin")
    .option(
      '--to <iso>',
      "the first day after the period, ISO 8601 (default: the last record's day, a sparse last day left out)",
    )
    .option('--tz <zone>', "the hotline's IANA time zone for hours, weekdays and days", KPI_QUERY_DEFAULTS.tz)
    .option('--flow <name>', "use only this flow's records, and run it in the scenario (default: all, flow none)")
    .option('--json', 'print { records, period: { from, to, days, timeZone }, fitted: { … }, notes: [ … ] }')
    .action(async (files: string[], flags: CalibrateFlags) => {
      const parsed = parseKpiQuery(
        {
          tz: flags.tz,
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
        },
        'flag',
      );
      if (!parsed.ok) throw invalid(parsed.problem);
      const timeZone = parsed.options.timeZone ?? flags.tz;
      const sources = await recordsFiles(files, flags, deps);
      // The period is whole local days, as twin reads it (record-period.ts). Given --from and --to it is known;
      // otherwise a first pass over the arrivals finds the records' days (and a sparse last day to leave out).
      const recordDays = new RecordDays(timeZone);
      const known = parsed.options.fromSec !== undefined && parsed.options.toSec !== undefined;
      if (!known)
        for (const file of sources)
          await file.source.readArrivals(dayWindow(parsed.options, timeZone), (sec) => recordDays.add(sec));
      const resolved: ResolvedPeriod | undefined =
        known || Number.isFinite(recordDays.lastSec)
          ? resolvePeriod(recordDays, parsed.options, files.join(', '))
          : undefined; // no records: the calibration says so
      const fromSec = resolved?.period.fromSec ?? parsed.options.fromSec;
      const toSec = resolved?.period.toSec ?? parsed.options.toSec;
      // A store of our own server holds its agents' state log: agents on duty are then observed, not estimated.
      const dutyLog = files
        .map((name) => resolve(deps.cwd, name))
        .filter((path) => STORE_EXTENSIONS.has(extname(path).toLowerCase()) && existsSync(path)) // a missing one fails below
        .flatMap((path) => readAgentDutyLog(path, toSec));
      const flowDefinition = flags.flow === undefined ? undefined : await loadFlow(flags.flow, deps.cwd);
      const calibration = new Calibration({
        ...(dutyLog.length > 0 ? { dutyLog } : {}),
        ...(flowDefinition === undefined ? {} : { flowDefinition }),
        timeZone,
        source: files.map((f) => basename(f)).join(', '),
        ...(fromSec === undefined ? {} : { fromSec }),
        ...(toSec === undefined ? {} : { toSec }),
        ...(flags.flow === undefined ? {} : { flow: flags.flow }),
        ...(resolved === undefined ? {} : { periodNotes: resolved.notes }),
      });
      const window = { ...(fromSec === undefined ? {} : { fromSec }), ...(toSec === undefined ? {} : { toSec }) };
      await readInArrivalOrder(sources, window, (r) => calibration.add(r));
      const outcome = calibration.result();
      writeFileSync(resolve(deps.cwd, flags.out), outcome.yaml);
      deps.stdout(flags.json ? `${JSON.stringify(outcome.summary)}\n` : summaryText(outcome.summary, flags.out));
    });
}
