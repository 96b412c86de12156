import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { localLine } from '../../../src/console/line/local-line.js';
import { SOFTPHONE_MAX_CALLS } from '../../../src/console/softphone/softphone-calls.js';
import { DEFAULT_SPEECH_RATE } from '../../../src/flow/prompt-duration.js';
import { readRecording } from '../../../src/replay/recording-files.js';
import { replayRecording } from '../../../src/replay/replay-recording.js';
import {
  type ConsoleServer,
  startConsoleServer,
  type SupervisorApi,
  supervisorApi,
} from '../../helpers/console-browser.js';

const TOKEN = 's'.repeat(40);
let server: ConsoleServer;
let other: ConsoleServer;
let recordingsDir: string;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers and events are read loosely in this test
type Loose = any;
type Event = { event: string; data: Loose };

/** The call's server-sent events, collected as they come; `until` waits for one that matches. */
function listen(s: ConsoleServer, session: SupervisorApi, id: string) {
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${s.url}/console/api/softphone/calls/${id}/events`, {
      headers: session.headers,
      signal: abort.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        for (const wake of waiters) wake();
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return {
    events,
    close: () => abort.abort(),
    async until(match: (e: Event) => boolean, from = 0): Promise<Event> {
      for (;;) {
        const found = events.slice(from).find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.add(resolve));
      }
    },
  };
}

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'softphone-api-'));
  server = await startConsoleServer({ app: { adminToken: TOKEN }, console: { recordingsDir } });
  other = await startConsoleServer();
});
afterAll(async () => {
  await server?.close();
  await other?.close();
  rmSync(recordingsDir, { recursive: true, force: true });
});

describe('the softphone API', () => {
  it('calls the direct flow, answers its gather with keys, streams captions and webhooks, and saves a replayable recording', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const placed = await me.post('/calls', { readsPrompts: true });
    expect(placed.status).toBe(200);
    const id = placed.json.id as string;
    const stream = listen(server, me, id);
    await stream.until((e) => e.event === 'input');
    const captions = stream.events.filter((e) => e.event === 'prompt' && e.data.verb === 'Say');
    expect(captions.length).toBeGreaterThan(0);
    expect(captions[0]!.data.language).toBe('cmn-CN');
    const voice = await stream.until((e) => e.event === 'webhook' && e.data.path === '/voice');
    expect(voice.data.params.CallSid).toBe(id);
    expect(voice.data.body).toContain('<Gather');
    expect((await me.post(`/calls/${id}/input`, { kind: 'keys', digits: '1' })).status).toBe(200);
    const queue = await stream.until((e) => e.event === 'queue');
    expect(queue.data.position).toBe(1);
    expect((await me.post(`/calls/${id}/input`, { kind: 'hangup' })).status).toBe(200);
    const ended = await stream.until((e) => e.event === 'ended');
    expect(ended.data.endedBy).toBe('caller');
    stream.close();

    const saved = await me.post(`/calls/${id}/save`, { name: 'softphone-test-direct' });
    expect(saved.status).toBe(200);
    const again = await me.post(`/calls/${id}/save`, { name: 'softphone-test-direct' });
    expect(again.json.error.code).toBe('HOTLINE_SOFTPHONE_NOT_SAVABLE');
    const recording = readRecording(join(recordingsDir, 'softphone-test-direct.json'));
    expect(recording.metadata.outcome).toBe('abandoned');
    const replay = replayRecording(recording, direct, { speechRate: DEFAULT_SPEECH_RATE });
    expect(replay.divergence).toBeNull();
    expect(replay.record.outcome).toBe('abandoned');
    const download = await fetch(`${server.url}/console/api/softphone/calls/${id}/recording?file=json`, {
      headers: me.headers,
    });
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="softphone-test-direct.json"');
    expect(((await download.json()) as { format: string }).format).toBe('hotline-recording/1');
  }, 30_000);

  it("meets an agent's leg placed on the server's local line (the agent desktop's way) in the same queue", async () => {
    await server.store.putAgent({
      id: '4001',
      name: 'Agent 4001',
      phone: '+8613900004001',
      skills: ['general'],
      pool: 'in-house',
      active: true,
      pinHash: null,
    });
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const placed = await me.post('/calls', { readsPrompts: true });
    const id = placed.json.id as string;
    const stream = listen(server, me, id);
    await stream.until((e) => e.event === 'input');
    await me.post(`/calls/${id}/input`, { kind: 'keys', digits: '1' });
    await stream.until((e) => e.event === 'queued');
    const leg = localLine(server.app).placeAgentLeg({ agentId: '4001', phone: '+8613900004001' });
    await stream.until((e) => e.event === 'prompt' && e.data.place === 'greeting');
    expect((await server.app.hotline.agentStates.current('4001')).state).toBe('on-call');
    leg.endCall();
    const from = stream.events.length;
    await stream.until((e) => e.event === 'input', from);
    await me.post(`/calls/${id}/input`, { kind: 'hangup' });
    await stream.until((e) => e.event === 'ended');
    stream.close();
    leg.hangUp();
    await leg.done;
    expect((await server.store.getRecord(id))?.agentId).toBe('4001');
    await server.store.deleteAgent('4001');
  }, 30_000);

  it('refuses targets off this machine and recording names that could leave the folder', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    for (const target of [
      'http://10.0.0.1:3000',
      'http://example.com',
      'http://127.0.0.1.example.com:80',
      'http://user:pw@127.0.0.1:9',
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
    ]) {
      const res = await me.post('/calls', { target });
      expect(res.status, target).toBe(400);
      expect(res.json.error.code).toBe('HOTLINE_SOFTPHONE_TARGET_REFUSED');
    }
    const bad = await me.post('/calls', { flow: '../../etc/passwd' });
    expect(bad.json.error.code).toBe('HOTLINE_SOFTPHONE_REQUEST_INVALID');
    const placed = await me.post('/calls', { readsPrompts: true });
    const id = placed.json.id as string;
    await me.post(`/calls/${id}/input`, { kind: 'hangup' });
    const named = await me.post(`/calls/${id}/save`, { name: '../evil' });
    expect(named.json.error.code).toBe('HOTLINE_SOFTPHONE_REQUEST_INVALID');
    expect(existsSync(join(recordingsDir, '..', 'evil.json'))).toBe(false);
  }, 30_000);

  it('calls another server on loopback, and another flow in-process', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const remote = await me.post('/calls', { target: other.url, readsPrompts: true });
    expect(remote.status).toBe(200);
    expect(remote.json.target).toBe(other.url);
    const stream = listen(server, me, remote.json.id);
    await stream.until((e) => e.event === 'input');
    await me.post(`/calls/${remote.json.id}/input`, { kind: 'hangup' });
    await stream.until((e) => e.event === 'ended');
    stream.close();
    expect(await other.store.getRecord(remote.json.id)).toBeDefined();

    const menu = await me.post('/calls', { flow: 'hotline-12345-menu', readsPrompts: true });
    expect(menu.json.flowId).toBe('hotline-12345-menu');
    const menuStream = listen(server, me, menu.json.id);
    await menuStream.until((e) => e.event === 'input');
    await me.post(`/calls/${menu.json.id}/input`, { kind: 'hangup' });
    await menuStream.until((e) => e.event === 'ended');
    menuStream.close();
    expect(await server.store.getRecord(menu.json.id)).toBeUndefined();
  }, 30_000);

  it('caps the calls at once, and hides a call from other sessions', async () => {
    const me = await supervisorApi(server, 'softphone', TOKEN);
    const someoneElse = await supervisorApi(server, 'softphone', TOKEN);
    const ids: string[] = [];
    for (let i = 0; i < SOFTPHONE_MAX_CALLS; i += 1)
      ids.push((await me.post('/calls', { readsPrompts: true })).json.id);
    const refused = await me.post('/calls', {});
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('HOTLINE_SOFTPHONE_BUSY');
    const hidden = await someoneElse.post(`/calls/${ids[0]}/input`, { kind: 'hangup' });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error.code).toBe('HOTLINE_SOFTPHONE_CALL_UNKNOWN');
    for (const id of ids) await me.post(`/calls/${id}/input`, { kind: 'hangup' });
  }, 30_000);
});
