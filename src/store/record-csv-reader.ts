import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
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
  /**
   * Reads the file afresh like iterating does, handing each record to `visit` as it comes: the fast way (no
   * promise per record); resolves once the file is read, rejects as iterating throws.
   */
  visitRecords(visit: (record: CallRecord) => void): Promise<void>;
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
  /** One data row (or the header): bad rows counted here, a good one's record given to `visit`. */
  let toRecord: ((cells: readonly Cell[], line: number) => CallRecord) | undefined;
  let width = 0;
  const row = (cells: Cell[], line: number, visit: (record: CallRecord) => void): void => {
    if (toRecord === undefined) {
      const header = cells.map((cell) => (cell ?? '').trim());
      width = header.length;
      toRecord = rowReader(header, file, basename(path), options);
      return;
    }
    rowCount += 1;
    let record: CallRecord;
    try {
      if (cells.length !== width) throw new RowError('', `has ${cells.length} cell(s) where the header has ${width}`);
      record = toRecord(cells, line);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      badRowCount += 1;
      if (badRows.length < MAX_KEPT_BAD_ROWS)
        badRows.push({ line, column: error.column || null, message: error.message });
      if (badRowCount > maxBadRows) fail();
      return;
    }
    visit(record);
  };
  /** The file's records, a chunk of the file at a time (bad rows counted on the way). */
  async function* batches(): AsyncGenerator<CallRecord[]> {
    badRows.length = 0;
    badRowCount = 0;
    rowCount = 0;
    toRecord = undefined;
    // csv-parse's rows are gathered as the stream emits them and turned into records after each chunk of the file:
    // no promise per row (that, not the parsing, took most of the time), and no per-row info object (on_record and
    // info make one). A row's line is counted from the texts (csv-parse's own count takes a CRLF inside a quoted
    // cell as 2 lines).
    let rows: [Cell[], number][] = [];
    let linesBefore = 0;
    const parser = parse({ bom: true, raw: true, relax_column_count: true, skip_empty_lines: true });
    parser.on('data', ({ record, raw }: { record: string[]; raw: string }) => {
      const breaks = lineBreaks(raw);
      const ends = raw.endsWith('\n') || raw.endsWith('\r') ? 1 : 0;
      rows.push([cellsOf(record, raw), linesBefore + breaks - ends + 1]);
      linesBefore += breaks;
    });
    let parseError: unknown;
    parser.on('error', (error) => {
      parseError ??= error;
    });
    const take = (): CallRecord[] => {
      const batch: CallRecord[] = [];
      const visit = (record: CallRecord) => batch.push(record);
      for (const [cells, line] of rows) row(cells, line, visit);
      rows = [];
      return batch;
    };
    const input = createReadStream(path);
    try {
      for await (const chunk of input) {
        await new Promise<void>((done, failed) =>
          parser.write(chunk, (error) => (error || parseError ? failed(error ?? parseError) : done())),
        );
        yield take();
      }
      await new Promise<void>((done, failed) => {
        if (parseError !== undefined) failed(parseError);
        parser.once('error', failed);
        parser.once('end', done);
        parser.end();
      });
      yield take();
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
      parser.destroy();
    }
    if (toRecord === undefined)
      throw new HotlineError(
        'HOTLINE_RECORDS_INVALID',
        `${file}: the file is empty; expected a header row and records.`,
      );
  }
  async function* records(): AsyncGenerator<CallRecord> {
    for await (const batch of batches()) yield* batch;
  }
  return {
    [Symbol.asyncIterator]: () => records(),
    async visitRecords(visit) {
      for await (const batch of batches()) for (const record of batch) visit(record);
    },
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
 * The line breaks in a row's text as csv-parse gives it (blank lines skipped before it, its cells, its record
 * delimiter): CRLF, LF and a lone CR each count one.
 */
function lineBreaks(raw: string): number {
  let breaks = 0;
  for (let i = raw.indexOf('\r'); i >= 0; i = raw.indexOf('\r', i + 1)) if (raw.charCodeAt(i + 1) !== 10) breaks += 1;
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) breaks += 1;
  return breaks;
}

/**
 * Reads a quoted empty cell as '' and an unquoted one as null (csv-parse's cast option, on every cell of a file,
 * makes the read 20 times slower): only for a row quotedEmpties cannot read.
 */
const QUOTING = {
  relax_column_count: true,
  skip_empty_lines: true,
  cast: (value: string, context: { quoting: boolean }) => (value === '' && !context.quoting ? null : value),
};

/**
 * A row's cells: an unquoted empty cell is null, a quoted one ("") the empty string. Only a row with both an
 * empty cell and a pair of quotes in its text can hold a quoted empty cell: for that row the row's text is walked
 * cell by cell (quotedEmpties), and parsed again with csv-parse's cast in the rare case the walk cannot follow it.
 */
function cellsOf(record: string[], raw: string): Cell[] {
  if (!record.includes('')) return record;
  if (!raw.includes('""')) return record.map((cell) => (cell === '' ? null : cell));
  return quotedEmpties(record, raw) ?? (parseSync(raw, QUOTING) as Cell[][])[0] ?? record;
}

/**
 * The cells with each empty one null unless it is quoted in `raw`, the row's text: a quoted cell is skipped to its
 * closing quote (a doubled quote inside is one quote), an unquoted one by its text's length. Null when the text
 * does not follow the cells: the caller then parses the row again.
 */
function quotedEmpties(record: readonly string[], raw: string): Cell[] | null {
  const cells: Cell[] = [];
  let at = 0;
  while (raw[at] === '\r' || raw[at] === '\n') at += 1; // the blank lines skipped before the row
  for (let i = 0; i < record.length; i += 1) {
    const cell = record[i]!;
    if (raw[at] === '"') {
      let end = at + 1;
      for (;;) {
        end = raw.indexOf('"', end);
        if (end < 0) return null;
        if (raw[end + 1] !== '"') break;
        end += 2;
      }
      cells.push(cell);
      at = end + 1;
    } else {
      if (!raw.startsWith(cell, at)) return null;
      cells.push(cell === '' ? null : cell);
      at += cell.length;
    }
    if (i < record.length - 1) {
      if (raw[at] !== ',') return null;
      at += 1;
    }
  }
  return cells;
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
