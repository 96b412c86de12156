import type { FastifyInstance } from 'fastify';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { testCaseLookup } from './path-driver.js';

/**
 * The app of `hotline serve --emulator-clock` for `flow`, listening on
 * 127.0.0.1 (memory store, the test case directory). `tamper` may add hooks
 * that break it on purpose before it listens. Close `app` when done.
 */
export async function listenFollowingEmulator(
  flow: FlowDefinition,
  authToken: string,
  options: { startMs?: number; tamper?: (app: FastifyInstance) => void } = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const startMs = options.startMs;
  const time = new EmulatorTime(startMs === undefined ? Date.now : () => startMs);
  const app = await buildApp({
    flow,
    store: new MemoryCallStore(),
    publicUrl: null,
    authToken,
    clock: time.now,
    lookups: { caseStatus: testCaseLookup },
  });
  time.install(app);
  options.tamper?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
