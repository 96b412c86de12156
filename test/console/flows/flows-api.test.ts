import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import type { FlowList, FlowTraffic, FlowViewCoverage } from '../../../src/console/flows/flows-wire.js';
import { flowGraph } from '../../../src/flow/graph/flow-graph.js';
import { type StateGraph, stateGraph } from '../../../src/flow/graph/state-graph.js';
import { runFlowTest } from '../../../src/qa/flow-test.js';
import { TwilioEmulator } from '../../../src/twilio/emulator/twilio-emulator.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import { CONSOLE_AUTH_TOKEN, type ConsoleServer, startConsoleServer } from '../../helpers/console-browser.js';
import { listenFollowingEmulator } from '../../helpers/emulated-server.js';
import { KNOWN_CASE, UNKNOWN_CASE } from '../../helpers/path-driver.js';

const FIXTURE_FLOWS = new URL('../../fixtures/flows/', import.meta.url).pathname;

let server: ConsoleServer;
let cookie = '';

/** GET on the flow view's API as the signed-in supervisor. */
async function get<T = ErrorAnswer>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/console/api/flows${path}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as T };
}

interface ErrorAnswer {
  readonly error: { readonly code: string; readonly message: string };
}
type GraphAnswer = StateGraph & { flowId: string; title: string };

beforeAll(async () => {
  server = await startConsoleServer({ console: { flowsDir: join(FIXTURE_FLOWS) } });
  // A loopback server with no admin token lets a supervisor in with an empty token (see console-session.ts).
  const response = await fetch(`${server.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ kind: 'supervisor', token: '' }),
  });
  cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('GET /console/api/flows', () => {
  it('lists the live flow first, then the flows folder and the shipped flows, each id once', async () => {
    const { status, body } = await get<FlowList>('/');
    expect(status).toBe(200);
    expect(body.live).toBe(direct.id);
    expect(body.flows[0]).toEqual({ id: direct.id, title: direct.title, source: 'live' });
    const ids = body.flows.map((f) => f.id);
    expect(ids).toContain(menu.id);
    expect(ids).toContain('lint-unreachable-state');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers an unknown flow id, or a path, with 404 and a one-line message', async () => {
    for (const id of ['no-such-flow', '..%2F..%2Fpackage', '%2Fetc%2Fpasswd']) {
      for (const what of ['graph', 'coverage', 'traffic']) {
        const { status, body } = await get(`/${id}/${what}`);
        expect(status).toBe(404);
        expect(body.error.code).toBe('HOTLINE_CONSOLE_FLOW_UNKNOWN');
        expect(body.error.message).not.toContain('\n');
      }
    }
  });

  it('answers a flow id longer than any route parameter (300 characters) with 404, not a webhook error', async () => {
    for (const what of ['graph', 'coverage', 'traffic']) {
      const { status, body } = await get(`/${'f'.repeat(300)}/${what}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('HOTLINE_ROUTE_NOT_FOUND');
      expect(body.error.message).not.toContain('\n');
    }
  });

  it('refuses a request without a session', async () => {
    const response = await fetch(`${server.url}/console/api/flows/`);
    expect(response.status).toBe(401);
  });
});

describe('GET /console/api/flows/:id/graph', () => {
  it("draws a shipped flow's graph as the flow-graph builder finds it, collapsed to the machine's states", async () => {
    const { status, body } = await get<GraphAnswer>(`/${menu.id}/graph`);
    expect(status).toBe(200);
    const inbound = flowGraph(menu);
    const callback = flowGraph(menu, { input: { direction: 'callback', skill: 'general' } });
    const expected = stateGraph(menu, { inbound, callback });
    expect(body).toEqual({ flowId: menu.id, title: menu.title, ...JSON.parse(JSON.stringify(expected)) });
    const leaves = new Set([...inbound.vertices.values(), ...callback.vertices.values()].map((v) => v.stateId));
    expect(new Set(body.nodes.map((n) => n.id))).toEqual(leaves);
    const menuNode = body.nodes.find((n) => n.id === 'menu');
    expect(menuNode?.kind).toBe('gather');
    expect(body.nodes.find((n) => n.id === 'queue')?.kind).toBe('enqueue');
    expect(body.transitions).toContainEqual({ from: 'menu', to: expect.any(String), event: 'DIGITS 1' });
  });

  it('shows a declared state no call reaches as an unreachable node', async () => {
    const { body } = await get<GraphAnswer>('/lint-unreachable-state/graph');
    expect(body.nodes.find((n) => n.id === 'orphan')).toEqual({
      id: 'orphan',
      kind: 'announce',
      tags: [],
      reachable: false,
    });
  });
});

describe('GET /console/api/flows/:id/coverage', () => {
  it('says what `hotline test` reports for the same flow', async () => {
    const start = Date.UTC(2026, 10, 25, 2, 0, 0);
    const target = await listenFollowingEmulator(direct, 'flows-view-token', { startMs: start });
    try {
      const report = await runFlowTest({
        flow: direct,
        baseUrl: target.base,
        authToken: 'flows-view-token',
        adminToken: null,
        clock: new VirtualClock(start),
        knownCase: KNOWN_CASE,
        unknownCase: UNKNOWN_CASE,
      });
      expect(report.passed).toBe(true);
      const { status, body } = await get<FlowViewCoverage>(`/${direct.id}/coverage`);
      expect(status).toBe(200);
      expect(body.criterion).toBe(report.criterion);
      expect(body.paths).toBe(report.paths.length);
      expect(body.states).toEqual(report.states);
      expect(body.transitions.covered).toBe(report.transitions.covered);
      expect(body.transitions.total).toBe(report.transitions.total);
      expect(body.graph.states.every((s) => s.covered)).toBe(true);
    } finally {
      await target.app.close();
    }
  }, 120_000);

  it("answers other requests while a menu flow's coverage is computed on a worker", async () => {
    let settled = false;
    const coverage = get<FlowViewCoverage>(`/${menu.id}/coverage`).then((answer) => {
      settled = true;
      return answer;
    });
    expect((await get<FlowList>('/')).status).toBe(200);
    expect(settled).toBe(false);
    const { status, body } = await coverage;
    expect(status).toBe(200);
    expect(body.states.covered).toBe(body.states.total);
  }, 120_000);

  it('marks an unreachable state and its transitions not covered', async () => {
    const { body } = await get<FlowViewCoverage>('/lint-unreachable-state/coverage');
    expect(body.states.missing).toContain('orphan');
    expect(body.graph.states).toContainEqual({ id: 'orphan', covered: false });
  });
});

describe('GET /console/api/flows/:id/traffic', () => {
  it("counts today's calls through each state, after emulated calls through the server", async () => {
    const before = await get<FlowTraffic>(`/${direct.id}/traffic`);
    expect(before.status).toBe(200);
    expect(before.body.calls).toEqual({ finished: 0, live: 0 });
    const emulator = new TwilioEmulator({ authToken: CONSOLE_AUTH_TOKEN, clock: new VirtualClock(Date.now()) });
    // One caller hangs up during the greeting; another waits in the queue (nobody answers) and gives up.
    await emulator.placeCall({
      url: `${server.url}/voice`,
      from: '+8613800138001',
      to: '+8653112345',
      script: { gather: () => ({ actions: [], hangupAfterSec: 1 }) },
      statusCallback: `${server.url}/voice/status`,
    });
    await emulator.placeCall({
      url: `${server.url}/voice`,
      from: '+8613800138002',
      to: '+8653112345',
      script: { gather: () => ({ actions: [] }), queuePatienceSec: () => 5 },
      statusCallback: `${server.url}/voice/status`,
    });
    const records = await server.store.listRecords();
    expect(records.map((r) => r.lastState).sort()).toEqual(['queue', 'welcome']);
    const { body } = await get<FlowTraffic>(`/${direct.id}/traffic`);
    expect(body.calls).toEqual({ finished: 2, live: 0 });
    expect(body.states.welcome).toEqual({ through: 2, ended: 1, now: 0 });
    expect(body.states.queue).toEqual({ through: 1, ended: 1, now: 0 });
    expect(body.states.withAgent).toBeUndefined();
    // Every inbound call into the queue comes from the greeting: that pair's calls are known.
    expect(body.transitions).toEqual({ 'welcome -> queue': 1 });
    // Another flow's traffic is its own.
    expect((await get<FlowTraffic>(`/${menu.id}/traffic`)).body.calls).toEqual({ finished: 0, live: 0 });
  }, 60_000);
});
