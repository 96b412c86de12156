import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    deps: (cwd: string, env: NodeJS.ProcessEnv = {}) => ({
      stdout: (t: string) => {
        out.push(t);
      },
      stderr: (t: string) => {
        err.push(t);
      },
      stdin: Readable.from([]),
      env,
      cwd,
      now: () => Date.UTC(2026, 10, 24, 2, 0, 0),
      monotonicMs: () => performance.now(),
      interactive: false,
    }),
  };
}

describe('hotline CLI', () => {
  const dirs: string[] = [];
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
    dirs.push(dir);
    return dir;
  };

  it('lists the shipped flows', async () => {
    const io = capture();
    expect(await main(['flows'], io.deps(tempDir()))).toBe(0);
    expect(io.out.join('').trim().split('\n')).toEqual(['hotline-12345-direct', 'hotline-12345-menu']);
  });

  it('plays a scripted call in-process: case status, back to the menu, an agent, a rating', async () => {
    const io = capture();
    const code = await main(['call', 'hotline-12345-menu', '--keys', '5,202611240001#,*,0,1'], io.deps(tempDir()));
    const text = io.out.join('');
    expect(code).toBe(0);
    expect(text).toContain('工单202611240001的办理进度：已办结');
    expect(text).toContain('9000号受理员为您服务');
    expect(text).toContain('感谢您的评价');
    expect(text).toMatch(/outcome=answered skill=general pool=in-house agent=9000 .* rating=1/);
  });

  it('says which flows exist when the flow name is wrong', async () => {
    const io = capture();
    const code = await main(['call', 'no-such-flow', '--keys', ''], io.deps(tempDir()));
    expect(code).toBe(2);
    expect(io.err.join('')).toMatch(
      /HOTLINE_FLOW_NOT_FOUND: No flow "no-such-flow".*hotline-12345-direct, hotline-12345-menu/,
    );
  });

  it('rejects a bad --port with a clear message', async () => {
    const io = capture();
    expect(await main(['serve', '--port', 'eighty'], io.deps(tempDir()))).toBe(2);
    expect(io.err.join('')).toContain('--port must be a whole number');
  });

  it('refuses a public PUBLIC_URL without TWILIO_AUTH_TOKEN', async () => {
    const io = capture();
    expect(await main(['serve', '--port', '0'], io.deps(tempDir(), { PUBLIC_URL: 'https://hotline.example.cn' }))).toBe(
      2,
    );
    expect(io.err.join('')).toContain('TWILIO_AUTH_TOKEN is not set');
  });

  it('`hotline console` serves the web console on loopback, and a browser-less client can sign in and open a view', async () => {
    const dir = tempDir();
    const io = capture();
    const { createCli } = await import('../../src/cli/main.js');
    const holder: { code: number; server?: { close(): Promise<void> } } = { code: 0 };
    await createCli(io.deps(dir), holder).parseAsync(['console', '--port', '0', '--memory'], { from: 'user' });
    servers.push(holder.server!);
    const banner = io.err.join('');
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
    expect(banner).toContain(`Console: ${url}/console`);
    expect(banner).toContain(`hotline console: open ${url}/console in a browser`);
    const page = await fetch(`${url}/console`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/console/assets/app.js');
    const signIn = await fetch(`${url}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'supervisor', token: '' }),
    });
    expect(signIn.status).toBe(200);
  });

  it('serves on loopback with SQLite and a local token; `call --url` completes a call over real HTTP', async () => {
    const dir = tempDir();
    const serveIo = capture();
    // main() returns once the server listens; grab it from the CLI's result through a second main-like call.
    const { createCli } = await import('../../src/cli/main.js');
    const holder: { code: number; server?: { close(): Promise<void> } } = { code: 0 };
    await createCli(serveIo.deps(dir), holder).parseAsync(['serve', '--port', '0', '--db', 'calls.db'], {
      from: 'user',
    });
    servers.push(holder.server!);
    const banner = serveIo.err.join('');
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
    expect(banner).toContain('checked against a local token');

    const wrongIo = capture();
    const refused = await main(
      ['call', '--url', url, '--keys', ',1'],
      wrongIo.deps(dir, { TWILIO_AUTH_TOKEN: 'not-the-local-token' }),
    );
    expect(refused).toBe(1);
    expect(wrongIo.out.join('')).toContain('HOTLINE_SIGNATURE_INVALID');

    const okIo = capture();
    // Against a server on real time the hold really elapses: keep it short.
    const ok = await main(['call', '--url', url, '--keys', ',1', '--agent-after', '1', '--talk', '0'], okIo.deps(dir));
    expect(ok, okIo.out.join('')).toBe(0);
    expect(okIo.out.join('')).toMatch(/outcome=answered .* rating=1/);

    const store = new SqliteCallStore(join(dir, 'calls.db'));
    const records = await store.listRecords();
    await store.close();
    expect(records.filter((r) => r.outcome === 'answered')).toHaveLength(1);
  }, 30_000);
});
