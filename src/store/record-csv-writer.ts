import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { CALL_RECORD_FIELDS, type CallRecord } from '../record/call-record.js';

/** csv-stringify's options for the record CSV: the record's field names, true/false, null empty, '' quoted. */
function recordCsvOptions(header: boolean): Options {
  return {
    header,
    columns: [...CALL_RECORD_FIELDS],
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      string: (value) => (value === '' ? { value: '', quoted_empty: true } : value),
    },
  };
}

/**
 * Writes call records as CSV to `out` (csv-stringify), header first with the record's own field names
 * (CALL_RECORD_FIELDS order), streaming: memory stays flat however many records come. The format is the one
 * readRecordsCsv reads without a map, and the round trip is exact: times and durations as the numbers they are
 * (epoch seconds live, run seconds simulated; JavaScript's shortest form, which reads back to the same number),
 * booleans `true`/`false`, null as an empty cell, an empty text as `""`. Resolves with the number of records once
 * `out` has taken them all (it is not ended: the caller closes it).
 */
export async function writeRecordsCsv(records: AsyncIterable<CallRecord>, out: Writable): Promise<number> {
  const csv = stringify(recordCsvOptions(true));
  let count = 0;
  async function* counted(): AsyncGenerator<CallRecord> {
    for await (const record of records) {
      count += 1;
      yield record;
    }
  }
  await pipeline(Readable.from(counted()), csv, out, { end: false });
  return count;
}

/**
 * The same CSV as writeRecordsCsv, synchronously, for a batch of records: with `header`, the header line first
 * (the first batch of a file). Consecutive batches, the first with the header, give writeRecordsCsv's bytes; a
 * synchronous producer (the simulator, which never yields to the event loop) writes them as it goes.
 *
 * @example recordsCsvText([], true) // the header line alone
 */
export function recordsCsvText(records: readonly CallRecord[], header: boolean): string {
  return stringifySync(records as CallRecord[], recordCsvOptions(header));
}
