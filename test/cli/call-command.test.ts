import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { newCallSid, runCall, type CallDeps, type CallFlags } from '../../src/cli/call-command.js';
import { buildApp } from '../../src/server/app.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { VirtualClock } from '../../src/twilio/emulator/emulator-clock.js';
import { ROOT } from '../helpers/run-cli.js';
import { testCaseLookup } from '../helpers/path-driver.js';

const AUTH_TOKEN = 'softphone-test-token';
const START_MS = Date.UTC(2026, 10, 24, 2, 0, 0);

interface Server {
  app: FastifyInstance;
  store: SqliteCallStore;
  base: string;
  clock: VirtualClock;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A server on "real time" (it does not follow the emulator) whose real clock
 * is a fake one the test shares with the softphone, so holds take no wall time.
 */
async function server(
  options: { emulatorClock?: boolean; adminToken?: string; tamper?: (app: FastifyInstance) => void } = {},
): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-softphone-'));
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  const clock = new VirtualClock(START_MS);
  const time = new EmulatorTime(() => clock.now());
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: null,
    authToken: AUTH_TOKEN,
    clock: options.emulatorClock ? time.now : () => clock.now(),
    lookups: { caseStatus: testCaseLookup },
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
  });
  if (options.emulatorClock) time.install(app);
  options.tamper?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  cleanups.push(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, store, clock, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

function deps(s: Server, extra: Partial<CallDeps> = {}): CallDeps & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    stdin: Readable.from([]),
    out: (line) => {
      lines.push(line);
    },
    env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    cwd: ROOT,
    now: () => START_MS,
    realClock: s.clock,
    ...extra,
  };
}

const flags = (s: Server, extra: Partial<CallFlags> = {}): CallFlags => ({
  url: s.base,
  keys: ',1',
  from: '+8613800138000',
  agentAfter: '45',
  talk: '120',
  ...extra,
});

async function agents(s: Server): Promise<{ id: string; name: string }[]> {
  return ((await (await fetch(`${s.base}/admin/agents`)).json()) as { agents: { id: string; name: string }[] }).agents;
}

describe('hotline call --url (the softphone against a running server)', () => {
  it('leaves one record per call under distinct random CallSids, and no bot agent', async () => {
    const s = await server();
    const first = deps(s);
    const second = deps(s);
    expect(await runCall(undefined, flags(s), first)).toBe(0);
    expect(await runCall(undefined, flags(s), second)).toBe(0);
    const records = await s.store.listRecords();
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.outcome)).toEqual(['answered', 'answered']);
    const sids = records.map((r) => r.callSid);
    expect(new Set(sids).size).toBe(2);
    for (const sid of sids) expect(sid).toMatch(/^CA[0-9a-f]{32}$/);
    // Each call was answered by its own bot agent, registered for the pick-up only.
    expect(new Set(records.map((r) => r.agentId)).size).toBe(2);
    for (const r of records) expect(r.agentId).toMatch(/^9\d{5}$/);
    expect(await agents(s)).toEqual([]);
  }, 30_000);

  it("holds for the time it reports, on the server's clock (across an overflow): the record's wait and talk are what it said", async () => {
    const s = await server();
    const d = deps(s);
    expect(await runCall(undefined, flags(s, { agentAfter: '45', talk: '120' }), d)).toBe(0);
    const [record] = await s.store.listRecords();
    expect(record!.answerSec! - record!.queueEntrySec!).toBeCloseTo(45, 6);
    expect(record!.talkSec).toBeCloseTo(120, 0);
    const text = d.lines.join('\n');
    expect(text).toContain('on real time');
    // 30 s in-house, then overflow (the server's --overflow-after), 15 s more with the vendor.
    expect(text).toContain('(picked up after 15 s in this queue, 45 s in all)');
    expect(record!.pool).toBe('outsourced');
    expect(text).toMatch(/, 45\.0 s in the queue \(measured on the real clock\)/);
    expect(text).toMatch(/outcome=answered .* wait=45 s/);
  }, 30_000);

  it("follows the server's clock when it runs with --emulator-clock, sending the time it waited", async () => {
    const s = await server({ emulatorClock: true });
    const d = deps(s, { realClock: new VirtualClock(0) });
    expect(await runCall(undefined, flags(s, { agentAfter: '50' }), d)).toBe(0);
    const [record] = await s.store.listRecords();
    expect(d.lines.join('\n')).toContain("on the emulator's clock");
    expect(record!.answerSec! - record!.queueEntrySec!).toBeCloseTo(50, 6);
    expect(record!.arrivalSec).toBeCloseTo(START_MS / 1000, 6);
  }, 30_000);

  it('uses the injected randomness for its CallSid', async () => {
    expect(newCallSid((n) => Buffer.alloc(n, 0xab))).toBe(`CA${'ab'.repeat(16)}`);
  });

  it('refuses a server that has active agents of its own unless --allow-agents, and leaves them alone', async () => {
    const s = await server();
    await s.store.putAgent({
      id: '8013',
      name: 'Wang Li',
      phone: '+8613900000001',
      skills: ['general'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    await expect(runCall(undefined, flags(s), deps(s))).rejects.toMatchObject({
      code: 'HOTLINE_TARGET_AGENTS_CONFLICT',
      message: expect.stringMatching(/1 active agent\(s\) of its own \(8013\).*--allow-agents/),
    });
    expect(await s.store.listRecords()).toEqual([]);
    expect(await runCall(undefined, flags(s, { allowAgents: true }), deps(s))).toBe(0);
    expect((await agents(s)).map((a) => a.id)).toEqual(['8013']);
  }, 30_000);

  it('removes its bot agent when the pick-up fails', async () => {
    const s = await server({
      tamper: (app) => {
        app.addHook('onRequest', async (request, reply) => {
          if (request.url.startsWith('/agent/connect')) await reply.code(500).send('broken on purpose');
        });
      },
    });
    const d = deps(s);
    expect(await runCall(undefined, flags(s), d)).toBe(1);
    expect(d.lines.join('\n')).toMatch(/POST \/agent\/connect\?agent=9\d{5} answered HTTP 500/);
    expect(await agents(s)).toEqual([]);
  }, 30_000);

  it("refuses a wait or talk time that is not seconds within a call's 4 hours", async () => {
    const s = await server();
    await expect(runCall(undefined, flags(s, { agentAfter: 'soon' }), deps(s))).rejects.toMatchObject({
      code: 'HOTLINE_OPTION_INVALID',
      message: expect.stringContaining('--agent-after must be seconds from 0 to 14400'),
    });
    await expect(runCall(undefined, flags(s, { talk: '1e9' }), deps(s))).rejects.toMatchObject({
      code: 'HOTLINE_OPTION_INVALID',
      message: expect.stringContaining('--talk must be seconds'),
    });
    expect(await s.store.listRecords()).toEqual([]);
  });

  it("says to set HOTLINE_ADMIN_TOKEN when the server's admin API refuses the softphone", async () => {
    const s = await server({ adminToken: 'c'.repeat(32) });
    await expect(runCall(undefined, flags(s), deps(s))).rejects.toMatchObject({
      code: 'HOTLINE_ADMIN_REQUEST_FAILED',
      message: expect.stringMatching(/GET .*\/admin\/agents answered 401: .*Set HOTLINE_ADMIN_TOKEN/),
    });
    expect(await s.store.listRecords()).toEqual([]);
  });

  it('never calls a non-loopback server without --allow-remote', async () => {
    const s = await server();
    await expect(runCall(undefined, flags(s, { url: 'http://192.0.2.7:3000' }), deps(s))).rejects.toMatchObject({
      code: 'HOTLINE_REMOTE_URL_REFUSED',
      message: expect.stringContaining('--allow-remote'),
    });
  });

  it('hangs up on Ctrl-C (a real process): exit 130, the call closed as abandoned, no bot agent left', async () => {
    const s = await server();
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/hotline.js'), 'call', '--url', s.base, '--agent-after', '3600'],
      {
        cwd: ROOT,
        env: { ...process.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    const holding = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('(hold ')) resolve();
      }),
    );
    child.stdin.write('\n');
    await holding;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(out).toContain('(you hung up)');
    const records = await s.store.listRecords();
    expect(records.map((r) => r.outcome)).toEqual(['abandoned']);
    expect(await s.store.listWaiting(['general.in-house'])).toEqual([]);
    expect(await agents(s)).toEqual([]);
  }, 60_000);
});
