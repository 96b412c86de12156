import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { replayAgainstServer, type ServerReplayResult } from '../../src/qa/server-replay.js';
import { readRecording } from '../../src/replay/recording-metadata.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';
import { testCaseLookup } from '../helpers/path-driver.js';

const CORPUS = resolve(import.meta.dirname, '../../recordings');
const TOKEN = 'server-replay-token';
const START = Date.UTC(2026, 10, 25, 2);

describe.each([direct, menu])('recorded calls through the emulator against a running server: $id', (flow) => {
  let app: FastifyInstance;
  let results: ServerReplayResult[];
  beforeAll(async () => {
    const time = new EmulatorTime(() => START);
    app = await buildApp({ flow, store: new MemoryCallStore(), publicUrl: null, authToken: TOKEN, clock: time.now, lookups: { caseStatus: testCaseLookup } });
    time.install(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const recordings = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).map((f) => readRecording(join(CORPUS, f))).filter((r) => r.metadata.flowId === flow.id);
    results = await replayAgainstServer(recordings, { flow, baseUrl: base, authToken: TOKEN, adminToken: null, clock: new VirtualClock(START) });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('ends every inbound recorded call with the outcome it had', () => {
    const replayed = results.filter((r) => !r.skipped);
    expect(replayed.length).toBeGreaterThan(5);
    const differing = replayed.filter((r) => r.outcome !== r.expectedOutcome).map((r) => `${r.file}: ${r.expectedOutcome} → ${r.outcome}`);
    expect(differing).toEqual([]);
  });
});
