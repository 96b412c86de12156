import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import type { CallStore, RecordPageQuery } from '../store/call-store.js';
import { writeRecordsCsv } from '../store/record-csv-writer.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import { canonicalPath } from './canonical-path.js';

/** What `hotline export` needs from outside. */
export interface ExportCommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

interface ExportFlags {
  readonly db: string;
  readonly out?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Records per page read from the store. */
const PAGE = 1000;

/** Epoch seconds of a --from/--to value: ISO 8601 with its offset (Z, +08:00), or epoch seconds. */
function timeFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const time = DateTime.fromISO(value, { setZone: true });
  if (!time.isValid || !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value.trim()))
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be an ISO 8601 time with its offset (2026-03-01T00:00:00+08:00 or …Z) or epoch seconds, got "${value}".`,
    );
  return time.toMillis() / 1000;
}

/** Every record of `store` in the time window, by arrival, a page at a time. */
async function* storeRecords(store: CallStore, window: Pick<RecordPageQuery, 'fromSec' | 'toSec'>) {
  let after: RecordPageQuery['after'] = null;
  do {
    const page = await store.listRecordsPage({ ...window, after, limit: PAGE });
    yield* page.records as CallRecord[];
    after = page.next;
  } while (after !== null);
}

/**
 * `hotline export --db FILE [--out FILE.csv] [--from ISO] [--to ISO]`: the store's call records (arrivals in
 * [from, to)) as CSV with the record's own field names, the format `hotline import` reads back exactly.
 */
export function registerExportCommand(program: Command, deps: ExportCommandDeps): void {
  program
    .command('export')
    .description(
      "write a store's call records as CSV (the record's field names; `hotline import` reads it back exactly)",
    )
    .requiredOption('--db <file>', 'SQLite file to read the records from')
    .option('--out <file>', 'CSV file to write (default: stdout)')
    .option('--from <time>', 'first arrival included: ISO 8601 with offset, or epoch seconds')
    .option('--to <time>', 'arrivals before this time: ISO 8601 with offset, or epoch seconds')
    .action(async (flags: ExportFlags) => {
      const window = { fromSec: timeFlag(flags.from, '--from'), toSec: timeFlag(flags.to, '--to') };
      const db = canonicalPath(resolve(deps.cwd, flags.db));
      if (!existsSync(db))
        throw new HotlineError('HOTLINE_OPTION_INVALID', `--db ${flags.db}: no such file; name the store to export.`);
      const store = new SqliteCallStore(db);
      try {
        const out =
          flags.out === undefined
            ? new Writable({
                write: (chunk: Buffer, _encoding, done) => {
                  deps.stdout(chunk.toString('utf8'));
                  done();
                },
              })
            : createWriteStream(resolve(deps.cwd, flags.out), { mode: 0o600 });
        const count = await writeRecordsCsv(storeRecords(store, window), out);
        out.end();
        await once(out, 'finish');
        if (flags.out !== undefined) deps.stderr(`hotline: ${count} record(s) written to ${flags.out}\n`);
      } finally {
        await store.close();
      }
    });
}
