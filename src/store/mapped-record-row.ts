/**
 * One row of another system's CSV export to a CallRecord, through a record map (record-map.ts): times read in the
 * map's format and zone, outcomes derived, the caller's number hashed (never kept), derived fields filled.
 */
import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import { newCallRecord, type AgentPool, type CallOutcome, type CallRecord } from '../record/call-record.js';
import { hashCaller } from './caller-hash.js';
import type { RecordMap } from './record-map.js';
import { boundedDuration, boundedEpoch, MAX_DURATION_SEC, parseSeconds, RowError, type Cell } from './record-row.js';

type MapField = keyof RecordMap['columns'];

/** Where each mapped field's column is in the CSV's header. */
export type MappedColumns = Readonly<Partial<Record<MapField, number>>>;

/** Where a row comes from (for derived CallSids) and the key its caller numbers are hashed with. */
export interface MappedRowContext {
  /** The file's base name: a row without a CallSid column gets `<fileName>:<line>`. */
  readonly fileName: string;
  readonly line: number;
  /** The caller-hash key (see hash-key.ts); needed when the map names a callerNumber column. */
  readonly hashKey: string | null;
}

/** Each mapped column's index in `header`; throws HOTLINE_RECORD_MAP_INVALID naming the columns the CSV lacks. */
export function mappedColumns(header: readonly string[], map: RecordMap, file: string, mapName: string): MappedColumns {
  const out: Partial<Record<MapField, number>> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(map.columns) as [MapField, string | undefined][]) {
    if (name === undefined) continue;
    const at = header.indexOf(name);
    if (at < 0) missing.push(`${field}: ${name}`);
    else out[field] = at;
  }
  if (missing.length > 0)
    throw new HotlineError(
      'HOTLINE_RECORD_MAP_INVALID',
      `${mapName} names column(s) that ${file}'s header lacks (${missing.join(', ')}); its header has ${header.join(', ')}. Fix the map's columns.`,
    );
  return out;
}

const quote = (value: string) => JSON.stringify(value);

const YES_NO: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  y: true,
  n: false,
  是: true,
  否: false,
};

/** Seconds of a duration cell: plain seconds (`185`, `185.5`) or `[h:]mm:ss`, from 0 to 7 days. */
function durationSec(value: string, column: string): number {
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim());
  const seconds = clock
    ? Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3])
    : parseSeconds(value, column, 'a duration (seconds, or h:mm:ss)');
  return boundedDuration(seconds, value, column);
}

/** Epoch seconds of a time cell in the map's format and zone, from 1990-01-01 to 2100-01-01 (boundedEpoch). */
function timeSec(value: string, column: string, time: RecordMap['time']): number {
  return boundedEpoch(unboundedTimeSec(value, column, time), value, column);
}

function unboundedTimeSec(value: string, column: string, time: RecordMap['time']): number {
  const text = value.trim();
  if (time.format === 'epoch-seconds') return parseSeconds(text, column, 'epoch seconds');
  if (time.format === 'epoch-ms') return parseSeconds(text, column, 'epoch milliseconds') / 1000;
  const parsed =
    time.format === 'iso'
      ? DateTime.fromISO(text, { zone: time.zone })
      : DateTime.fromFormat(text, time.format, { zone: time.zone });
  if (!parsed.isValid)
    throw new RowError(
      column,
      `${quote(value)} is not a time in the map's format ${time.format} (${parsed.invalidExplanation})`,
    );
  return parsed.toMillis() / 1000;
}

/** The row's records, read one mapped field at a time. */
class MappedRow {
  constructor(
    private readonly cells: readonly Cell[],
    private readonly columns: MappedColumns,
    private readonly map: RecordMap,
  ) {}

  /** The column name of `field` (for messages). */
  name(field: MapField): string {
    return this.map.columns[field]!;
  }

  /** The cell's text, or null when the field has no column or the cell is empty (quoted or not). */
  text(field: MapField): string | null {
    const at = this.columns[field];
    const cell = at === undefined ? null : (this.cells[at] ?? null);
    return cell === null || cell.trim() === '' ? null : cell.trim();
  }

  time(field: MapField, arrivalSec?: number): number | null {
    const cell = this.text(field);
    if (cell === null) return null;
    const sec = timeSec(cell, this.name(field), this.map.time);
    if (arrivalSec !== undefined && sec < arrivalSec)
      throw new RowError(this.name(field), `${quote(cell)} is before the call's arrival (${this.name('arrivalSec')})`);
    return sec;
  }

  duration(field: MapField): number | null {
    const cell = this.text(field);
    return cell === null ? null : durationSec(cell, this.name(field));
  }

  oneOf<T extends string>(field: MapField, allowed: readonly T[]): T | null {
    const cell = this.text(field);
    if (cell === null || (allowed as readonly string[]).includes(cell)) return cell as T | null;
    throw new RowError(this.name(field), `${quote(cell)} is not one of ${allowed.join(', ')}`);
  }

  whole(field: MapField, low: number, high: number): number | null {
    const cell = this.text(field);
    if (cell === null) return null;
    if (!/^\d+$/.test(cell) || Number(cell) < low || Number(cell) > high)
      throw new RowError(this.name(field), `${quote(cell)} is not a whole number from ${low} to ${high}`);
    return Number(cell);
  }

  /** A yes/no cell (true/false, 1/0, yes/no, y/n, 是/否), or null when empty or absent. */
  yesNo(field: MapField): boolean | null {
    const cell = this.text(field);
    if (cell === null) return null;
    const value = YES_NO[cell.toLowerCase()];
    if (value === undefined)
      throw new RowError(this.name(field), `${quote(cell)} is not yes/no (true/false, 1/0, 是/否)`);
    return value;
  }

  /** The pool: its column, else the map's groupPools entry of the agent group, else the constant. */
  pool(agentGroup: string | null): AgentPool | null {
    const column = this.oneOf('pool', ['in-house', 'outsourced'] as const);
    const pools = this.map.groupPools;
    if (column !== null || pools === undefined || agentGroup === null) return column ?? this.map.constants.pool ?? null;
    const pool = pools[agentGroup];
    if (pool === undefined)
      throw new RowError(
        this.map.columns.agentGroup ?? 'agentGroup',
        `${quote(agentGroup)} is not in the map's groupPools (${Object.keys(pools).join(', ')})`,
      );
    return pool;
  }

  outcome(answerSec: number | null, queueEntrySec: number | null): CallOutcome {
    const { values, otherwise } = this.map.outcome;
    if (values === undefined) return answerSec !== null ? 'answered' : queueEntrySec !== null ? 'abandoned' : otherwise;
    const code = this.text('outcome');
    const outcome = code === null ? undefined : values[code];
    if (outcome === undefined)
      throw new RowError(
        this.name('outcome'),
        `${code === null ? 'is empty' : `${quote(code)} is not in the map's outcome.values`}; expected one of ${Object.keys(values).join(', ')}`,
      );
    return outcome;
  }
}

/** Talk or handle time: null for a call no agent took (a 0 there is the export's way of saying none; more is a bad row). */
function agentSec(row: MappedRow, field: MapField, answered: boolean): number | null {
  const sec = row.duration(field);
  if (answered || sec === null || sec === 0) return answered ? sec : null;
  throw new RowError(row.name(field), `is ${sec} s but the call was not answered`);
}

/** The record one row of a mapped export holds; throws RowError naming the first bad cell's column. */
export function recordFromMappedRow(
  cells: readonly Cell[],
  columns: MappedColumns,
  map: RecordMap,
  context: MappedRowContext,
): CallRecord {
  const row = new MappedRow(cells, columns, map);
  const c = map.constants;
  const arrivalSec = row.time('arrivalSec');
  if (arrivalSec === null) throw new RowError(row.name('arrivalSec'), 'is empty; the arrival time is required');
  const callSid = map.columns.callSid === undefined ? `${context.fileName}:${context.line}` : row.text('callSid');
  if (callSid === null) throw new RowError(row.name('callSid'), 'is empty; the call id is required');
  const number = row.text('callerNumber');
  if (number !== null && context.hashKey === null)
    throw new HotlineError('HOTLINE_ARGUMENT_INVALID', 'recordFromMappedRow: a callerNumber column needs a hashKey');
  const prefixed = number !== null && map.callerPrefix && !number.startsWith('+') ? map.callerPrefix + number : number;
  const queueEntrySec = row.time('queueEntrySec', arrivalSec);
  const answerSec = row.time('answerSec', arrivalSec);
  const endSec = row.time('endSec', arrivalSec);
  const outcome = row.outcome(answerSec, queueEntrySec);
  if (outcome === 'abandoned' && answerSec !== null)
    throw new RowError(row.name('answerSec'), `is set but the call's outcome is abandoned; one of the two is wrong`);
  const answered = outcome === 'answered' || answerSec !== null;
  const talkColumn = agentSec(row, 'talkSec', answered);
  const talkSec = talkColumn ?? (answered && answerSec !== null && endSec !== null ? endSec - answerSec : null);
  if (talkColumn === null && talkSec !== null && talkSec > MAX_DURATION_SEC)
    throw new RowError(
      row.name('endSec'),
      `is ${talkSec} s after the answer (${row.name('answerSec')}); a call's talk time is at most ${MAX_DURATION_SEC} s (7 days)`,
    );
  const wrapUpSec = agentSec(row, 'wrapUpSec', answered);
  const handleColumn = agentSec(row, 'handleSec', answered);
  const handleSec = handleColumn ?? (talkSec !== null && wrapUpSec !== null ? talkSec + wrapUpSec : null);
  if (handleColumn === null && handleSec !== null && handleSec > MAX_DURATION_SEC)
    throw new RowError(
      row.name('wrapUpSec'),
      `makes the handle time (talk + wrap-up) ${handleSec} s; a call's handle time is at most ${MAX_DURATION_SEC} s (7 days)`,
    );
  const rating = row.whole('rating', 1, 5);
  const agentGroup = row.text('agentGroup') ?? c.agentGroup ?? null;
  const base = newCallRecord({
    callSid,
    flowId: (row.text('flowId') ?? c.flowId)!,
    direction: row.oneOf('direction', ['inbound', 'callback'] as const) ?? c.direction ?? 'inbound',
    callerHash: prefixed === null ? null : hashCaller(prefixed, context.hashKey!),
    arrivalSec,
    language: (row.text('language') ?? c.language)!,
    lastState: c.lastState ?? 'imported',
  });
  return {
    ...base,
    ivrExitSec: row.time('ivrExitSec', arrivalSec) ?? queueEntrySec,
    queueEntrySec,
    answerSec,
    abandonSec: row.time('abandonSec', arrivalSec) ?? (outcome === 'abandoned' ? endSec : null),
    endSec,
    handleSec,
    talkSec,
    callType: row.text('callType') ?? c.callType ?? null,
    attempt: row.whole('attempt', 1, 1_000_000) ?? 1,
    skill: row.text('skill') ?? c.skill ?? null,
    pool: row.pool(agentGroup),
    agentGroup,
    agentId: row.text('agentId'),
    outcome,
    rating,
    surveyInvited: rating !== null,
    callbackRequested: outcome === 'callback',
    transferTo: row.text('transferTo'),
    resolved: row.yesNo('resolved'),
  };
}
