import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import direct from '../../flows/hotline-12345-direct.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-test-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(args, { env, now: () => Date.UTC(2026, 10, 25, 2) });
}

describe('hotline test', () => {
  it('tests a flow against a server it starts, passes with full coverage, and writes JUnit XML', async () => {
    const junit = join(dir, 'reports', 'direct.xml');
    const { code, out } = await run(['test', 'hotline-12345-direct', '--junit', junit]);
    expect(code).toBe(0);
    expect(out).toMatch(/paths: \d+ \(all-simple-paths\): (\d+) passed, 0 failed/);
    expect(out).toMatch(/coverage: states (\d+)\/\1, transitions (\d+)\/\2/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="hotline test hotline-12345-direct" tests="\d+" failures="0"/);
  }, 60_000);

  it('exits 1 and prints each failing step with the TwiML when a running server (--url) answers differently', async () => {
    const token = 'cli-test-token';
    const { app, base: url } = await listenFollowingEmulator(direct, token, {
      tamper: (server) =>
        server.addHook('onSend', async (_req, _reply, payload) =>
          typeof payload === 'string' ? payload.replace('满意', '还行') : payload,
        ),
    });
    try {
      const { code, out } = await run(['test', 'hotline-12345-direct', '--url', url], { TWILIO_AUTH_TOKEN: token });
      expect(code).toBe(1);
      expect(out).toContain('FAIL inbound');
      expect(out).toContain('TwiML received:');
      expect(out).toMatch(/paths: \d+ .*: \d+ passed, [1-9]\d* failed/);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses a non-loopback --url without --allow-remote, and explains an unreachable server (exit 2)', async () => {
    const remote = await run(['test', 'hotline-12345-direct', '--url', 'https://hotline.example.cn'], {
      TWILIO_AUTH_TOKEN: 't',
    });
    expect(remote.code).toBe(2);
    expect(remote.err).toContain('--allow-remote');
    const down = await run(['test', 'hotline-12345-direct', '--url', 'http://127.0.0.1:9'], { TWILIO_AUTH_TOKEN: 't' });
    expect(down.code).toBe(2);
    expect(down.err).toContain('Cannot reach the server at http://127.0.0.1:9');
  });
});
