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
