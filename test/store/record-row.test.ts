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
    arrivalSec: '1772409600',
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
    expect(problem({ talkSec: '-3' }).message).toBe(
      '"-3" is negative; expected a duration from 0 to 604800 s (7 days)',
    );
    expect(problem({ handleSec: 'abc' }).message).toBe('"abc" is not a number of seconds');
    expect(problem({ pool: 'vendor' }).message).toBe('"vendor" is not one of in-house, outsourced');
  });

  it('bounds durations to 0 to 7 days and times to 1990-01-01 to 2100-01-01, naming the column and the value', () => {
    const days = (field: 'handleSec' | 'talkSec', value: string) => ({
      column: field,
      message: `"${value}" is more than 7 days; expected a duration from 0 to 604800 s (7 days)`,
    });
    expect(problem({ handleSec: '1e300' })).toEqual(days('handleSec', '1e300'));
    expect(problem({ talkSec: '604800.5' })).toEqual(days('talkSec', '604800.5'));
    expect(recordFromRow(row({ handleSec: '604800', talkSec: '0' }), columns)).toMatchObject({ handleSec: 604800 });
    const time = (field: string, value: string) => ({
      column: field,
      message: `"${value}" is not a time from 1990-01-01 to 2100-01-01 (UTC; epoch seconds 631152000 to 4102444800)`,
    });
    expect(problem({ arrivalSec: '-1e15' })).toEqual(time('arrivalSec', '-1e15'));
    expect(problem({ arrivalSec: '1e11' })).toEqual(time('arrivalSec', '1e11'));
    expect(problem({ endSec: '631151999.9' })).toEqual(time('endSec', '631151999.9'));
    expect(problem({ answerSec: '4102444800' })).toEqual(time('answerSec', '4102444800'));
    expect(problem({ answerSec: '2100-01-01T00:00:00Z' })).toEqual(time('answerSec', '2100-01-01T00:00:00Z'));
    expect(problem({ ivrExitSec: '1989-12-31T23:59:59Z' })).toEqual(time('ivrExitSec', '1989-12-31T23:59:59Z'));
    const edges = recordFromRow(row({ arrivalSec: '631152000', endSec: '2099-12-31T23:59:59Z' }), columns);
    expect(edges).toMatchObject({ arrivalSec: 631152000, endSec: 4102444799 });
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
