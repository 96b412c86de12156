import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { CALL_RECORD_FIELDS, type CallRecord } from '../record/call-record.js';

/**
 * Writes call records as CSV to `out` (csv-stringify), header first with the record's own field names
 * (CALL_RECORD_FIELDS order), streaming: memory stays flat however many records come. The format is the one
 * readRecordsCsv reads without a map, and the round trip is exact: times and durations as the numbers they are
 * (epoch seconds live, run seconds simulated; JavaScript's shortest form, which reads back to the same number),
 * booleans `true`/`false`, null as an empty cell, an empty text as `""`. Resolves with the number of records once
 * `out` has taken them all (it is not ended: the caller closes it).
 */
export async function writeRecordsCsv(records: AsyncIterable<CallRecord>, out: Writable): Promise<number> {
  const csv = stringify({
    header: true,
    columns: [...CALL_RECORD_FIELDS],
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      string: (value) => (value === '' ? { value: '', quoted_empty: true } : value),
    },
  });
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
