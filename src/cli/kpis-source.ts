import { resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { badRowText, readRecordsCsv } from '../store/record-csv-reader.js';
import { loadRecordMap } from '../store/record-map.js';
import { callerHashKey } from './caller-hash-key.js';
import { integerOption } from './command-options.js';
import { DEFAULT_DB } from './server-config.js';
import { type KpisSource, type ReadWindow, storeSource } from '../planning/records-source.js';

// The sources of records moved down to the planning layer (the console's planner reads a store too).
export {
  kpisOfSource,
  kpisOfStore,
  storeSource,
  type KpisSource,
  type ReadWindow,
} from '../planning/records-source.js';

/** The flags that choose where `hotline kpis` reads records. */
export interface KpisSourceFlags {
  readonly db?: string;
  readonly records?: string;
  readonly map?: string;
  readonly maxBadRows?: string;
  readonly hashKeyFile?: string;
}

/** What choosing a source needs from outside. */
export interface KpisSourceDeps {
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Most bad rows --max-bad-rows allows. */
const MAX_BAD_ROWS = 1_000_000_000;

const invalid = (message: string) => new HotlineError('HOTLINE_OPTION_INVALID', message);

/**
 * The source the flags name: `--records FILE.csv [--map MAP.yaml] [--max-bad-rows N] [--hash-key-file FILE]`, or
 * `--db FILE` (default HOTLINE_DB, then data/hotline.db); exactly one of --db and --records. Bad rows skipped
 * under --max-bad-rows are listed on stderr once the file is read.
 */
export async function kpisSource(flags: KpisSourceFlags, deps: KpisSourceDeps): Promise<KpisSource> {
  if (flags.records === undefined) {
    for (const [flag, value] of [
      ['--map', flags.map],
      ['--max-bad-rows', flags.maxBadRows],
      ['--hash-key-file', flags.hashKeyFile],
    ] as const)
      if (value !== undefined) throw invalid(`${flag} goes with --records FILE.csv; add --records or drop ${flag}.`);
    return storeSource(resolve(deps.cwd, flags.db ?? deps.env.HOTLINE_DB ?? DEFAULT_DB));
  }
  if (flags.db !== undefined) throw invalid('--db and --records name two sources of records; give one of them.');
  return csvSource(flags.records, flags, deps);
}

/**
 * A CSV file of records as a source, in the file's order: the record's own columns, or another system's export
 * through `flags.map` (hashing caller numbers with the key `flags.hashKeyFile` or the environment names); bad rows
 * up to `flags.maxBadRows` are skipped and listed on stderr once the file is read. `hotline kpis --records` and
 * `hotline calibrate` read CSV files through this.
 */
export async function csvSource(
  file: string,
  flags: Pick<KpisSourceFlags, 'map' | 'maxBadRows' | 'hashKeyFile'>,
  deps: KpisSourceDeps,
): Promise<KpisSource> {
  const maxBadRows = integerOption(flags.maxBadRows, '--max-bad-rows', 0, MAX_BAD_ROWS) ?? 0;
  const map = flags.map === undefined ? undefined : loadRecordMap(resolve(deps.cwd, flags.map), flags.map);
  const hashKey =
    map?.columns.callerNumber === undefined
      ? null
      : await callerHashKey(null, { env: deps.env, cwd: deps.cwd, hashKeyFile: flags.hashKeyFile });
  const csv = readRecordsCsv(resolve(deps.cwd, file), { map, mapName: flags.map, hashKey, maxBadRows, name: file });
  const visit = async (window: ReadWindow, add: (r: CallRecord) => void): Promise<void> => {
    const from = window.fromSec ?? -Infinity;
    const to = window.toSec ?? Infinity;
    await csv.visitRecords((r) => {
      if (r.arrivalSec >= from && r.arrivalSec < to) add(r);
    });
  };
  return {
    sortedByArrival: false,
    read: async (window, add) => {
      await visit(window, add);
      for (const bad of csv.badRows) deps.stderr(`hotline: skipped bad row: ${badRowText(file, bad)}\n`);
      if (csv.badRowCount > csv.badRows.length)
        deps.stderr(`hotline: … and ${csv.badRowCount - csv.badRows.length} more bad row(s)\n`);
    },
    // Every record is parsed (a CSV has no index); skipped bad rows are listed once, by `read`.
    readArrivals: (window, add) => visit(window, (r) => add(r.arrivalSec)),
  };
}
