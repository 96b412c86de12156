import { afterEach, describe, expect, it } from 'vitest';
import type { AgentMe } from '../../../src/console/agent/agent-wire.js';
import { consoleOf, keyedIntoQueue } from '../../helpers/agent-console.js';
import { type ConsoleServer, registerAgent, startConsoleServer } from '../../helpers/console-browser.js';
import { openSse } from '../../helpers/sse-client.js';

const A = { id: '3001', pin: '1357', phone: '+8613900003001' };
let server: ConsoleServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the agent desktop API on a local server (no public URL)', () => {
  it('on a local server, Ready puts the agent on the line from the emulator and a caller queued there is bridged', async () => {
    const s = await startConsoleServer();
    server = s;
    await registerAgent(s, { ...A, group: 'team-a' });
    const a = await consoleOf(s, A);
    expect((await a.get('/me')).json.localLine).toBe(true);
    expect((await a.post('/state', { state: 'ready' })).json.status).toMatchObject({ state: 'ready' });
    const call = await keyedIntoQueue(s);
    const events = await openSse(`${s.url}/console/api/agent/events`, { cookie: a.cookie, origin: s.url });
    const bridgedTo = await events.next((e) => (e.data as AgentMe).call?.callSid === call.callSid, 15_000);
    expect((bridgedTo.data as AgentMe).status.state).toBe('on-call');
    expect((await a.post('/end-call', {})).status).toBe(200);
    await events.next((e) => (e.data as AgentMe).status.state === 'wrap-up', 15_000);
    const done = await a.post('/wrap-up', { callSid: call.callSid, callType: 'consult', resolved: true });
    expect(done.json.status).toMatchObject({ state: 'ready' });
    call.hangUp();
    await call.done;
    expect(await s.store.getRecord(call.callSid)).toMatchObject({ agentId: A.id, callType: 'consult', resolved: true });
    // The wrap-up came while the phone was still on its way to the after-call menu: the phone answers the menu when
    // it gets there, and the next caller is bridged.
    const second = await keyedIntoQueue(s);
    await events.next((e) => (e.data as AgentMe).call?.callSid === second.callSid, 20_000);
    second.hangUp();
    await second.done;
    events.close();
  }, 60_000);
});
