import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { recordsCsvText, writeRecordsCsv } from '../../src/store/record-csv-writer.js';

async function* from(records: CallRecord[]) {
  yield* records;
}

function sink(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    out: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('writeRecordsCsv', () => {
  it("writes the record's field names, numbers as they are, true/false, null empty and '' quoted", async () => {
    const record = {
      ...newCallRecord({
        callSid: 'CA1',
        flowId: 'f',
        direction: 'inbound',
        callerHash: null,
        arrivalSec: 1772409901.1,
        language: 'cmn-CN',
        lastState: '',
      }),
      surveyInvited: true,
      agentId: 'a,b',
      resolved: false,
    };
    const { out, text } = sink();
    expect(await writeRecordsCsv(from([record]), out)).toBe(1);
    const [header, row] = text().split('\n');
    expect(header).toMatch(/^callSid,flowId,direction,callerHash,arrivalSec,/);
    expect(row).toBe('CA1,f,inbound,,1772409901.1,,,,,,,,,1,,,,"a,b",,,true,cmn-CN,false,,"",false');
  });

  it('writes the header alone when there are no records', async () => {
    const { out, text } = sink();
    expect(await writeRecordsCsv(from([]), out)).toBe(0);
    expect(text()).toMatch(/^callSid,.*,lastState,resolved\n$/);
  });
});

describe('recordsCsvText', () => {
  const record = (n: number): CallRecord => ({
    ...newCallRecord({
      callSid: `SIM0-${n}`,
      flowId: 'none',
      direction: 'inbound',
      callerHash: n % 2 ? null : `5a${'0'.repeat(29)}${n}`,
      arrivalSec: 1767542400 + n / 3,
      language: 'cmn-CN',
      lastState: '',
    }),
    answerSec: n % 3 ? null : 1767542400 + n,
    surveyInvited: n % 2 === 0,
    resolved: n % 4 === 0 ? null : n % 4 === 1,
  });

  it("gives writeRecordsCsv's bytes when batches follow each other, the header with the first only", async () => {
    const records = Array.from({ length: 7 }, (_, i) => record(i + 1));
    const { out, text } = sink();
    await writeRecordsCsv(from(records), out);
    const batched = recordsCsvText(records.slice(0, 3), true) + recordsCsvText(records.slice(3), false);
    expect(batched).toBe(text());
  });

  it('writes the header alone for an empty first batch and nothing for an empty later one', async () => {
    const { out, text } = sink();
    await writeRecordsCsv(from([]), out);
    expect(recordsCsvText([], true)).toBe(text());
    expect(recordsCsvText([], false)).toBe('');
  });
});
