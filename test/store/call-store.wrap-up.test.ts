import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CallRecord, newCallRecord } from '../../src/record/call-record.js';
import type { CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-store-wrap-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(callSid: string, arrivalSec: number, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    ...newCallRecord({
      callSid,
      flowId: 'f',
      direction: 'inbound',
      callerHash: 'h1',
      arrivalSec,
      language: 'cmn-CN',
      lastState: 'queue',
    }),
    ...extra,
  };
}

const stores: [string, () => CallStore][] = [
  ['memory', () => new MemoryCallStore()],
  ['sqlite', () => new SqliteCallStore(join(dir, `${Math.random().toString(36).slice(2)}.db`))],
];

describe.each(stores)('the %s store: the agent desktop’s reads and writes', (_name, open) => {
  it('sets call type and resolution on a final record, and a later write of the call keeps them', async () => {
    const store = open();
    const open1 = record('CA1', 100, { agentId: '3001', answerSec: 130 });
    await store.putRecord(open1);
    expect(await store.setWrapUp('CA1', { callType: 'help', resolved: true })).toBe(true);
    await store.endSession('CA1', { ...open1, endSec: 200, outcome: 'answered' });
    expect(await store.getRecord('CA1')).toMatchObject({ callType: 'help', resolved: true, outcome: 'answered' });
    expect(await store.setWrapUp('CA1', { callType: 'complaint', resolved: false }), 'a correction').toBe(true);
    expect(await store.getRecord('CA1')).toMatchObject({ callType: 'complaint', resolved: false, endSec: 200 });
    expect(await store.setWrapUp('CA-none', { callType: 'help', resolved: true })).toBe(false);
    await store.close();
  });

  it("lists one agent's records of a window, and counts a caller's inbound calls of a window", async () => {
    const store = open();
    await store.putRecord(record('CA1', 100, { agentId: '3001' }));
    await store.putRecord(record('CA2', 200, { agentId: '3002' }));
    await store.putRecord(record('CA3', 300, { agentId: '3001' }));
    await store.putRecord(record('CA4', 400, { agentId: '3001' }));
    await store.putRecord(record('CA5', 250, { direction: 'callback' }));
    await store.putRecord(record('CA6', 260, { callerHash: 'h2' }));
    expect((await store.listAgentRecords('3001', 100, 400, 10)).map((r) => r.callSid)).toEqual(['CA1', 'CA3']);
    expect((await store.listAgentRecords('3001', 0, 1000, 2)).map((r) => r.callSid)).toEqual(['CA1', 'CA3']);
    expect(await store.countInboundCalls('h1', 100, 400), 'callbacks and other callers left out').toBe(3);
    expect(await store.countInboundCalls('h1', 101, 1000)).toBe(3);
    await store.close();
  });
});
