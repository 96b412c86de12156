/**
 * One CSV row of call records in the record's own field names (CALL_RECORD_FIELDS, as `hotline export` writes
 * them) to a CallRecord, every cell checked. A cell is a string, or null for an unquoted empty cell (`,,`): that is
 * null; a quoted empty cell (`""`) is the empty string, so text fields round-trip exactly.
 */
import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import { CALL_OUTCOMES, CALL_RECORD_FIELDS, type CallRecord } from '../record/call-record.js';

/** A CSV cell: its text, or null when it was empty and unquoted. */
export type Cell = string | null;

/** A problem with one cell of a row: the column it is in and what was expected. */
export class RowError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

type Field = (typeof CALL_RECORD_FIELDS)[number];
type Kind = 'sid' | 'text' | 'text?' | 'direction' | 'hash' | 'time' | 'time?' | 'sec?' | 'attempt' | 'pool?';
type AnyKind = Kind | 'outcome?' | 'rating?' | 'bool' | 'bool?';

const KINDS: Readonly<Record<Field, AnyKind>> = {
  callSid: 'sid',
  flowId: 'text',
  direction: 'direction',
  callerHash: 'hash',
  arrivalSec: 'time',
  ivrExitSec: 'time?',
  queueEntrySec: 'time?',
  answerSec: 'time?',
  abandonSec: 'time?',
  endSec: 'time?',
  handleSec: 'sec?',
  talkSec: 'sec?',
  callType: 'text?',
  attempt: 'attempt',
  skill: 'text?',
  pool: 'pool?',
  agentGroup: 'text?',
  agentId: 'text?',
  outcome: 'outcome?',
  rating: 'rating?',
  surveyInvited: 'bool',
  language: 'text',
  callbackRequested: 'bool',
  transferTo: 'text?',
  lastState: 'text',
  resolved: 'bool?',
};

/** KINDS in CALL_RECORD_FIELDS order. */
const FIELD_KINDS: readonly AnyKind[] = CALL_RECORD_FIELDS.map((field) => KINDS[field]);

/** Columns a CSV without a map must have; every other field's column may be left out (null, attempt 1, false). */
export const REQUIRED_RECORD_COLUMNS: readonly Field[] = CALL_RECORD_FIELDS.filter((field) =>
  ['sid', 'text', 'direction', 'time'].includes(KINDS[field]),
);

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

const quote = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** The longest duration a record holds (handle, talk, wrap-up): 7 days, in seconds. */
export const MAX_DURATION_SEC = 7 * 86_400;
/** The earliest time a record holds: 1990-01-01T00:00Z, epoch seconds. */
const MIN_EPOCH_SEC = Date.UTC(1990, 0, 1) / 1000;
/** The end of the times a record holds (excluded): 2100-01-01T00:00Z, epoch seconds. */
const END_EPOCH_SEC = Date.UTC(2100, 0, 1) / 1000;

/** `seconds` (read from `value`) when it is a duration from 0 to 7 days; else a RowError naming `column`. */
export function boundedDuration(seconds: number, value: string, column: string): number {
  if (seconds >= 0 && seconds <= MAX_DURATION_SEC) return seconds;
  throw new RowError(
    column,
    `${quote(value)} is ${seconds < 0 ? 'negative' : 'more than 7 days'}; expected a duration from 0 to ${MAX_DURATION_SEC} s (7 days)`,
  );
}

/** `sec` (read from `value`) when it is a time from 1990-01-01 to 2100-01-01 (UTC); else a RowError naming `column`. */
export function boundedEpoch(sec: number, value: string, column: string): number {
  if (sec >= MIN_EPOCH_SEC && sec < END_EPOCH_SEC) return sec;
  throw new RowError(
    column,
    `${quote(value)} is not a time from 1990-01-01 to 2100-01-01 (UTC; epoch seconds ${MIN_EPOCH_SEC} to ${END_EPOCH_SEC})`,
  );
}

/** A number of seconds (a duration or epoch seconds): a plain decimal, as `hotline export` writes it. */
export function parseSeconds(value: string, column: string, what: string): number {
  const text = value.trim();
  const seconds = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(seconds)) throw new RowError(column, `${quote(value)} is not ${what}`);
  return seconds;
}

/**
 * Epoch seconds, or ISO 8601 with its offset (Z or +08:00): a time without a zone is refused, never guessed; a
 * time before 1990 or from 2100 on is refused too (boundedEpoch).
 */
export function parseEpochOrIso(value: string, column: string): number {
  const text = value.trim();
  if (NUMBER.test(text)) return boundedEpoch(Number(text), value, column);
  if (!ISO_OFFSET.test(text))
    throw new RowError(
      column,
      `${quote(value)} is not a time: expected epoch seconds or ISO 8601 with its offset (2026-03-02T08:15:00+08:00 or …Z)`,
    );
  const time = DateTime.fromISO(text, { setZone: true });
  if (!time.isValid) throw new RowError(column, `${quote(value)} is not an ISO 8601 time (${time.invalidExplanation})`);
  return boundedEpoch(time.toMillis() / 1000, value, column);
}

function oneOf<T extends string>(value: string, column: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RowError(column, `${quote(value)} is not one of ${allowed.join(', ')}`);
}

function wholeIn(value: string, column: string, low: number, high: number): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < low || n > high)
    throw new RowError(column, `${quote(value)} is not a whole number from ${low} to ${high}`);
  return n;
}

function cellValue(kind: AnyKind, cell: Cell, column: string): unknown {
  if (cell === null || (cell === '' && !kind.startsWith('text'))) {
    if (kind.endsWith('?') || kind === 'hash') return null;
    if (kind === 'attempt') return 1;
    if (kind === 'bool') return false;
    throw new RowError(column, 'is empty; this field is required');
  }
  switch (kind) {
    case 'sid':
    case 'text':
    case 'text?':
      return cell;
    case 'direction':
      return oneOf(cell, column, ['inbound', 'callback'] as const);
    case 'hash':
      if (!/^[0-9a-f]{32}$/.test(cell))
        throw new RowError(
          column,
          'is not a caller hash (32 lower-case hex characters); a number is never imported in clear',
        );
      return cell;
    case 'time':
    case 'time?':
      return parseEpochOrIso(cell, column);
    case 'sec?':
      return boundedDuration(parseSeconds(cell, column, 'a number of seconds'), cell, column);
    case 'attempt':
      return wholeIn(cell, column, 1, 1_000_000);
    case 'pool?':
      return oneOf(cell, column, ['in-house', 'outsourced'] as const);
    case 'outcome?':
      return oneOf(cell, column, CALL_OUTCOMES);
    case 'rating?':
      return wholeIn(cell, column, 1, 5);
    case 'bool':
    case 'bool?':
      if (cell === 'true' || cell === '1') return true;
      if (cell === 'false' || cell === '0') return false;
      throw new RowError(column, `${quote(cell)} is not true, false, 1 or 0`);
  }
}

/** Where each record field's column is in a header of the record's own field names (-1: absent). */
export type RecordColumns = readonly number[];

/**
 * Checks a header of the record's own field names: no unknown or repeated column, every REQUIRED_RECORD_COLUMNS
 * there. Returns each field's column index, in CALL_RECORD_FIELDS order. Throws HOTLINE_RECORDS_INVALID naming `file`.
 */
export function recordColumns(header: readonly string[], file: string): RecordColumns {
  const fields = CALL_RECORD_FIELDS as readonly string[];
  const unknown = header.filter((name) => !fields.includes(name));
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  const missing = REQUIRED_RECORD_COLUMNS.filter((field) => !header.includes(field));
  const problems = [
    unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
    repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length > 0)
    throw new HotlineError(
      'HOTLINE_RECORDS_INVALID',
      `${file}:1: ${problems.join('; ')}. Without --map the header uses the record's field names (${CALL_RECORD_FIELDS.join(', ')}); for another system's export give a map (--map MAP.yaml).`,
    );
  return CALL_RECORD_FIELDS.map((field) => header.indexOf(field));
}

/** The record a row of the record's own field names holds; throws RowError on the first bad cell. */
export function recordFromRow(cells: readonly Cell[], columns: RecordColumns): CallRecord {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < CALL_RECORD_FIELDS.length; i += 1) {
    const field = CALL_RECORD_FIELDS[i]!;
    const at = columns[i]!;
    record[field] = cellValue(FIELD_KINDS[i]!, at < 0 ? null : (cells[at] ?? null), field);
  }
  return record as unknown as CallRecord;
}
