import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../src/record/call-record.js';
import type { CallOutcome } from '../../src/record/call-record.js';
import type { CallSession, CallStore, RecordCursor, RecordPageQuery } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(callSid: string, queueName: string | null, queueEntrySec: number | null): CallSession {
  const record = {
    ...newCallRecord({
      callSid,
      flowId: 'f',
      direction: 'inbound',
      callerHash: 'h',
      arrivalSec: 1,
      language: 'cmn-CN',
      lastState: 'queue',
    }),
    queueEntrySec,
  };
  return {
    callSid,
    flowId: 'f',
    snapshot: { value: 'queue', context: { n: 1 } },
    turn: 2,
    queueName,
    queueSinceSec: queueEntrySec,
    pendingLeave: null,
    heardHold: false,
    marks: ['self-served'],
    lastTwiml: '<Response/>',
    journey: [
      { state: 'menu', kind: 'gather', atSec: 0, endSec: 3, event: { type: 'DIGITS', digits: '1' } },
      { state: 'queue', kind: 'enqueue', to: 'general', atSec: 3, endSec: null, event: null },
    ],
    record,
  };
}

describe.each([
  ['memory', () => new MemoryCallStore()],
  ['sqlite', () => new SqliteCallStore(join(dir, `contract-${Math.random().toString(36).slice(2)}.db`))],
] as const)('%s call store', (_name, make: () => CallStore) => {
  it('saves and loads a session with its record, unchanged', async () => {
    const store = make();
    const s = session('CA1', 'general.in-house', 10);
    await store.saveSession(s);
    expect(await store.getSession('CA1')).toEqual(s);
    expect(await store.getRecord('CA1')).toEqual(s.record);
    await store.close();
  });

  it('lists waiting callers longest-waiting first, excluding those leaving', async () => {
    const store = make();
    await store.saveSession(session('CA2', 'general.in-house', 20));
    await store.saveSession(session('CA1', 'general.in-house', 10));
    await store.saveSession(session('CA3', 'general.outsourced', 5));
    await store.saveSession({ ...session('CA4', 'general.in-house', 1), pendingLeave: 'overflow' });
    await store.saveSession(session('CA5', null, null));
    expect((await store.listWaiting(['general.in-house'])).map((s) => s.callSid)).toEqual(['CA1', 'CA2']);
    expect((await store.listWaiting(['general.in-house', 'general.outsourced'])).map((s) => s.callSid)).toEqual([
      'CA3',
      'CA1',
      'CA2',
    ]);
    expect(await store.listWaiting([])).toEqual([]);
    await store.close();
  });

  it('names the queue of the first caller listWaiting would list', async () => {
    const store = make();
    expect(await store.firstWaitingQueue(['general.in-house'])).toBeNull();
    await store.saveSession(session('CA2', 'general.in-house', 20));
    await store.saveSession(session('CA1', 'general.outsourced', 10));
    await store.saveSession(session('CA3', 'general.outsourced', 10));
    await store.saveSession({ ...session('CA4', 'general.in-house', 1), pendingLeave: 'overflow' });
    await store.saveSession(session('CA5', null, null));
    for (const queues of [
      ['general.in-house'],
      ['general.outsourced'],
      ['general.in-house', 'general.outsourced'],
      ['enterprise.in-house'],
      [],
    ]) {
      const first = (await store.listWaiting(queues))[0];
      expect(await store.firstWaitingQueue(queues), queues.join()).toBe(first?.queueName ?? null);
    }
    expect(await store.firstWaitingQueue(['general.in-house', 'general.outsourced'])).toBe('general.outsourced');
    await store.close();
  });

  it('counts the active agents with a skill', async () => {
    const store = make();
    expect(await store.countActiveAgents('general')).toBe(0);
    await store.putAgent({
      id: '8013',
      name: 'A',
      phone: null,
      skills: ['general', 'foreign-language'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    await store.putAgent({
      id: '8014',
      name: 'B',
      phone: null,
      skills: ['general'],
      pool: 'outsourced',
      active: true,
      pinHash: null,
    });
    await store.putAgent({
      id: '8015',
      name: 'C',
      phone: null,
      skills: ['general'],
      pool: 'in-house',
      active: false,
      pinHash: null,
    });
    await store.putAgent({
      id: '8016',
      name: 'D',
      phone: null,
      skills: ['general-affairs'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    for (const skill of ['general', 'foreign-language', 'general-affairs', 'enterprise']) {
      const listed = (await store.listAgents()).filter((a) => a.active && a.skills.includes(skill)).length;
      expect(await store.countActiveAgents(skill), skill).toBe(listed);
    }
    expect(await store.countActiveAgents('general')).toBe(2);
    await store.close();
  });

  it('ends a session and keeps the final record', async () => {
    const store = make();
    const s = session('CA1', 'general.in-house', 10);
    await store.saveSession(s);
    await store.endSession('CA1', { ...s.record, outcome: 'abandoned', endSec: 99, callbackRequested: true });
    expect(await store.getSession('CA1')).toBeUndefined();
    expect(await store.getRecord('CA1')).toMatchObject({ outcome: 'abandoned', endSec: 99, callbackRequested: true });
    expect(await store.listRecords()).toHaveLength(1);
    await store.close();
  });

  it('pages through records in (arrivalSec, callSid) order, each once, with time, outcome and pool filters', async () => {
    const store = make();
    const outcomes: CallOutcome[] = ['answered', 'abandoned', 'self-service'];
    const all = Array.from({ length: 240 }, (_, i) => ({
      // Ties on arrivalSec (three calls a second) and CallSids out of insertion order.
      ...newCallRecord({
        callSid: `CA${String((i * 7919) % 1000).padStart(4, '0')}`,
        flowId: 'f',
        direction: 'inbound',
        callerHash: null,
        arrivalSec: 1000 + Math.floor(i / 3),
        language: 'cmn-CN',
        lastState: 'end',
      }),
      outcome: i % 11 === 0 ? null : outcomes[i % 3]!,
      pool: i % 4 === 0 ? ('outsourced' as const) : ('in-house' as const),
    }));
    for (const record of all) await store.putRecord(record);
    const byKey = (a: { arrivalSec: number; callSid: string }, b: { arrivalSec: number; callSid: string }) =>
      a.arrivalSec - b.arrivalSec || (a.callSid < b.callSid ? -1 : 1);
    const pageThrough = async (query: Omit<RecordPageQuery, 'after'>) => {
      const seen: string[] = [];
      let after: RecordCursor | null = null;
      for (let pages = 0; pages < 1000; pages += 1) {
        const page = await store.listRecordsPage({ ...query, after });
        expect(page.records.length).toBeLessThanOrEqual(query.limit);
        seen.push(...page.records.map((r) => r.callSid));
        if (page.next === null) return seen;
        after = page.next;
      }
      throw new Error('paging did not end');
    };
    const want = (keep: (r: (typeof all)[number]) => boolean) =>
      all
        .filter(keep)
        .sort(byKey)
        .map((r) => r.callSid);
    expect(await pageThrough({ limit: 7 })).toEqual(want(() => true));
    expect(await pageThrough({ limit: 240 })).toEqual(want(() => true));
    expect(await pageThrough({ limit: 1000 })).toEqual(want(() => true));
    expect(await pageThrough({ limit: 5, fromSec: 1010, toSec: 1030 })).toEqual(
      want((r) => r.arrivalSec >= 1010 && r.arrivalSec < 1030),
    );
    expect(await pageThrough({ limit: 9, outcome: 'abandoned' })).toEqual(want((r) => r.outcome === 'abandoned'));
    expect(await pageThrough({ limit: 4, pool: 'outsourced', outcome: 'answered', fromSec: 1020 })).toEqual(
      want((r) => r.pool === 'outsourced' && r.outcome === 'answered' && r.arrivalSec >= 1020),
    );
    expect(await pageThrough({ limit: 3, outcome: 'voicemail' })).toEqual([]);
    const first = await store.listRecordsPage({ after: null, limit: 2 });
    expect(first.records).toEqual(all.slice().sort(byKey).slice(0, 2));
    await store.close();
  });

  it('keeps agents, callbacks and settings', async () => {
    const store = make();
    await store.putAgent({
      id: '8013',
      name: 'A',
      phone: '+8613900000001',
      skills: ['general'],
      pool: 'outsourced',
      active: true,
      pinHash: 'h',
    });
    expect(await store.findAgentByPhone('+8613900000001')).toMatchObject({
      id: '8013',
      pool: 'outsourced',
      skills: ['general'],
    });
    const cb = {
      id: 'x',
      callSid: 'CA1',
      skill: 'general',
      number: '+86138',
      status: 'pending' as const,
      createdSec: 1,
      dueSec: 5,
      attempts: 0,
      placedCallSid: null,
      lastError: null,
    };
    await store.putCallback(cb);
    await store.putCallback({ ...cb, id: 'y', status: 'failed', number: null });
    expect(await store.listCallbacks('pending')).toEqual([cb]);
    expect(await store.listCallbacks()).toHaveLength(2);
    await store.setSetting('k', 'v');
    expect(await store.getSetting('k')).toBe('v');
    expect(await store.getSetting('missing')).toBeUndefined();
    await store.close();
  });

  it("finds a caller's latest inbound call in a time range, callbacks and other callers aside", async () => {
    const store = make();
    const call = (
      callSid: string,
      callerHash: string | null,
      arrivalSec: number,
      attempt: number,
      callback = false,
    ) => ({
      ...newCallRecord({
        callSid,
        flowId: 'f',
        direction: callback ? 'callback' : 'inbound',
        callerHash,
        arrivalSec,
        language: 'cmn-CN',
        lastState: 'end',
      }),
      attempt,
      outcome: 'abandoned' as const,
    });
    await store.putRecord(call('CA1', 'h1', 100, 1));
    await store.putRecord({ ...call('CA2', 'h1', 200, 2), outcome: 'answered' });
    await store.putRecord(call('CA3', 'h1', 250, 1, true));
    await store.putRecord(call('CA4', 'h2', 260, 5));
    await store.putRecord(call('CA5', null, 270, 1));
    // Written without awaiting: a call that arrived in the same tick is still seen.
    const pending = store.putRecord({ ...call('CA6', 'h3', 300, 4), outcome: null });
    expect(await store.latestInboundCall('h3', 0, 301)).toEqual({ attempt: 4, outcome: null });
    await pending;
    expect(await store.latestInboundCall('h1', 0, 1000)).toEqual({ attempt: 2, outcome: 'answered' });
    expect(await store.latestInboundCall('h1', 0, 200), 'the end of the range is exclusive').toEqual({
      attempt: 1,
      outcome: 'abandoned',
    });
    expect(await store.latestInboundCall('h1', 201, 1000), 'a callback leg is not an inbound call').toBeNull();
    expect(await store.latestInboundCall('h9', 0, 1000)).toBeNull();
    // The call's final record, not yet committed, is newer than its open row.
    await store.putRecord({ ...call('CA7', 'h4', 400, 1), outcome: null });
    const ending = store.putRecord(call('CA7', 'h4', 400, 1));
    expect(await store.latestInboundCall('h4', 0, 1000)).toEqual({ attempt: 1, outcome: 'abandoned' });
    await ending;
    expect(await store.latestInboundCall('h4', 0, 1000)).toEqual({ attempt: 1, outcome: 'abandoned' });
    await store.close();
  });
});

describe('SQLite group commit', () => {
  it('commits the writes of one event-loop turn together, visible to another connection once resolved', async () => {
    const file = join(dir, 'group.db');
    const store = new SqliteCallStore(file);
    const writes = ['CA1', 'CA2', 'CA3'].map((sid) => store.saveSession(session(sid, 'general.in-house', 1)));
    // Read-your-writes before the commit.
    expect((await store.getSession('CA2'))?.callSid).toBe('CA2');
    await Promise.all(writes);
    const other = new SqliteCallStore(file);
    expect((await other.listRecords()).map((r) => r.callSid)).toEqual(['CA1', 'CA2', 'CA3']);
    const ending = store.endSession('CA1', { ...session('CA1', null, 1).record, outcome: 'abandoned' });
    expect(await other.getSession('CA1'), 'not committed yet').toBeDefined();
    expect(await store.getSession('CA1'), 'the ended session is gone for the writer at once').toBeUndefined();
    expect((await store.getRecord('CA1'))?.outcome).toBe('abandoned');
    await ending;
    expect(await other.getSession('CA1')).toBeUndefined();
    await other.close();
    await store.close();
  });

  it('serves remembered sessions only until another connection commits', async () => {
    const file = join(dir, 'remembered.db');
    const store = new SqliteCallStore(file);
    const other = new SqliteCallStore(file);
    const s = session('CA1', 'general.in-house', 10);
    await store.saveSession(s);
    expect((await store.getSession('CA1'))?.turn).toBe(2);
    await other.saveSession({ ...s, turn: 3, record: { ...s.record, lastState: 'agent' } });
    expect(await store.getSession('CA1')).toEqual({ ...s, turn: 3, record: { ...s.record, lastState: 'agent' } });
    await other.endSession('CA1', { ...s.record, outcome: 'answered' });
    expect(await store.getSession('CA1')).toBeUndefined();
    await other.close();
    await store.close();
  });

  it('serves remembered agents only until they change, here or on another connection', async () => {
    const file = join(dir, 'agents.db');
    const store = new SqliteCallStore(file);
    const other = new SqliteCallStore(file);
    const agent = {
      id: '8013',
      name: 'A',
      phone: null,
      skills: ['general'],
      pool: 'in-house' as const,
      group: 'in-house',
      active: true,
      pinHash: null,
    };
    expect(await store.getAgent('8013')).toBeUndefined();
    await other.putAgent(agent);
    expect(await store.getAgent('8013'), 'a remembered absence ends when another connection commits').toEqual(agent);
    const copy = await store.getAgent('8013');
    (copy!.skills as string[]).push('mutated');
    expect((await store.getAgent('8013'))?.skills).toEqual(['general']);
    await store.putAgent({ ...agent, active: false });
    expect((await store.getAgent('8013'))?.active).toBe(false);
    await other.putAgent({ ...agent, skills: ['consumer'] });
    expect((await store.getAgent('8013'))?.skills).toEqual(['consumer']);
    await other.close();
    await store.close();
  });

  it('keeps every record change when some saves leave the record as it was', async () => {
    const file = join(dir, 'unchanged-record.db');
    const store = new SqliteCallStore(file);
    const s = session('CA1', 'general.in-house', 10);
    await store.saveSession(s);
    await store.saveSession({ ...s, heardHold: true });
    const changed = { ...s, heardHold: true, record: { ...s.record, lastState: 'survey', rating: 2 } };
    await Promise.all([store.saveSession({ ...changed, pendingLeave: 'callback' }), store.saveSession(changed)]);
    const other = new SqliteCallStore(file);
    expect(await other.getSession('CA1')).toEqual(changed);
    expect(await other.getRecord('CA1')).toEqual(changed.record);
    await other.close();
    await store.close();
  });
});
