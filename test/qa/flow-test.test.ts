import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { runFlowTest, type FlowTestReport } from '../../src/qa/flow-test.js';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';
import { KNOWN_CASE, UNKNOWN_CASE } from '../helpers/path-driver.js';

const TOKEN = 'flow-test-token';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);

function serve(
  flow: FlowDefinition,
  tamper?: (app: FastifyInstance) => void,
): Promise<{ app: FastifyInstance; base: string }> {
  return listenFollowingEmulator(flow, TOKEN, { startMs: START, ...(tamper ? { tamper } : {}) });
}

function test(flow: FlowDefinition, base: string): Promise<FlowTestReport> {
  return runFlowTest({
    flow,
    baseUrl: base,
    authToken: TOKEN,
    adminToken: null,
    clock: new VirtualClock(START),
    knownCase: KNOWN_CASE,
    unknownCase: UNKNOWN_CASE,
  });
}

describe.each([direct, menu])('hotline test against a running server: $id', (flow) => {
  let server: { app: FastifyInstance; base: string };
  let report: FlowTestReport;
  beforeAll(async () => {
    server = await serve(flow);
    report = await test(flow, server.base);
  }, 120_000);
  afterAll(async () => {
    await server.app.close();
  });

  it('passes every path, with full state and transition coverage', () => {
    const failed = report.paths.filter((p) => !p.passed);
    expect(failed.slice(0, 3)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.states.missing).toEqual([]);
    expect(report.states.covered).toBe(report.states.total);
    expect(report.transitions.covered).toBe(report.transitions.total);
    expect(report.serverFollowsClock).toBe(true);
  });

  it("carries the server's record of each path's call, which the KPI module counts", () => {
    const records = report.paths.flatMap((p) => (p.record ? [p.record] : []));
    expect(records.length).toBe(report.paths.filter((p) => p.callSid !== '').length);
    const kpis = new KpiAccumulator();
    for (const record of records) kpis.add(record);
    expect(kpis.result().arrivals).toBe(records.filter((r) => r.direction === 'inbound').length);
    const answered = records.filter((r) => r.direction === 'inbound' && r.outcome === 'answered');
    expect(kpis.result().answered).toBe(answered.length);
  });
});

describe('hotline test against a server broken on purpose', () => {
  it('fails the paths through a gather whose timeout the server changed, naming the state and showing the TwiML', async () => {
    const server = await serve(direct, (app) => {
      app.addHook('onSend', async (_req, _reply, payload) =>
        typeof payload === 'string' ? payload.replace('timeout="6"', 'timeout="3"') : payload,
      );
    });
    try {
      const report = await test(direct, server.base);
      expect(report.passed).toBe(false);
      const failures = report.paths.flatMap((p) => p.failures);
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure.kind).toBe('gather');
        expect(failure.problems).toContain('<Gather timeout="3">, the flow waits 6 s');
        expect(failure.twiml).toContain('timeout="3"');
      }
      // Coverage counts only passing paths: the survey's transitions are no longer all covered.
      expect(report.transitions.covered).toBeLessThan(report.transitions.total);
    } finally {
      await server.app.close();
    }
  }, 60_000);

  it('fails the menu path where the server queues key 3 for another desk', async () => {
    const { default: changed } = await import('../fixtures/flows/menu-key3-to-consumer.js');
    const server = await serve(changed);
    try {
      const report = await test(menu, server.base);
      const failed = report.paths.filter((p) => !p.passed);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((p) => p.description.includes('DIGITS(3)'))).toBe(true);
      const problems = failed.flatMap((p) => p.failures.flatMap((f) => f.problems));
      expect(problems).toContain('enqueued in "consumer.in-house", the flow queues for skill "social-insurance"');
    } finally {
      await server.app.close();
    }
  }, 60_000);
});
