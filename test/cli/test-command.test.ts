import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { main } from '../../src/cli/main.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { testCaseLookup } from '../helpers/path-driver.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hotline-test-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => { out.push(t); }, stderr: (t) => { err.push(t); }, stdin: Readable.from([]), env, cwd: ROOT, now: () => Date.UTC(2026, 10, 25, 2), monotonicMs: () => 0, interactive: false });
  return { code, out: out.join(''), err: err.join('') };
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
    const time = new EmulatorTime(Date.now);
    const app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: null, authToken: token, clock: time.now, lookups: { caseStatus: testCaseLookup } });
    time.install(app);
    app.addHook('onSend', async (_req, _reply, payload) => (typeof payload === 'string' ? payload.replace('满意', '还行') : payload));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
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
    const remote = await run(['test', 'hotline-12345-direct', '--url', 'https://hotline.example.cn'], { TWILIO_AUTH_TOKEN: 't' });
    expect(remote.code).toBe(2);
    expect(remote.err).toContain('--allow-remote');
    const down = await run(['test', 'hotline-12345-direct', '--url', 'http://127.0.0.1:9'], { TWILIO_AUTH_TOKEN: 't' });
    expect(down.code).toBe(2);
    expect(down.err).toContain('Cannot reach the server at http://127.0.0.1:9');
  });
});
