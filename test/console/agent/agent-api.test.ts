import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AgentMe } from '../../../src/console/agent/agent-wire.js';
import type { CallStore } from '../../../src/store/call-store.js';
import { CSRF_HEADER } from '../../../src/console/access/console-session.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { CALLER, consoleOf } from '../../helpers/agent-console.js';
import { type ConsoleServer, registerAgent, startConsoleServer } from '../../helpers/console-browser.js';
import { TestClock } from '../../helpers/path-driver.js';
import { callParams, post } from '../../helpers/signed-client.js';
import { openSse } from '../../helpers/sse-client.js';

const A = { id: '3001', pin: '1357', phone: '+8613900003001' };
const B = { id: '3002', pin: '2468', phone: '+8613900003002' };
const dir = mkdtempSync(join(tmpdir(), 'hotline-agent-api-'));
let server: ConsoleServer | undefined;
let clock: TestClock;

afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server as deployed (a public URL: the agents' own phones call the agent line), webhooks injected unsigned. */
async function start(store?: CallStore): Promise<ConsoleServer> {
  clock = new TestClock();
  server = await startConsoleServer({
    ...(store ? { store } : {}),
    app: { clock: clock.now, insecureSkipSignature: true, publicUrl: 'https://hotline.test' },
  });
  await registerAgent(server, { ...A, group: 'team-a' });
  await registerAgent(server, { ...B, group: 'team-b' });
  return server;
}

/** The agent's phone on the agent line: recognised by number, PIN keyed: ready. */
async function onLine(s: ConsoleServer, agent: typeof A): Promise<void> {
  const params = callParams(`CA${agent.id.repeat(8)}`, { From: agent.phone, Caller: agent.phone });
  await post(s.app, '/agent/voice', params, { signature: null });
  await post(s.app, `/agent/pin?agent=${agent.id}`, { ...params, Digits: agent.pin }, { signature: null });
}

/** A caller through the direct flow into the queue; returns the Enqueue action. */
async function queued(s: ConsoleServer, sid: string): Promise<string> {
  await post(s.app, '/voice', callParams(sid, { From: CALLER }), { signature: null });
  const doc = await post(s.app, '/voice/no-input?turn=1', callParams(sid, { From: CALLER }), { signature: null });
  return doc.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
}

/** `agent` takes caller `sid` after it waited `waitSec`. */
async function bridged(s: ConsoleServer, agent: typeof A, sid: string, waitSec: number): Promise<void> {
  clock.advance(waitSec);
  const params = callParams(`CA${agent.id.repeat(8)}`, { From: agent.phone });
  const dial = await post(s.app, `/agent/next?agent=${agent.id}`, params, { signature: null });
  expect(dial.verbs[0]?.name).toBe('Dial');
  await post(s.app, `/agent/connect?agent=${agent.id}`, callParams(sid), { signature: null });
}

/** A whole call: queued, taken by `agent`, talk ended (wrap-up), the caller gone (final record). */
async function takenAndEnded(s: ConsoleServer, agent: typeof A, sid: string): Promise<void> {
  const action = await queued(s, sid);
  await bridged(s, agent, sid, 4);
  clock.advance(30);
  await post(s.app, action, callParams(sid, { QueueResult: 'bridged' }), { signature: null });
}

describe('the agent desktop API', () => {
  it('sets ready and away through the agent states, and refuses them off the line and on a call', async () => {
    const s = await start();
    const a = await consoleOf(s, A);
    const off = await a.post('/state', { state: 'ready' });
    expect(off.status).toBe(409);
    expect((off.json.error as { code: string }).code).toBe('HOTLINE_AGENT_NOT_ON_LINE');
    await onLine(s, A);
    const onWallboard = new Promise<void>((resolve) => {
      const stop = s.app.hotline.feed.subscribe((_seq, _what, state) => {
        if (state.agents['team-a']?.away !== 1) return;
        stop();
        resolve();
      });
    });
    expect((await a.post('/state', { state: 'away' })).json.status).toMatchObject({ state: 'away' });
    await onWallboard;
    expect((await a.get('/me')).json.status.state).toBe('away');
    expect((await a.post('/state', { state: 'ready' })).json.status).toMatchObject({ state: 'ready' });
    const log = await s.store.listAgentStateLog({ agentId: A.id, limit: 10 });
    expect(log.filter((c) => c.source === 'console').map((c) => c.to)).toEqual(['away', 'ready']);
    expect((await a.post('/state', { state: 'busy' })).json.error).toMatchObject({
      code: 'HOTLINE_AGENT_STATE_INVALID',
    });
    await queued(s, `CA${'a1'.repeat(16)}`);
    await bridged(s, A, `CA${'a1'.repeat(16)}`, 2);
    const onCall = await a.post('/state', { state: 'away' });
    expect(onCall.status).toBe(409);
    expect((onCall.json.error as { code: string }).code).toBe('HOTLINE_AGENT_ON_CALL');
  });

  it('shows the bridged caller (language, IVR path, wait, called before, callback) and pushes it as it happens', async () => {
    const s = await start();
    const a = await consoleOf(s, A);
    await onLine(s, A);
    const events = await openSse(`${s.url}/console/api/agent/events`, { cookie: a.cookie, origin: s.url });
    expect(events.status).toBe(200);
    await events.next((e) => e.event === 'me' && (e.data as AgentMe).status.state === 'ready', 5000);
    const earlier = `CA${'b0'.repeat(16)}`;
    await takenAndEnded(s, A, earlier);
    const earlierRecord = (await s.store.getRecord(earlier))!;
    const dueSec = clock.now() / 1000 + 300;
    await s.store.putCallback({
      id: 'cb-1',
      callSid: earlier,
      skill: 'general',
      number: CALLER,
      status: 'pending',
      createdSec: clock.now() / 1000,
      dueSec,
      attempts: 0,
      placedCallSid: null,
      lastError: null,
    });
    await a.post('/state', { state: 'ready' });
    const sid = `CA${'b1'.repeat(16)}`;
    await queued(s, sid);
    await bridged(s, A, sid, 7);
    const pushed = await events.next((e) => (e.data as AgentMe).call?.callSid === sid, 5000);
    expect((pushed.data as AgentMe).status.state).toBe('on-call');
    const me = await a.get('/me');
    expect(me.json.agent).toMatchObject({ id: A.id, group: 'team-a', skills: ['general'] });
    expect(me.json.call).toMatchObject({
      callSid: sid,
      language: 'cmn-CN',
      waitSec: 7,
      calledBefore: { calls: 1, windowDays: 7, known: true },
      callback: { leg: false, pendingDueSec: dueSec },
    });
    expect(me.json.call?.ivrPath.map((step) => step.kind).at(-1)).toBe('enqueue');
    expect(me.json.call?.ivrPath.length).toBeGreaterThan(1);
    const text = JSON.stringify(me.json);
    expect(text, 'never the number').not.toContain(CALLER.slice(1));
    expect(text, 'never the hash').not.toContain(earlierRecord.callerHash!);
    events.close();
  });

  it('writes the request type and resolution into the agent’s own record and ends wrap-up; lists today’s calls', async () => {
    const s = await start();
    const a = await consoleOf(s, A);
    await onLine(s, A);
    const sid = `CA${'c1'.repeat(16)}`;
    await takenAndEnded(s, A, sid);
    expect((await a.get('/me')).json.status.state).toBe('wrap-up');
    const wrong = await a.post('/wrap-up', { callSid: sid, callType: 'weather', resolved: true });
    expect(wrong.status).toBe(400);
    expect((wrong.json.error as { code: string }).code).toBe('HOTLINE_AGENT_WRAP_UP_INVALID');
    const done = await a.post('/wrap-up', { callSid: sid, callType: 'complaint', resolved: false });
    expect(done.status).toBe(200);
    expect(done.json.status).toMatchObject({ state: 'ready' });
    expect(await s.store.getRecord(sid)).toMatchObject({ callType: 'complaint', resolved: false });
    // The caller's status callback comes after the wrap-up: the final record keeps what the agent recorded.
    await post(s.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }), { signature: null });
    expect(await s.store.getRecord(sid)).toMatchObject({ callType: 'complaint', resolved: false, outcome: 'answered' });
    const calls = (await a.get('/calls')).json.calls as { callSid: string; callType: string }[];
    expect(calls.map((c) => [c.callSid, c.callType])).toEqual([[sid, 'complaint']]);
    // The next day: yesterday's call is no longer listed, nor can it be changed (it has been reported on).
    clock.advance(86_400);
    const tomorrow = await consoleOf(s, A);
    expect((await tomorrow.get('/calls')).json.calls).toEqual([]);
    const late = await tomorrow.post('/wrap-up', { callSid: sid, callType: 'help', resolved: true });
    expect(late.status).toBe(400);
    expect((late.json.error as { code: string }).code).toBe('HOTLINE_AGENT_WRAP_UP_INVALID');
    expect(await s.store.getRecord(sid)).toMatchObject({ callType: 'complaint', resolved: false });
  });

  it('refuses another agent’s call with 403, and shows them none of it', async () => {
    const s = await start();
    const a = await consoleOf(s, A);
    const b = await consoleOf(s, B);
    await onLine(s, A);
    const sid = `CA${'d1'.repeat(16)}`;
    await takenAndEnded(s, A, sid);
    const theirs = await b.post('/wrap-up', { callSid: sid, callType: 'consult', resolved: true });
    expect(theirs.status).toBe(403);
    expect((theirs.json.error as { code: string }).code).toBe('HOTLINE_CONSOLE_FORBIDDEN');
    const unknown = await b.post('/wrap-up', { callSid: `CA${'ff'.repeat(16)}`, callType: 'consult', resolved: true });
    expect(unknown.status, 'an unknown call answers the same: no oracle').toBe(403);
    expect(await s.store.getRecord(sid)).toMatchObject({ callType: null, resolved: null });
    expect((await b.get('/calls')).json.calls).toEqual([]);
    expect((await b.get('/me')).json.call).toBeNull();
    expect(JSON.stringify((await b.get('/me')).json)).not.toContain(sid);
    expect(((await a.get('/calls')).json.calls as unknown[]).length).toBe(1);
  });

  it('ends the events stream once the agent signs out', async () => {
    const s = await start();
    const a = await consoleOf(s, A);
    const response = await fetch(`${s.url}/console/api/agent/events`, { headers: { cookie: a.cookie } });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: me');
    const out = await fetch(`${s.url}/console/api/session`, {
      method: 'DELETE',
      headers: { cookie: a.cookie, origin: s.url, [CSRF_HEADER]: a.csrf },
    });
    expect(out.status).toBe(200);
    await onLine(s, A);
    let chunk = await reader.read();
    while (!chunk.done) {
      expect(new TextDecoder().decode(chunk.value), 'nothing pushed after sign-out').not.toContain('event: me');
      chunk = await reader.read();
    }
    expect(chunk.done).toBe(true);
  });

  it('keeps the wrap-up in a SQLite store file', async () => {
    const path = join(dir, 'calls.db');
    const s = await start(new SqliteCallStore(path));
    const a = await consoleOf(s, A);
    await onLine(s, A);
    const sid = `CA${'e1'.repeat(16)}`;
    await takenAndEnded(s, A, sid);
    expect((await a.post('/wrap-up', { callSid: sid, callType: 'help', resolved: true })).status).toBe(200);
    await post(s.app, '/voice/status', callParams(sid, { CallStatus: 'completed' }), { signature: null });
    await s.close();
    await s.store.close();
    server = undefined;
    const reopened = new SqliteCallStore(path);
    expect(await reopened.getRecord(sid)).toMatchObject({ callType: 'help', resolved: true, agentId: A.id });
    await reopened.close();
  });
});
