import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCall } from '../../../src/console/line/local-call.js';
import { localLine } from '../../../src/console/line/local-line.js';
import {
  type ConsoleServer,
  launchChromium,
  openConsole,
  registerAgent,
  screenshot,
  startConsoleServer,
} from '../../helpers/console-browser.js';

const A = { id: '3101', pin: '1357' };
const B = { id: '3102', pin: '2468' };
let browser: Browser;
let server: ConsoleServer;

beforeAll(async () => {
  browser = await launchChromium();
  // Local mode (no public URL): the console's own emulator carries the callers' calls and the agents' phones.
  server = await startConsoleServer();
  await registerAgent(server, { ...A, group: 'team-a' });
  await registerAgent(server, { ...B, group: 'team-b' });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A caller placed as the softphone places calls (the server's local line), keyed into the queue. */
async function queuedCaller(): Promise<LocalCall> {
  const call = localLine(server.app).placeCall({ from: '+8613800138000', readsPrompts: true });
  await new Promise<void>((resolve) => {
    if (call.events.some((e) => e.kind === 'input')) return resolve();
    const stop = call.subscribe((e) => {
      if (e.kind !== 'input') return;
      stop();
      resolve();
    });
  });
  call.input({ kind: 'keys', digits: '1' });
  return call;
}

describe('the agent desktop in Chromium', () => {
  it('an agent goes ready, takes a call, wraps it up, and the record has the type and resolution', async () => {
    const a = await openConsole(browser, server, { role: 'agent', agentId: A.id, pin: A.pin }, 'agent');
    const b = await openConsole(browser, server, { role: 'agent', agentId: B.id, pin: B.pin }, 'agent');
    await a.page.waitForSelector(`[data-agent-desktop="${A.id}"] [data-agent-state=logged-out]`);
    await b.page.waitForSelector(`[data-agent-desktop="${B.id}"]`);
    const call = await queuedCaller();

    await a.page.click('[data-action=ready]');
    await a.page.waitForSelector('[data-agent-state=on-call]', { timeout: 15_000 });
    await a.page.waitForSelector(`[data-caller-card="${call.callSid}"]`);
    expect(await a.page.getAttribute('[data-field=language]', 'data-value')).toBe('cmn-CN');
    expect(await a.page.textContent('[data-field=language]')).toBe('普通话');
    expect(await a.page.$$eval('[data-field=ivr-path] li', (items) => items.at(-1)?.getAttribute('data-kind'))).toBe(
      'enqueue',
    );
    expect(await a.page.getAttribute('[data-field=called-before]', 'data-value')).toBe('0');
    expect(await a.page.textContent('body'), 'never the number').not.toContain('13800138000');
    await screenshot(a.page, 'agent-desktop-call');

    await a.page.click('[data-action=end-call]');
    await a.page.waitForSelector('[data-agent-state=wrap-up]');
    await a.page.selectOption('[data-field=call-type]', 'complaint');
    await a.page.check('[data-field=resolved] input[value=no]');
    await a.page.click('[data-action=wrap-up]');
    await a.page.waitForSelector('[data-agent-state=ready]');
    await a.page.waitForSelector(`[data-calls] tr[data-call-sid="${call.callSid}"][data-call-type=complaint]`);
    expect(await a.page.getAttribute(`tr[data-call-sid="${call.callSid}"] [data-resolved]`, 'data-resolved')).toBe(
      'false',
    );
    call.hangUp();
    await call.done;
    expect(await server.store.getRecord(call.callSid)).toMatchObject({
      agentId: A.id,
      callType: 'complaint',
      resolved: false,
    });

    // The second agent's page never shows the first agent's call.
    await b.page.reload();
    await b.page.waitForSelector(`[data-agent-desktop="${B.id}"] [data-caller-card=none]`);
    await b.page.waitForSelector('[data-calls]');
    expect(await b.page.$$('[data-calls] tr[data-call-sid]')).toEqual([]);
    expect(await b.page.content()).not.toContain(call.callSid);

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 60_000);
});
