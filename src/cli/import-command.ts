import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadRecordMap } from '../store/record-map.js';
import { badRowText, readRecordsCsv } from '../store/record-csv-reader.js';
import { importRecordsToSqlite } from '../store/sqlite-record-import.js';
import { StoreLock } from '../store/store-lock.js';
import { callerHashKey } from './caller-hash-key.js';
import { canonicalPath } from './canonical-path.js';
import { integerOption } from './command-options.js';

/** What `hotline import` needs from outside. */
export interface ImportCommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

interface ImportFlags {
  readonly map?: string;
  readonly db: string;
  readonly maxBadRows?: string;
  readonly hashKeyFile?: string;
}

/** Most bad rows --max-bad-rows allows. */
const MAX_BAD_ROWS = 1_000_000_000;

/**
 * `hotline import FILE.csv [--map MAP.yaml] --db FILE [--max-bad-rows N] [--hash-key-file FILE]`: call records
 * from a CSV (the record's own columns, or another system's export through a map) into a SQLite store, in one
 * transaction (all or nothing). Records whose CallSid the store holds are skipped and counted. Prints imported,
 * skipped and bad counts, and each bad row skipped (file:line: column: why).
 */
export function registerImportCommand(program: Command, deps: ImportCommandDeps): void {
  program
    .command('import')
    .argument('<file>', "CSV of call records: the record's field names as header, or another system's with --map")
    .description('import call records from a CSV (this tool’s export, or an ACD/CTI export through a map) into a store')
    .option('--map <file>', "YAML map of another system's export: columns, time format and zone, outcomes, constants")
    .requiredOption('--db <file>', 'SQLite file to write the records into (created if needed)')
    .option('--max-bad-rows <n>', 'bad rows skipped (and listed) before the import fails with nothing written', '0')
    .option(
      '--hash-key-file <file>',
      'the caller-hash key file, as the server takes it (default: HOTLINE_HASH_SALT, HOTLINE_HASH_KEY_FILE, else <db>.hash-key)',
    )
    .action(async (file: string, flags: ImportFlags) => {
      const maxBadRows = integerOption(flags.maxBadRows, '--max-bad-rows', 0, MAX_BAD_ROWS) ?? 0;
      const map = flags.map === undefined ? undefined : loadRecordMap(resolve(deps.cwd, flags.map), flags.map);
      const db = canonicalPath(resolve(deps.cwd, flags.db));
      // A missing or unreadable CSV fails here, before a database file is made for it.
      accessSync(resolve(deps.cwd, file), constants.R_OK);
      const { lock } = StoreLock.acquire(db);
      try {
        const hashKey =
          map?.columns.callerNumber === undefined
            ? null
            : await callerHashKey(db, { env: deps.env, cwd: deps.cwd, hashKeyFile: flags.hashKeyFile });
        const read = readRecordsCsv(resolve(deps.cwd, file), {
          map,
          mapName: flags.map,
          hashKey,
          maxBadRows,
          name: file,
        });
        const counts = await importRecordsToSqlite(db, read);
        for (const bad of read.badRows) deps.stderr(`hotline: skipped bad row: ${badRowText(file, bad)}\n`);
        if (read.badRowCount > read.badRows.length)
          deps.stderr(`hotline: … and ${read.badRowCount - read.badRows.length} more bad row(s)\n`);
        deps.stdout(
          `${file}: ${counts.imported} imported, ${counts.skipped} skipped (CallSid already in ${flags.db}), ${read.badRowCount} bad\n`,
        );
      } finally {
        lock.release();
      }
    });
}
