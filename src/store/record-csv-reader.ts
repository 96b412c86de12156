import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse, type Info } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { mappedColumns, recordFromMappedRow } from './mapped-record-row.js';
import type { RecordMap } from './record-map.js';
import { recordColumns, recordFromRow, RowError, type Cell } from './record-row.js';

/** How readRecordsCsv reads a file. */
export interface RecordCsvOptions {
  /** Another system's export: how its columns become records (loadRecordMap). Absent: the record's own field names. */
  readonly map?: RecordMap;
  /** How messages name the map (default 'the map'). */
  readonly mapName?: string;
  /** The caller-hash key (resolveHashKey); needed when the map names a callerNumber column. */
  readonly hashKey?: string | null;
  /** Bad rows skipped (and reported) before the read fails with HOTLINE_RECORDS_INVALID; default 0. */
  readonly maxBadRows?: number;
  /** How messages name the file (default: its path). */
  readonly name?: string;
}

/** A row that was not imported: where it is, which column, and why. */
export interface BadRow {
  /** 1-based line of the file (the last line of a row that spans several). */
  readonly line: number;
  /** The column at fault, or null for the row as a whole (e.g. a wrong number of cells). */
  readonly column: string | null;
  readonly message: string;
}

/** The records of a CSV file, and once read, what was left out. */
export interface RecordCsvRead extends AsyncIterable<CallRecord> {
  /** Bad rows seen so far (the first MAX_KEPT_BAD_ROWS); complete once iteration has ended. */
  readonly badRows: readonly BadRow[];
  /** How many bad rows were seen (all of them, kept or not). */
  readonly badRowCount: number;
  /** Data rows read (good and bad, header excluded). */
  readonly rowCount: number;
}

/** Bad rows kept for the report; the count goes on past it. */
export const MAX_KEPT_BAD_ROWS = 100;

/** Bad rows listed in a HOTLINE_RECORDS_INVALID message. */
const LISTED = 5;

/** A bad row as one line: `file:line: column: message`. */
export function badRowText(file: string, bad: BadRow): string {
  return `${file}:${bad.line}: ${bad.column === null ? '' : `${bad.column}: `}${bad.message}`;
}

/**
 * Streams the call records of a CSV file (UTF-8, comma-separated, header first; csv-parse): without a map its
 * header uses the record's own field names (`hotline export`'s format), with one another system's columns. Every
 * row is checked; a bad row is never guessed at or silently dropped: it is skipped and counted in `badRows` while
 * there are at most `maxBadRows`, and one more makes the iteration throw HOTLINE_RECORDS_INVALID listing the first
 * ones with file:line and column. Memory stays flat in the file's size. Each iteration reads the file afresh (and
 * starts the counts again).
 *
 * @example
 * const read = readRecordsCsv('calls.csv', { map: loadRecordMap('acd.yaml'), hashKey, maxBadRows: 10 });
 * for await (const record of read) use(record);
 * console.log(read.badRowCount, read.badRows);
 */
export function readRecordsCsv(path: string, options: RecordCsvOptions = {}): RecordCsvRead {
  const file = options.name ?? path;
  const maxBadRows = options.maxBadRows ?? 0;
  const badRows: BadRow[] = [];
  let badRowCount = 0;
  let rowCount = 0;
  const fail = (): never => {
    const listed = badRows.slice(0, LISTED).map((bad) => badRowText(file, bad));
    throw new HotlineError(
      'HOTLINE_RECORDS_INVALID',
      `${file}: more than ${maxBadRows} bad row(s) (--max-bad-rows ${maxBadRows}); the first:\n${listed.join('\n')}\nFix those rows, or allow more with --max-bad-rows N (bad rows are then skipped and counted).`,
    );
  };
  async function* records(): AsyncGenerator<CallRecord> {
    badRows.length = 0;
    badRowCount = 0;
    rowCount = 0;
    const input = createReadStream(path);
    const parser = parse({
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    let toRecord: ((cells: readonly Cell[], line: number) => CallRecord) | undefined;
    let width = 0;
    try {
      for await (const { record, info, raw } of parser as AsyncIterable<{
        record: string[];
        info: Info;
        raw: string;
      }>) {
        const cells = cellsOf(record, raw);
        if (toRecord === undefined) {
          const header = cells.map((cell) => (cell ?? '').trim());
          width = header.length;
          toRecord = rowReader(header, file, basename(path), options);
          continue;
        }
        rowCount += 1;
        try {
          if (cells.length !== width)
            throw new RowError('', `has ${cells.length} cell(s) where the header has ${width}`);
          yield toRecord(cells, info.lines);
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          badRowCount += 1;
          if (badRows.length < MAX_KEPT_BAD_ROWS)
            badRows.push({ line: info.lines, column: error.column || null, message: error.message });
          if (badRowCount > maxBadRows) fail();
        }
      }
    } catch (error) {
      const csv = error as { code?: string; lines?: number; message: string };
      if (csv.code?.startsWith('CSV_'))
        throw new HotlineError(
          'HOTLINE_RECORDS_INVALID',
          `${file}:${csv.lines ?? '?'}: not readable as CSV (${csv.message}); save it as UTF-8 comma-separated values with a header row.`,
          { cause: error },
        );
      throw error;
    } finally {
      input.destroy();
    }
    if (toRecord === undefined)
      throw new HotlineError(
        'HOTLINE_RECORDS_INVALID',
        `${file}: the file is empty; expected a header row and records.`,
      );
  }
  return {
    [Symbol.asyncIterator]: () => records(),
    get badRows() {
      return badRows;
    },
    get badRowCount() {
      return badRowCount;
    },
    get rowCount() {
      return rowCount;
    },
  };
}

/**
 * Reads a quoted empty cell as '' and an unquoted one as null (csv-parse's cast option, on every cell of a file,
 * makes the read 20 times slower).
 */
const QUOTING = {
  cast: (value: string, context: { quoting: boolean }) => (value === '' && !context.quoting ? null : value),
};

/**
 * A row's cells: an unquoted empty cell is null, a quoted one ("") the empty string. Only a row with both an
 * empty cell and a pair of quotes in its text can hold a quoted empty cell: that rare row is parsed again.
 */
function cellsOf(record: string[], raw: string): Cell[] {
  if (!record.includes('')) return record;
  if (raw.includes('""')) return (parseSync(raw, QUOTING) as Cell[][])[0] ?? record;
  return record.map((cell) => (cell === '' ? null : cell));
}

/** How each row of a file with `header` becomes a record (header problems throw here, before any row). */
function rowReader(
  header: readonly string[],
  file: string,
  fileName: string,
  options: RecordCsvOptions,
): (cells: readonly Cell[], line: number) => CallRecord {
  const map = options.map;
  if (map === undefined) {
    const columns = recordColumns(header, file);
    return (cells) => recordFromRow(cells, columns);
  }
  const columns = mappedColumns(header, map, file, options.mapName ?? 'the map');
  const hashKey = options.hashKey ?? null;
  if (map.columns.callerNumber !== undefined && hashKey === null)
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      'readRecordsCsv: the map names a callerNumber column, so options.hashKey (the caller-hash key) is needed',
    );
  return (cells, line) => recordFromMappedRow(cells, columns, map, { fileName, line, hashKey });
}
