/**
 * How call sessions, records, agents and callbacks map to the SQLite call store's rows:
 * column lists, the upserts, and the conversions both ways.
 */
import type { JourneyStep } from '../record/recording-metadata.js';
import { CALL_RECORD_FIELDS, type CallRecord } from '../record/call-record.js';
import type { Agent, CallbackRequest, CallSession } from './call-store.js';

export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const RECORD_COLUMNS = CALL_RECORD_FIELDS.map(snake);
export const SESSION_COLUMNS = [
  'call_sid',
  'flow_id',
  'snapshot',
  'turn',
  'queue_name',
  'queue_since_sec',
  'pending_leave',
  'heard_hold',
  'marks',
  'last_twiml',
  'journey',
] as const;

/**
 * An upsert of a whole row by its key. Unlike INSERT OR REPLACE (a delete and
 * a new row, so every index entry and a second table page change), it updates
 * the row in place: a call's session and record are rewritten on every
 * webhook, and this makes those writes several times cheaper.
 */
export function upsert(table: string, columns: readonly string[]): string {
  const [key, ...rest] = columns;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT(${key}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

/**
 * The record upsert that never touches a final record: a call's record, once
 * it has its end, stays as it is whatever is written later (a replayed webhook,
 * a racing write from another connection). Compare-and-set in one statement. A handle time, call type and
 * resolution already stored are kept (the agent's wrap-up may set them before the caller's call ends: see
 * CallStore.setHandleSec and CallStore.setWrapUp).
 */
export const PUT_RECORD_UNLESS_FINAL = `${upsert('call_records', RECORD_COLUMNS)
  .replace('handle_sec = excluded.handle_sec', 'handle_sec = COALESCE(excluded.handle_sec, call_records.handle_sec)')
  .replace('call_type = excluded.call_type', 'call_type = COALESCE(excluded.call_type, call_records.call_type)')
  .replace(
    'resolved = excluded.resolved',
    'resolved = COALESCE(excluded.resolved, call_records.resolved)',
  )} WHERE call_records.end_sec IS NULL`;

/** Session columns then record columns of the session's call, in SESSION_COLUMNS and RECORD_COLUMNS order (null record columns: no record). */
export const SESSION_WITH_RECORD = `SELECT ${SESSION_COLUMNS.map((c) => `s.${c}`).join(', ')}, ${RECORD_COLUMNS.map((c) => `r.${c}`).join(', ')}
  FROM call_sessions s LEFT JOIN call_records r ON r.call_sid = s.call_sid`;

export type Row = Record<string, unknown>;

/** A record's column values, in RECORD_COLUMNS order. */
export function recordValues(record: CallRecord): unknown[] {
  const values = new Array<unknown>(CALL_RECORD_FIELDS.length);
  for (let i = 0; i < CALL_RECORD_FIELDS.length; i += 1) {
    const value = record[CALL_RECORD_FIELDS[i]!];
    values[i] = typeof value === 'boolean' ? Number(value) : value;
  }
  return values;
}

export function rowToRecord(row: Row): CallRecord {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < CALL_RECORD_FIELDS.length; i += 1) record[CALL_RECORD_FIELDS[i]!] = row[RECORD_COLUMNS[i]!];
  record.callbackRequested = Boolean(record.callbackRequested);
  record.surveyInvited = Boolean(record.surveyInvited);
  record.resolved = record.resolved === null || record.resolved === undefined ? null : Boolean(record.resolved);
  return record as unknown as CallRecord;
}

/** True when two records hold the same values (the record row would not change). */
export function sameRecord(a: CallRecord, b: CallRecord): boolean {
  if (a === b) return true;
  for (const field of CALL_RECORD_FIELDS) if (a[field] !== b[field]) return false;
  return true;
}

/** A record from the record columns of a raw row that start at `from`. */
export function valuesToRecord(row: readonly unknown[], from: number): CallRecord {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < CALL_RECORD_FIELDS.length; i += 1) record[CALL_RECORD_FIELDS[i]!] = row[from + i];
  record.callbackRequested = Boolean(record.callbackRequested);
  record.surveyInvited = Boolean(record.surveyInvited);
  record.resolved = record.resolved === null || record.resolved === undefined ? null : Boolean(record.resolved);
  return record as unknown as CallRecord;
}

export function rowToAgent(row: Row): Agent {
  return {
    id: row.id as string,
    name: row.name as string,
    phone: (row.phone as string | null) ?? null,
    skills: JSON.parse(row.skills as string) as string[],
    pool: row.pool as Agent['pool'],
    group: (row.agent_group as string | null) ?? (row.pool as string),
    active: Boolean(row.active),
    pinHash: (row.pin_hash as string | null) ?? null,
  };
}

export function rowToCallback(row: Row): CallbackRequest {
  return {
    id: row.id as string,
    callSid: row.call_sid as string,
    skill: row.skill as string,
    number: (row.number as string | null) ?? null,
    status: row.status as CallbackRequest['status'],
    createdSec: row.created_sec as number,
    dueSec: row.due_sec as number,
    attempts: row.attempts as number,
    placedCallSid: (row.placed_call_sid as string | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
  };
}

/** A call session from a SESSION_WITH_RECORD row (raw: an array); throws on unreadable JSON. */
export function sessionFromValues(row: readonly unknown[]): CallSession {
  return {
    callSid: row[0] as string,
    flowId: row[1] as string,
    snapshot: JSON.parse(row[2] as string),
    turn: row[3] as number,
    queueName: (row[4] as string | null) ?? null,
    queueSinceSec: (row[5] as number | null) ?? null,
    pendingLeave: (row[6] as CallSession['pendingLeave']) ?? null,
    heardHold: Boolean(row[7]),
    marks: JSON.parse(row[8] as string) as string[],
    lastTwiml: (row[9] as string | null) ?? null,
    journey: JSON.parse((row[10] as string | undefined) ?? '[]') as JourneyStep[],
    record: valuesToRecord(row, SESSION_COLUMNS.length),
  };
}
