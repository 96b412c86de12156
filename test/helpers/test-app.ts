import type { FastifyInstance } from 'fastify';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import type { CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AGENT, TestClock } from './path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from './signed-client.js';
import { slowStore } from './slow-store.js';

/** What testApp builds: the flow (default the direct flow), a slow store (each operation takes real time), and any other buildApp option. */
export interface TestAppOptions {
  readonly flow?: FlowDefinition;
  /** True to make every store operation take a little real time, so interleavings show. Default false. */
  readonly slow?: boolean;
  readonly app?: Partial<AppOptions>;
}

/** A built app on a memory store with a test clock, signed webhooks, a not-found case lookup, and agent AGENT registered in-house. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: CallStore;
  readonly clock: TestClock;
}

/** Builds a test app (see TestApp). */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const flow = options.flow ?? direct;
  const clock = new TestClock();
  const store = options.slow ? slowStore(new MemoryCallStore()) : new MemoryCallStore();
  const built = await buildApp({
    flow,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    lookups: { caseStatus: async () => ({ found: false }) },
    ...options.app,
  });
  await store.putAgent({
    id: AGENT.id,
    name: 'A',
    phone: AGENT.phone,
    skills: [...flow.skills],
    pool: 'in-house',
    active: true,
    pinHash: null,
  });
  return { app: built, store, clock };
}

/** Starts call `sid` (from `from`) on the direct flow and lets it fall through to the queue; returns the Enqueue action URL. */
export async function enqueued(a: TestApp, sid: string, from = '+8613800138000'): Promise<string> {
  await post(a.app, '/voice', callParams(sid, { From: from }));
  const doc = await post(a.app, '/voice/no-input?turn=1', callParams(sid, { From: from }));
  return doc.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
}
