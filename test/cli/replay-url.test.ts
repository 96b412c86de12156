import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { main } from '../../src/cli/main.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { testCaseLookup } from '../helpers/path-driver.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('hotline replay --url', () => {
  it('replays the direct-flow recordings through the emulator against a running server and compares outcomes', async () => {
    const token = 'replay-url-token';
    const time = new EmulatorTime(Date.now);
    const app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: null, authToken: token, clock: time.now, lookups: { caseStatus: testCaseLookup } });
    time.install(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const out: string[] = [];
    try {
      const code = await main(['replay', 'recordings', '--url', url, '--flow', 'hotline-12345-direct', '--json'], {
        stdout: (t) => { out.push(t); }, stderr: () => undefined, stdin: Readable.from([]), env: { TWILIO_AUTH_TOKEN: token }, cwd: ROOT, now: () => Date.UTC(2026, 10, 25, 2), monotonicMs: () => 0, interactive: false,
      });
      const report = JSON.parse(out.join('')) as { calls: { file: string; outcome: string | null; expectedOutcome: string | null; skipped?: string }[]; summary: { differing: number } };
      expect(code).toBe(0);
      expect(report.summary.differing).toBe(0);
      const replayed = report.calls.filter((c) => !c.skipped);
      expect(replayed.length).toBeGreaterThan(5);
      expect(replayed.every((c) => c.file.startsWith('recordings/direct-') && c.outcome === c.expectedOutcome)).toBe(true);
    } finally {
      await app.close();
    }
  }, 60_000);
});
