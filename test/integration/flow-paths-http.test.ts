import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { coveragePaths, type FlowPath } from '../../src/flow/graph/coverage-paths.js';
import { activeStateIds, machineInternals } from '../../src/flow/graph/machine-internals.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AGENT, PathDriver, TestClock, expectedOutcome, testCaseLookup } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../helpers/signed-client.js';

function describePath(path: FlowPath): string {
  return path.steps
    .map(
      (s) =>
        `${s.event.type}${'digits' in s.event ? `(${s.event.digits})` : 'text' in s.event ? `(${s.event.text})` : ''}→${JSON.stringify(s.snapshot.value)}`,
    )
    .join(' ');
}

function allStates(flow: FlowDefinition): string[] {
  return machineInternals(flow.machine)
    .states.slice(1)
    .map((s) => s.id)
    .sort();
}

describe.each([
  { flow: direct, expectCriterion: 'all-simple-paths' },
  { flow: menu, expectCriterion: 'all-transitions' },
])('every path of $flow.id over signed HTTP webhooks', ({ flow, expectCriterion }) => {
  let app: FastifyInstance;
  let store: MemoryCallStore;
  const clock = new TestClock();
  const inbound = coveragePaths(flow);
  const callbacks = coveragePaths(flow, { input: { direction: 'callback', skill: 'general' } });
  let callNumber = 0;

  beforeAll(async () => {
    store = new MemoryCallStore();
    app = await buildApp({
      flow,
      store,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      clock: clock.now,
      lookups: { caseStatus: testCaseLookup },
    });
    await store.putAgent({
      id: AGENT.id,
      name: 'Agent 8013',
      phone: AGENT.phone,
      skills: [...flow.skills],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it(`enumerates paths by ${expectCriterion} and reaches every state`, () => {
    expect(inbound.criterion).toBe(expectCriterion);
    const visited = new Set<string>();
    for (const { paths } of [inbound, callbacks]) {
      for (const path of paths) {
        for (const s of [path.start, ...path.steps.map((step) => step.snapshot)]) {
          for (const id of activeStateIds(s)) visited.add(id);
        }
      }
    }
    expect([...visited].sort()).toEqual(allStates(flow).filter((id) => id !== 'start'));
  });

  const cases = [
    ...inbound.paths.map((path, i) => ({ kind: 'inbound' as const, path, i })),
    ...callbacks.paths.map((path, i) => ({ kind: 'callback' as const, path, i })),
  ];

  it(`drives all ${cases.length} paths and checks the TwiML of each step and the call record`, async () => {
    for (const { kind, path, i } of cases) {
      callNumber += 1;
      const callSid = `CA${flow.id === direct.id ? 'd' : 'e'}${String(callNumber).padStart(31, '0')}`;
      const name = `${kind} path ${i}: ${describePath(path)}`;
      const driver = new PathDriver(app, store, clock, callSid);
      if (kind === 'callback') {
        const id = `cb-${callNumber}`;
        await store.putCallback({
          id,
          callSid: 'CA0booked',
          skill: 'general',
          number: '+8613800138000',
          status: 'pending',
          createdSec: 0,
          dueSec: 0,
          attempts: 1,
          placedCallSid: null,
          lastError: null,
        });
        await driver.start(id);
      } else {
        await driver.start();
      }
      await driver.drive(path, name);
      const record = await store.getRecord(callSid);
      expect(record, name).toBeDefined();
      expect(record!.outcome, name).toBe(expectedOutcome(path));
      expect(record!.direction, name).toBe(kind);
      expect(record!.endSec, name).not.toBeNull();
      expect(await store.getSession(callSid), `${name}: the session is closed`).toBeUndefined();
      if (record!.outcome === 'answered') {
        expect(record!.agentId, name).toBe(AGENT.id);
        expect(record!.pool, name).toBe('in-house');
        expect(record!.answerSec! >= record!.queueEntrySec!, name).toBe(true);
        // The driver lets the agent talk 180 s before the agent leg ends.
        if (path.steps.some((s) => s.event.type === 'AGENT_FINISHED')) expect(record!.talkSec, name).toBe(180);
      }
      if (record!.outcome === 'abandoned') expect(record!.abandonSec, name).not.toBeNull();
      const rated = path.steps.find((s) => s.snapshot.matches('rated'));
      expect(record!.rating, name).toBe(rated && rated.event.type === 'DIGITS' ? Number(rated.event.digits) : null);
    }
  });
});
