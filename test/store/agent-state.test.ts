import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { loggedOut, ON_DUTY_STATES, type AgentState, type AgentStatus } from '../../src/store/agent-state.js';
import type { Agent, CallSession, CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-agent-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function agent(id: string, pool: Agent['pool'], skills: string[], active = true): Agent {
  return { id, name: id, phone: null, skills, pool, active, pinHash: null };
}

function status(agentId: string, state: AgentState, sinceSec = 100): AgentStatus {
  return { agentId, state, sinceSec, callSid: null, answerSec: null };
}

function record(callSid: string, patch: Partial<CallRecord> = {}): CallRecord {
  const base = newCallRecord({
    callSid,
    flowId: 'f',
    direction: 'inbound',
    callerHash: null,
    arrivalSec: 1,
    language: 'cmn-CN',
    lastState: 'agent',
  });
  return { ...base, skill: 'general', ...patch };
}

function session(r: CallRecord): CallSession {
  return {
    callSid: r.callSid,
    flowId: 'f',
    snapshot: {},
    turn: 1,
    queueName: null,
    queueSinceSec: null,
    pendingLeave: null,
    heardHold: false,
    marks: [],
    lastTwiml: null,
    journey: [],
    record: r,
  };
}

const stores: [string, () => CallStore][] = [
  ['memory', () => new MemoryCallStore()],
  ['sqlite', () => new SqliteCallStore(join(dir, `${Math.random().toString(36).slice(2)}.db`))],
];

describe('agent states in the store', () => {
  it('counts logged-out, ready, on-call, wrap-up and away as the on-duty states say', () => {
    expect(ON_DUTY_STATES).toEqual(['ready', 'on-call', 'wrap-up']);
    expect(loggedOut('7').state).toBe('logged-out');
  });

  for (const [name, make] of stores) {
    describe(name, () => {
      it('keeps the current state and logs every change, oldest first, bounded by time and limit', async () => {
        const store = make();
        expect(await store.getAgentStatus('8013')).toBeUndefined();
        const changes = [
          { from: 'logged-out', to: 'ready', atSec: 100 },
          { from: 'ready', to: 'away', atSec: 200 },
          { from: 'away', to: 'ready', atSec: 300 },
        ] as const;
        for (const c of changes) {
          await store.changeAgentState(status('8013', c.to, c.atSec), {
            agentId: '8013',
            ...c,
            source: 'admin',
            reason: 'test',
          });
        }
        expect(await store.getAgentStatus('8013')).toEqual(status('8013', 'ready', 300));
        expect(await store.listAgentStatuses()).toEqual([status('8013', 'ready', 300)]);
        const log = await store.listAgentStateLog({ agentId: '8013', limit: 10 });
        expect(log.map((c) => `${c.from}>${c.to}@${c.atSec}/${c.source}`)).toEqual([
          'logged-out>ready@100/admin',
          'ready>away@200/admin',
          'away>ready@300/admin',
        ]);
        const window = await store.listAgentStateLog({ agentId: '8013', fromSec: 200, toSec: 300, limit: 10 });
        expect(window.map((c) => c.atSec)).toEqual([200]);
        expect((await store.listAgentStateLog({ agentId: '8013', limit: 2 })).length).toBe(2);
        expect(await store.listAgentStateLog({ agentId: '9999', limit: 10 })).toEqual([]);
        await store.close();
      });

      it('counts active agents of a skill and pool that are on duty, and no one else', async () => {
        const store = make();
        await store.putAgent(agent('1', 'in-house', ['general']));
        await store.putAgent(agent('2', 'in-house', ['general', 'tax']));
        await store.putAgent(agent('3', 'in-house', ['general']));
        await store.putAgent(agent('4', 'outsourced', ['general']));
        await store.putAgent(agent('5', 'in-house', ['general'], false));
        await store.putAgent(agent('6', 'in-house', ['tax']));
        const set = (id: string, state: AgentState) =>
          store.changeAgentState(status(id, state), {
            agentId: id,
            from: 'logged-out',
            to: state,
            atSec: 100,
            source: 'admin',
            reason: 'test',
          });
        expect(await store.countAgentsOnDuty('general', 'in-house')).toBe(0);
        await set('1', 'ready');
        await set('2', 'wrap-up');
        await set('3', 'away');
        await set('4', 'on-call');
        await set('5', 'ready');
        await set('6', 'ready');
        expect(await store.countAgentsOnDuty('general', 'in-house')).toBe(2);
        expect(await store.countAgentsOnDuty('general', 'outsourced')).toBe(1);
        expect(await store.countAgentsOnDuty('tax', 'in-house')).toBe(2);
        await set('1', 'logged-out');
        expect(await store.countAgentsOnDuty('general', 'in-house')).toBe(1);
        await store.close();
      });

      it("gives an agent its pool's name as group unless it has one", async () => {
        const store = make();
        await store.putAgent(agent('1', 'outsourced', ['general']));
        await store.putAgent({ ...agent('2', 'outsourced', ['general']), group: 'Contractor A' });
        expect((await store.getAgent('1'))?.group).toBe('outsourced');
        expect((await store.listAgents()).map((a) => a.group)).toEqual(['outsourced', 'Contractor A']);
        await store.close();
      });

      it('sets a handle time once, after the end too, and later writes of the record keep it', async () => {
        const store = make();
        const open = record('CA1', { answerSec: 10 });
        await store.saveSession(session(open));
        expect(await store.setHandleSec('CA1', 95)).toBe(true);
        expect(await store.setHandleSec('CA1', 50), 'only a record without one').toBe(false);
        await store.saveSession({ ...session(open), turn: 2, record: { ...open, talkSec: 60 } });
        expect((await store.getRecord('CA1'))?.handleSec).toBe(95);
        await store.endSession('CA1', { ...open, talkSec: 60, endSec: 80, outcome: 'answered' });
        expect(await store.getRecord('CA1')).toMatchObject({ handleSec: 95, talkSec: 60, endSec: 80 });

        await store.putRecord(record('CA2', { answerSec: 10, endSec: 70, outcome: 'answered' }));
        expect(await store.setHandleSec('CA2', 90), 'the one field written after endSec').toBe(true);
        expect((await store.getRecord('CA2'))?.handleSec).toBe(90);
        expect(await store.setHandleSec('CA-none', 1)).toBe(false);
        await store.close();
      });

      it("averages a skill's latest handle times, by end", async () => {
        const store = make();
        expect(await store.recentHandleSec('general', 3)).toEqual({ meanSec: 0, count: 0 });
        const ends: [string, number, number][] = [
          ['CA1', 100, 1000],
          ['CA2', 200, 60],
          ['CA3', 300, 120],
          ['CA4', 400, 180],
        ];
        for (const [sid, endSec, handleSec] of ends) {
          await store.putRecord(record(sid, { endSec, handleSec, outcome: 'answered' }));
        }
        await store.putRecord(record('CA5', { endSec: 500, skill: 'tax', handleSec: 5, outcome: 'answered' }));
        await store.putRecord(record('CA6', { endSec: 600, outcome: 'abandoned' }));
        expect(await store.recentHandleSec('general', 3)).toEqual({ meanSec: 120, count: 3 });
        expect(await store.recentHandleSec('tax', 3)).toEqual({ meanSec: 5, count: 1 });
        await store.close();
      });
    });
  }
});
