import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { createCli, main } from '../../src/cli/main.js';
import { buildApp } from '../../src/server/app.js';
import { prettyLine, type LogLevel } from '../../src/server/server-log.js';
import type { CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, sign } from '../helpers/signed-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CALLER = '+8613800138000';
const PIN = '86429731';

async function logged(level: LogLevel = 'info', store: CallStore = new MemoryCallStore()) {
  const lines: string[] = [];
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    adminToken: ADMIN_TOKEN,
    logger: { level, destination: { write: (line) => lines.push(line) } },
  });
  const entries = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown> & { err?: { stack?: string; message?: string } });
  return { app, lines, entries };
}

describe('the server log', () => {
  it('writes one JSON line per request: method, route, status, response time, CallSid', async () => {
    const { app, entries } = await logged();
    const sid = `CA${'c1'.repeat(16)}`;
    await post(app, '/voice', callParams(sid));
    await app.inject({ method: 'GET', url: '/health' });
    const requests = entries().filter((e) => e.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 30, method: 'POST', route: '/voice', status: 200, callSid: sid });
    expect(typeof requests[0]!.responseTimeMs).toBe('number');
    expect(requests[1]).toMatchObject({ method: 'GET', route: '/health', status: 200 });
    expect(requests[1]).not.toHaveProperty('callSid');
    expect(entries()).toHaveLength(2);
    await app.close();
  });

  it('logs an unexpected error with its stack, numbers scrubbed, and answers 500', async () => {
    const store = new MemoryCallStore();
    store.getSession = async () => {
      throw new Error(`session store unreachable while reading ${CALLER}`);
    };
    const { app, lines, entries } = await logged('info', store);
    const res = await post(app, '/voice', callParams(`CA${'c2'.repeat(16)}`));
    expect(res.status).toBe(500);
    expect(res.json?.error.message).toMatch(/see the server log/);
    const error = entries().find((e) => e.level === 50);
    expect(error?.err?.stack).toMatch(/session store unreachable while reading \[number\]\n\s+at /);
    expect(entries().find((e) => e.msg === 'request')).toMatchObject({ route: '/voice', status: 500 });
    expect(lines.join('')).not.toContain('13800138000');
    await app.close();
  });

  it('never shows a caller number, a PIN, an admin token or a signature', async () => {
    const { app, lines, entries } = await logged('trace');
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: 'session=s3cr3t-cookie' };
    await app.inject({
      method: 'PUT',
      url: '/admin/agents/8020',
      headers: admin,
      payload: { name: 'A', phone: '+8613900000001', skills: ['general'], pool: 'in-house', pin: '24682468' },
    });
    // A message that would name the number: the phone already belongs to 8020.
    const clash = await app.inject({
      method: 'PUT',
      url: '/admin/agents/8021',
      headers: admin,
      payload: { name: 'B', phone: '+8613900000001', skills: ['general'], pool: 'in-house' },
    });
    expect(clash.statusCode).toBe(400);
    const params = callParams(`CA${'c3'.repeat(16)}`, { From: CALLER, Digits: PIN });
    const signature = sign('/agent/pin?agent=8020', params);
    await post(app, '/agent/pin?agent=8020', params, { signature });
    await post(app, `/voice?From=${encodeURIComponent(CALLER)}`, callParams(`CA${'c4'.repeat(16)}`), {
      signature: 'bm90LWEtc2lnbmF0dXJl',
    });
    await app.inject({ method: 'GET', url: `/no-such-route/${encodeURIComponent(CALLER)}` });
    const text = lines.join('');
    expect(entries().filter((e) => e.msg === 'request')).toHaveLength(5);
    expect(entries().find((e) => e.msg === 'wrong agent PIN')).toMatchObject({ agentId: '8020', agentFailures: 1 });
    expect(entries().find((e) => e.code === 'HOTLINE_AGENT_INVALID')?.msg).toContain('[number]');
    for (const secret of [
      '13800138000',
      '13900000001',
      PIN,
      '24682468',
      ADMIN_TOKEN,
      signature,
      'bm90LWEtc2lnbmF0dXJl',
      's3cr3t-cookie',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    await app.close();
  });

  it('writes nothing below its level', async () => {
    const { app, lines } = await logged('warn');
    await post(app, '/voice', callParams(`CA${'c5'.repeat(16)}`));
    expect(lines).toEqual([]);
    await post(app, '/voice', callParams(`CA${'c6'.repeat(16)}`), { signature: null });
    expect(lines.map((l) => JSON.parse(l).code)).toEqual(['HOTLINE_SIGNATURE_MISSING']);
    await app.close();
  });

  it('reads well on a terminal: time, level, message, fields, then the stack', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 50,
        time: Date.UTC(2026, 10, 24, 8, 0, 1, 234),
        pid: 1,
        msg: 'boom',
        route: '/voice',
        err: { message: 'x', stack: 'Error: x\n    at f (a.ts:1:1)' },
      }),
    );
    expect(line).toBe('08:00:01.234 ERROR boom route=/voice\n    Error: x\n        at f (a.ts:1:1)\n');
  });
});

describe('hotline serve --log-level', () => {
  const deps = (out: string[], err: string[], env: NodeJS.ProcessEnv = {}) => ({
    stdout: (t: string) => {
      out.push(t);
    },
    stderr: (t: string) => {
      err.push(t);
    },
    stdin: Readable.from([]),
    env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, ...env },
    cwd: dir,
    now: () => 0,
    monotonicMs: () => 0,
    interactive: false,
  });

  it('refuses an unknown level with the list of levels', async () => {
    const err: string[] = [];
    expect(await main(['serve', '--memory', '--log-level', 'loud'], deps([], err))).toBe(2);
    expect(err.join('')).toMatch(/--log-level .* one of trace, debug, info, warn, error, fatal, silent; got "loud"/);
  });

  it('logs requests as JSON lines on stdout at info, and not at all at silent (HOTLINE_LOG_LEVEL)', async () => {
    for (const [args, env, want] of [
      [[], {}, 1],
      [[], { HOTLINE_LOG_LEVEL: 'silent' }, 0],
      [['--log-level', 'debug'], { HOTLINE_LOG_LEVEL: 'silent' }, 1],
    ] as const) {
      const out: string[] = [];
      const holder: { code: number; server?: { close(): Promise<void>; url?: string } } = { code: 0 };
      await createCli(deps(out, [], env), holder).parseAsync(['serve', '--memory', '--port', '0', ...args], {
        from: 'user',
      });
      const server = holder.server as { close(): Promise<void>; url: string };
      await fetch(`${server.url}/health`);
      await server.close();
      const requests = out
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((e) => e.msg === 'request');
      expect(requests, JSON.stringify({ args, env })).toHaveLength(want);
      if (want) expect(requests[0]).toMatchObject({ method: 'GET', route: '/health', status: 200 });
    }
  }, 30_000);
});
