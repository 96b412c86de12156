import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseRecordMap } from '../../src/store/record-map.js';
import { readRecordsCsv } from '../../src/store/record-csv-reader.js';

const BAD = join(import.meta.dirname, '../fixtures/records/bad-rows.csv');
const dir = mkdtempSync(join(tmpdir(), 'hotline-csv-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(read: AsyncIterable<CallRecord>): Promise<CallRecord[]> {
  const out: CallRecord[] = [];
  for await (const record of read) out.push(record);
  return out;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readRecordsCsv', () => {
  it('fails on the first bad row by default, naming file:line, column, value and what is expected', async () => {
    await expect(all(readRecordsCsv(BAD, { name: 'bad-rows.csv' }))).rejects.toThrow(
      /^bad-rows\.csv: more than 0 bad row\(s\) \(--max-bad-rows 0\); the first:\nbad-rows\.csv:3: direction: "outbound" is not one of inbound, callback/,
    );
  });

  it('skips and reports every bad row within --max-bad-rows, keeping the good ones', async () => {
    const read = readRecordsCsv(BAD, { name: 'bad-rows.csv', maxBadRows: 5 });
    const records = await all(read);
    expect(records.map((r) => r.callSid)).toEqual(['good-1', 'good-2', 'good-3']);
    expect(read.rowCount).toBe(8);
    expect(read.badRowCount).toBe(5);
    expect(read.badRows.map((bad) => [bad.line, bad.column])).toEqual([
      [3, 'direction'],
      [4, 'arrivalSec'],
      [6, 'rating'],
      [7, null],
      [8, 'callerHash'],
    ]);
    expect(read.badRows[1]!.message).toMatch(/"2026-03-02 08:05:01" is not a time: expected epoch seconds or ISO 8601/);
    expect(read.badRows[2]!.message).toBe('"6" is not a whole number from 1 to 5');
    expect(read.badRows[3]!.message).toBe('has 5 cell(s) where the header has 12');
    expect(read.badRows[4]!.message).toMatch(/not a caller hash.*never imported in clear/);
  });

  it('fails once the bad rows are one more than allowed', async () => {
    await expect(all(readRecordsCsv(BAD, { name: 'b.csv', maxBadRows: 4 }))).rejects.toThrow(
      /more than 4 bad row\(s\)[\s\S]*b\.csv:8: callerHash:/,
    );
  });

  it('reads the record’s own field names without a map: defaults for absent columns, ISO times, "" apart from null', async () => {
    const records = await all(readRecordsCsv(BAD, { maxBadRows: 5 }));
    const [good1, good2, good3] = records;
    expect(good1).toMatchObject({ arrivalSec: 1772409901, answerSec: 1772409930, outcome: 'answered', rating: 1 });
    expect(good1).toMatchObject({ surveyInvited: true, attempt: 1, callbackRequested: false, handleSec: null });
    expect(good2!.arrivalSec).toBe(Date.UTC(2026, 2, 2, 0, 6) / 1000);
    expect(good3).toMatchObject({ direction: 'callback', language: 'en-US', lastState: '', outcome: null });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])(
    'names the exact line of a bad row across chunks, blank lines, multi-line cells, quoted empties (%s)',
    async (_, eol) => {
      const header = 'callSid,flowId,direction,arrivalSec,handleSec,agentId,transferTo,language,lastState';
      const lines = [`\uFEFF${header}`];
      const bad = new Map<number, string>();
      const expected: { callSid: string; agentId: string | null; transferTo: string | null; lastState: string }[] = [];
      for (let i = 0; i < 3000; i += 1) {
        const sid = `c${i}`;
        if (i % 250 === 7) {
          lines.push('', '');
        }
        if (i % 400 === 11) {
          lines.push(`${sid},f,inbound,1772409600,10,"line one`, `line ""two"", with a comma",,cmn-CN,""`);
          expected.push({
            callSid: sid,
            agentId: `line one${eol}line "two", with a comma`,
            transferTo: null,
            lastState: '',
          });
          continue;
        }
        if (i % 500 === 13) {
          lines.push(`${sid},f,inbound,1772409600,1e300,a,"",cmn-CN,""`);
          bad.set(lines.length, 'handleSec');
          continue;
        }
        if (i % 700 === 17) {
          lines.push(`${sid},f,inbound,1e11,,,,cmn-CN,q`);
          bad.set(lines.length, 'arrivalSec');
          continue;
        }
        lines.push(`${sid},f,inbound,1772409600,${i},"",,cmn-CN,""`);
        expected.push({ callSid: sid, agentId: '', transferTo: null, lastState: '' });
      }
      lines.push(`last,f,inbound,1772409600,1e300,,,cmn-CN,""`);
      bad.set(lines.length, 'handleSec');
      const path = file('lines.csv', lines.join(eol));
      const read = readRecordsCsv(path, { name: 'lines.csv', maxBadRows: 100 });
      const records = await all(read);
      expect(read.badRows.map((b) => [b.line, b.column])).toEqual([...bad.entries()]);
      expect(
        records.map((r) => ({
          callSid: r.callSid,
          agentId: r.agentId,
          transferTo: r.transferTo,
          lastState: r.lastState,
        })),
      ).toEqual(expected);
      const visited: CallRecord[] = [];
      await read.visitRecords((record) => {
        visited.push(record);
      });
      expect(visited).toEqual(records);
      expect(read.badRows.map((b) => b.line)).toEqual([...bad.keys()]);
      await expect(all(readRecordsCsv(path, { name: 'lines.csv' }))).rejects.toThrow(
        `lines.csv:${[...bad.keys()][0]}: handleSec: "1e300" is more than 7 days`,
      );
    },
  );

  it('refuses a header that is neither the record’s field names nor mapped, before any row', async () => {
    const path = file('acd.csv', 'CallID,StartTime\nA1,2026-03-02 08:00:00\n');
    await expect(all(readRecordsCsv(path, { name: 'acd.csv' }))).rejects.toThrow(
      /^acd\.csv:1: unknown column\(s\) CallID, StartTime; missing column\(s\) callSid, flowId, direction, arrivalSec, language, lastState\. Without --map/,
    );
  });

  it('names a CSV it cannot parse (an unclosed quote) with its line', async () => {
    const path = file('broken.csv', 'callSid,flowId,direction,arrivalSec,language,lastState\n"a,b\n');
    await expect(all(readRecordsCsv(path, { name: 'broken.csv' }))).rejects.toMatchObject({
      code: 'HOTLINE_RECORDS_INVALID',
      message: expect.stringMatching(/^broken\.csv:\d+: not readable as CSV/),
    });
  });

  it('refuses an empty file', async () => {
    await expect(all(readRecordsCsv(file('empty.csv', ''), { name: 'empty.csv' }))).rejects.toThrow(
      /empty\.csv: the file is empty/,
    );
  });

  it('reads another system’s export through a map, naming a column the CSV lacks', async () => {
    const map = parseRecordMap(
      'columns: { arrivalSec: Start, answerSec: Answer }\ntime: { format: iso, zone: Asia/Shanghai }\nconstants: { flowId: f, language: cmn-CN }\n',
      'm.yaml',
    );
    const path = file('other.csv', 'Start,Answer\n2026-03-02T08:00:00,2026-03-02T08:00:20\n');
    const [record] = await all(readRecordsCsv(path, { map }));
    expect(record).toMatchObject({
      callSid: 'other.csv:2',
      arrivalSec: Date.UTC(2026, 2, 2) / 1000,
      outcome: 'answered',
    });
    const lacking = file('lacking.csv', 'Start\n2026-03-02T08:00:00\n');
    await expect(all(readRecordsCsv(lacking, { map, mapName: 'm.yaml', name: 'lacking.csv' }))).rejects.toThrow(
      /^m\.yaml names column\(s\) that lacking\.csv's header lacks \(answerSec: Answer\)/,
    );
  });
});
