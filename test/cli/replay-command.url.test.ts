import { describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { runCli } from '../helpers/run-cli.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

describe('hotline replay --url', () => {
  it('replays the direct-flow recordings through the emulator against a running server and compares outcomes', async () => {
    const token = 'replay-url-token';
    const { app, base: url } = await listenFollowingEmulator(direct, token);
    try {
      const { code, out } = await runCli(
        ['replay', 'recordings', '--url', url, '--flow', 'hotline-12345-direct', '--json'],
        { env: { TWILIO_AUTH_TOKEN: token }, now: () => Date.UTC(2026, 10, 25, 2) },
      );
      const report = JSON.parse(out) as {
        calls: { file: string; outcome: string | null; expectedOutcome: string | null; skipped?: string }[];
        summary: { differing: number };
      };
      expect(code).toBe(0);
      expect(report.summary.differing).toBe(0);
      const replayed = report.calls.filter((c) => !c.skipped);
      expect(replayed.length).toBeGreaterThan(5);
      expect(replayed.every((c) => c.file.startsWith('recordings/direct-') && c.outcome === c.expectedOutcome)).toBe(
        true,
      );
    } finally {
      await app.close();
    }
  }, 60_000);
});
