import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { replayAgainstServer, type ServerReplayResult } from '../../src/qa/server-replay.js';
import { readRecording } from '../../src/replay/recording-files.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

const CORPUS = resolve(import.meta.dirname, '../../recordings');
const TOKEN = 'server-replay-token';
const START = Date.UTC(2026, 10, 25, 2);

describe.each([direct, menu])('recorded calls through the emulator against a running server: $id', (flow) => {
  let app: FastifyInstance;
  let results: ServerReplayResult[];
  beforeAll(async () => {
    let base: string;
    ({ app, base } = await listenFollowingEmulator(flow, TOKEN, { startMs: START }));
    const recordings = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readRecording(join(CORPUS, f)))
      .filter((r) => r.metadata.flowId === flow.id);
    results = await replayAgainstServer(recordings, {
      flow,
      baseUrl: base,
      authToken: TOKEN,
      adminToken: null,
      clock: new VirtualClock(START),
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('ends every inbound recorded call with the outcome it had', () => {
    const replayed = results.filter((r) => !r.skipped);
    expect(replayed.length).toBeGreaterThan(5);
    const differing = replayed
      .filter((r) => (r.record?.outcome ?? null) !== r.expectedOutcome)
      .map((r) => `${r.file}: ${r.expectedOutcome} → ${r.record?.outcome ?? null}`);
    expect(differing).toEqual([]);
  });
});
