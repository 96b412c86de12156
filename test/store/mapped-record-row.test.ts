import { describe, expect, it } from 'vitest';
import { hashCaller } from '../../src/store/caller-hash.js';
import { mappedColumns, recordFromMappedRow } from '../../src/store/mapped-record-row.js';
import { parseRecordMap } from '../../src/store/record-map.js';
import { RowError } from '../../src/store/record-row.js';

const KEY = 'k'.repeat(32);
const HEADER = ['Id', 'Ani', 'Start', 'Queue', 'Answer', 'End', 'Talk', 'Wrap', 'Group', 'Disp'];

function mapOf(extra = ''): ReturnType<typeof parseRecordMap> {
  return parseRecordMap(
    `columns: { callSid: Id, callerNumber: Ani, arrivalSec: Start, queueEntrySec: Queue, answerSec: Answer, endSec: End,
  talkSec: Talk, wrapUpSec: Wrap, agentGroup: Group }
time: { format: 'yyyy-MM-dd HH:mm:ss', zone: Asia/Shanghai }
callerPrefix: '+86'
constants: { flowId: acd, language: cmn-CN }
${extra}`,
    'm.yaml',
  );
}

function read(cells: (string | null)[], map = mapOf()) {
  return recordFromMappedRow(cells, mappedColumns(HEADER, map, 'a.csv', 'm.yaml'), map, {
    fileName: 'a.csv',
    line: 2,
    hashKey: KEY,
  });
}

const at = (hhmmss: string) => {
  const [h, m, s] = hhmmss.split(':').map(Number);
  return Date.UTC(2026, 2, 2, h! - 8, m, s) / 1000;
};

describe('recordFromMappedRow', () => {
  it('reads China local times, derives answered, talk, handle = talk + wrap-up, and hashes the +86 number', () => {
    const record = read([
      'A1',
      '13912345678',
      '2026-03-02 08:00:00',
      '2026-03-02 08:00:30',
      '2026-03-02 08:00:40',
      '2026-03-02 08:03:40',
      '00:03:00',
      '25',
      'G1',
      null,
    ]);
    expect(record).toMatchObject({
      callSid: 'A1',
      arrivalSec: at('08:00:00'),
      ivrExitSec: at('08:00:30'),
      queueEntrySec: at('08:00:30'),
      answerSec: at('08:00:40'),
      endSec: at('08:03:40'),
      talkSec: 180,
      handleSec: 205,
      outcome: 'answered',
      agentGroup: 'G1',
      flowId: 'acd',
      lastState: 'imported',
    });
    expect(record.callerHash).toBe(hashCaller('+8613912345678', KEY));
  });

  it('derives abandoned (abandonSec = end) from a queue time without an answer, ivr-hangup from neither', () => {
    const abandoned = read([
      'A2',
      '',
      '2026-03-02 08:00:00',
      '2026-03-02 08:00:30',
      '',
      '2026-03-02 08:01:00',
      '0',
      '0',
      'G1',
      null,
    ]);
    expect(abandoned).toMatchObject({
      outcome: 'abandoned',
      abandonSec: at('08:01:00'),
      talkSec: null,
      handleSec: null,
    });
    expect(abandoned.callerHash).toBeNull();
    const ivr = read(['A3', '', '2026-03-02 08:00:00', '', '', '2026-03-02 08:00:20', '', '', '', null]);
    expect(ivr).toMatchObject({ outcome: 'ivr-hangup', queueEntrySec: null, ivrExitSec: null, agentGroup: null });
  });

  it('maps disposition codes through outcome.values, and refuses a code the table lacks', () => {
    const map = parseRecordMap(
      `columns: { arrivalSec: Start, outcome: Disp }
time: { format: iso, zone: Asia/Shanghai }
outcome: { values: { TRF: transferred } }
constants: { flowId: acd, language: cmn-CN }`,
      'm.yaml',
    );
    const cells = (disp: string) => [null, null, '2026-03-02T08:00:00', null, null, null, null, null, null, disp];
    expect(read(cells('TRF'), map)).toMatchObject({ outcome: 'transferred', callSid: 'a.csv:2' });
    const withAnswer = parseRecordMap(
      `columns: { arrivalSec: Start, answerSec: Answer, outcome: Disp }
time: { format: iso, zone: Asia/Shanghai }
outcome: { values: { ABN: abandoned } }
constants: { flowId: acd, language: cmn-CN }`,
      'm.yaml',
    );
    const answeredAbandon = [
      null,
      null,
      '2026-03-02T08:00:00',
      null,
      '2026-03-02T08:00:09',
      null,
      null,
      null,
      null,
      'ABN',
    ];
    expect(() => read(answeredAbandon, withAnswer)).toThrow("is set but the call's outcome is abandoned");
    expect(() => read(cells('XYZ'), map)).toThrow(RowError);
    expect(() => read(cells('XYZ'), map)).toThrow('"XYZ" is not in the map\'s outcome.values; expected one of TRF');
  });

  it('refuses a time before the arrival, a bad time, and talk time on an unanswered call, naming the column', () => {
    const base = ['A4', '', '2026-03-02 08:00:00', '2026-03-02 07:59:00', '', '', '', '', '', null];
    expect(() => read(base)).toThrow(/"2026-03-02 07:59:00" is before the call's arrival \(Start\)/);
    const bad = [...base];
    bad[3] = '02/03/2026 08:00';
    let caught: unknown;
    try {
      read(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ column: 'Queue', message: expect.stringMatching(/not a time in the map's format/) });
    const talk = ['A5', '', '2026-03-02 08:00:00', '', '', '', '35', '', '', null];
    expect(() => read(talk)).toThrow('is 35 s but the call was not answered');
  });

  it('bounds durations (talk, wrap-up, handle, derived talk) to 7 days and times to 1990 to 2100, naming the column', () => {
    const problem = (cells: (string | null)[], map = mapOf()) => {
      try {
        read(cells, map);
      } catch (error) {
        if (error instanceof RowError) return { column: error.column, message: error.message };
        throw error;
      }
      throw new Error('no problem found');
    };
    const answered = (talk: string, wrap: string, end = '2026-03-02 08:03:40', start = '2026-03-02 08:00:00') => [
      'A7',
      '',
      start,
      '2026-03-02 08:00:30',
      '2026-03-02 08:00:40',
      end,
      talk,
      wrap,
      'G1',
      null,
    ];
    const days = (column: string, value: string) => ({
      column,
      message: `"${value}" is more than 7 days; expected a duration from 0 to 604800 s (7 days)`,
    });
    expect(problem(answered('1e300', '25'))).toEqual(days('Talk', '1e300'));
    expect(problem(answered('180', '1e300'))).toEqual(days('Wrap', '1e300'));
    expect(problem(answered('168:00:01', '25'))).toEqual(days('Talk', '168:00:01'));
    expect(read(answered('168:00:00', '0')).talkSec).toBe(604800);
    expect(problem(answered('', '25', '2026-03-09 08:00:41'))).toEqual({
      column: 'End',
      message: "is 604801 s after the answer (Answer); a call's talk time is at most 604800 s (7 days)",
    });
    expect(problem(answered('604800', '1'))).toEqual({
      column: 'Wrap',
      message: "makes the handle time (talk + wrap-up) 604801 s; a call's handle time is at most 604800 s (7 days)",
    });
    const handle = parseRecordMap(
      `columns: { arrivalSec: Start, answerSec: Answer, handleSec: Talk }
time: { format: epoch-seconds, zone: UTC }
constants: { flowId: acd, language: cmn-CN }`,
      'm.yaml',
    );
    const epoch = (start: string, talk = '60') => [null, null, start, null, '1772409700', null, talk, null, null, null];
    expect(problem(epoch('1772409600', '1e300'), handle)).toEqual(days('Talk', '1e300'));
    const time = (column: string, value: string) => ({
      column,
      message: `"${value}" is not a time from 1990-01-01 to 2100-01-01 (UTC; epoch seconds 631152000 to 4102444800)`,
    });
    expect(problem(epoch('-1e15'), handle)).toEqual(time('Start', '-1e15'));
    expect(problem(epoch('1e11'), handle)).toEqual(time('Start', '1e11'));
    expect(problem(answered('180', '25', '2100-01-01 08:00:00'))).toEqual(time('End', '2100-01-01 08:00:00'));
    expect(problem(answered('180', '25', undefined, '1989-12-31 23:00:00'))).toEqual(
      time('Start', '1989-12-31 23:00:00'),
    );
    const ms = parseRecordMap(
      'columns: { arrivalSec: Start }\ntime: { format: epoch-ms, zone: UTC }\nconstants: { flowId: acd, language: cmn-CN }',
      'm.yaml',
    );
    const msRow = (start: string) => [null, null, start, null, null, null, null, null, null, null];
    expect(read(msRow('631152000000'), ms).arrivalSec).toBe(631152000);
    expect(problem(msRow('4102444800000'), ms)).toEqual(time('Start', '4102444800000'));
  });

  it('gives each agent group its pool from groupPools, and refuses a group not listed', () => {
    const map = mapOf('groupPools: { G1: outsourced }');
    const cells = (group: string) => [
      'A6',
      '',
      '2026-03-02 08:00:00',
      '2026-03-02 08:00:10',
      '',
      '',
      '',
      '',
      group,
      null,
    ];
    expect(read(cells('G1'), map).pool).toBe('outsourced');
    expect(() => read(cells('G2'), map)).toThrow(`"G2" is not in the map's groupPools (G1)`);
  });

  it('refuses a map whose columns the header lacks', () => {
    expect(() => mappedColumns(['Id'], mapOf(), 'a.csv', 'm.yaml')).toThrow(
      /m\.yaml names column\(s\) that a\.csv's header lacks/,
    );
  });
});
