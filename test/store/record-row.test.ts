import { describe, expect, it } from 'vitest';
import { CALL_RECORD_FIELDS } from '../../src/record/call-record.js';
import {
  parseEpochOrIso,
  recordColumns,
  recordFromRow,
  REQUIRED_RECORD_COLUMNS,
  RowError,
  type Cell,
} from '../../src/store/record-row.js';

const header = [...CALL_RECORD_FIELDS];
const columns = recordColumns(header, 'x.csv');

/** A full row of the record's fields with `cells` over the defaults. */
function row(cells: Partial<Record<(typeof CALL_RECORD_FIELDS)[number], Cell>>): Cell[] {
  const base: Partial<Record<string, Cell>> = {
    callSid: 'CA1',
    flowId: 'f',
    direction: 'inbound',
    arrivalSec: '100',
    language: 'cmn-CN',
    lastState: 'done',
  };
  return header.map((field) => (field in cells ? cells[field]! : (base[field] ?? null)));
}

function problem(cells: Parameters<typeof row>[0]): { column: string; message: string } {
  try {
    recordFromRow(row(cells), columns);
  } catch (error) {
    if (error instanceof RowError) return { column: error.column, message: error.message };
    throw error;
  }
  throw new Error('no problem found');
}

describe('recordFromRow', () => {
  it('reads nulls from unquoted empty cells and defaults for attempt and the flags', () => {
    expect(recordFromRow(row({}), columns)).toMatchObject({
      callerHash: null,
      answerSec: null,
      attempt: 1,
      surveyInvited: false,
      callbackRequested: false,
      outcome: null,
    });
  });

  it('keeps a quoted empty text as the empty string, apart from null', () => {
    expect(recordFromRow(row({ agentId: '', transferTo: null }), columns)).toMatchObject({
      agentId: '',
      transferTo: null,
    });
  });

  it('reads booleans as true/false/1/0 and refuses anything else', () => {
    expect(recordFromRow(row({ surveyInvited: '1', callbackRequested: 'true' }), columns)).toMatchObject({
      surveyInvited: true,
      callbackRequested: true,
    });
    expect(problem({ surveyInvited: 'yes' })).toEqual({
      column: 'surveyInvited',
      message: '"yes" is not true, false, 1 or 0',
    });
  });

  it('names the field, the value and what is expected for each kind of bad cell', () => {
    expect(problem({ callSid: null })).toEqual({ column: 'callSid', message: 'is empty; this field is required' });
    expect(problem({ outcome: 'hung-up' }).message).toMatch(/^"hung-up" is not one of answered, abandoned/);
    expect(problem({ attempt: '0' }).message).toBe('"0" is not a whole number from 1 to 1000000');
    expect(problem({ talkSec: '-3' }).message).toBe('"-3" is negative; expected seconds, 0 or more');
    expect(problem({ handleSec: 'abc' }).message).toBe('"abc" is not a number of seconds');
    expect(problem({ pool: 'vendor' }).message).toBe('"vendor" is not one of in-house, outsourced');
  });

  it('requires only the fields without a default', () => {
    expect(REQUIRED_RECORD_COLUMNS).toEqual(['callSid', 'flowId', 'direction', 'arrivalSec', 'language', 'lastState']);
    expect(() => recordColumns(['callSid', 'callSid'], 'y.csv')).toThrow(/repeated column\(s\) callSid/);
  });
});

describe('parseEpochOrIso', () => {
  it('reads epoch seconds exactly and ISO 8601 with an offset, and refuses a time without a zone', () => {
    expect(parseEpochOrIso('1772409901.125', 'c')).toBe(1772409901.125);
    expect(parseEpochOrIso('2026-03-02T08:00:00+08:00', 'c')).toBe(Date.UTC(2026, 2, 2) / 1000);
    expect(parseEpochOrIso('2026-03-02T00:00:00Z', 'c')).toBe(Date.UTC(2026, 2, 2) / 1000);
    expect(() => parseEpochOrIso('2026-03-02T08:00:00', 'c')).toThrow(/with its offset/);
    expect(() => parseEpochOrIso('2026-13-02T08:00:00Z', 'c')).toThrow(/is not an ISO 8601 time/);
  });
});
