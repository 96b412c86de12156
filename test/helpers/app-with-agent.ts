import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import direct from '../../flows/hotline-12345-direct.js';
import { AGENT, TestClock } from './path-driver.js';
import { slowStore } from './slow-store.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from './signed-client.js';

/**
 * An app on a memory store (slowed down when `slow`, so webhooks of one call overlap) with one active agent, AGENT,
 * and a test clock; `extra` overrides buildApp's options. Defaults: the direct flow, no case found by lookups.
 */
export async function appWithAgent(flow: FlowDefinition = direct, extra: Partial<Parameters<typeof buildApp>[0]> = {}, slow = false) {
  const clock = new TestClock();
  const store = slow ? slowStore(new MemoryCallStore()) : new MemoryCallStore();
  const built = await buildApp({ flow, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, clock: clock.now, lookups: { caseStatus: async () => ({ found: false }) }, ...extra });
  await store.putAgent({ id: AGENT.id, name: 'A', phone: AGENT.phone, skills: [...flow.skills], pool: 'in-house', active: true, pinHash: null });
  return { app: built, store, clock };
}

/** Starts call `sid` on the direct flow and lets it fall through to the queue; returns the Enqueue action URL. */
export async function queueCall(a: Awaited<ReturnType<typeof appWithAgent>>, sid: string, from = '+8613800138000') {
  await post(a.app, '/voice', callParams(sid, { From: from }));
  const doc = await post(a.app, '/voice/no-input?turn=1', callParams(sid, { From: from }));
  return doc.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
}
