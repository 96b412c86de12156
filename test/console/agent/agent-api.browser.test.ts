import { describe, expect, it } from 'vitest';
import {
  consoleBrowserSuite,
  openConsole,
  registerAgent,
  screenshot,
  startConsoleServer,
} from '../../helpers/console-browser.js';

const A = { id: '3101', pin: '1357' };
const B = { id: '3102', pin: '2468' };
const suite = consoleBrowserSuite(async () => {
  // Local mode (no public URL): the console's own emulator carries the callers' calls and the agents' phones.
  const server = await startConsoleServer();
  await registerAgent(server, { ...A, group: 'team-a' });
  await registerAgent(server, { ...B, group: 'team-b' });
  return server;
});

describe('the agent desktop in Chromium', () => {
  it('an agent goes ready, takes a call, wraps it up, and the record has the type and resolution', async () => {
    const a = await openConsole(suite.browser, suite.server, { role: 'agent', agentId: A.id, pin: A.pin }, 'agent');
    const b = await openConsole(suite.browser, suite.server, { role: 'agent', agentId: B.id, pin: B.pin }, 'agent');
    await a.page.waitForSelector(`[data-agent-desktop="${A.id}"] [data-agent-state=logged-out]`);
    await b.page.waitForSelector(`[data-agent-desktop="${B.id}"]`);
    // A caller from the softphone in another page (a supervisor's), keyed into the queue.
    const phone = await openConsole(suite.browser, suite.server, { role: 'supervisor' }, 'softphone');
    // The live flow on this server: the softphone's calls then wait in the same queues as the agents' phones.
    await phone.page.waitForSelector('[data-field=flow] option[data-flow=live]', { state: 'attached' });
    await phone.page.selectOption('[data-field=flow]', 'live');
    await phone.page.check('[data-field=reads-prompts]');
    const from = (await phone.page.inputValue('[data-field=from]')).replace(/^\+/, '');
    await phone.page.click('[data-action=call]');
    await phone.page.waitForSelector('[data-waiting=call]');
    await phone.page.click('[data-key="1"]');
    await phone.page.click('[data-action=send-keys]');
    await phone.page.waitForSelector('[data-queue]');

    await a.page.click('[data-action=ready]');
    await a.page.waitForSelector('[data-agent-state=on-call]', { timeout: 15_000 });
    const callSid = (await a.page.getAttribute('[data-caller-card]', 'data-caller-card'))!;
    expect(callSid).toMatch(/^CA/);
    expect(await a.page.getAttribute('[data-field=language]', 'data-value')).toBe('cmn-CN');
    expect(await a.page.textContent('[data-field=language]')).toBe('普通话');
    expect(await a.page.textContent('[data-field=state]')).toBe('通话中');
    expect(await a.page.$$eval('[data-field=ivr-path] li', (items) => items.at(-1)?.getAttribute('data-kind'))).toBe(
      'enqueue',
    );
    expect(await a.page.getAttribute('[data-field=called-before]', 'data-value')).toBe('0');
    expect(await a.page.textContent('body'), 'never the number').not.toContain(from);
    await screenshot(a.page, 'agent-desktop-call');
    // Meanwhile the second agent's page shows no caller.
    expect(await b.page.getAttribute('[data-caller-card]', 'data-caller-card')).toBe('none');
    await a.page.click('[data-action=language]');
    expect(await a.page.textContent('[data-field=state]')).toBe('On a call');
    expect(await a.page.textContent('[data-field=language]')).toBe('Mandarin');

    await a.page.click('[data-action=end-call]');
    await a.page.waitForSelector('[data-agent-state=wrap-up]');
    await a.page.selectOption('[data-field=call-type]', 'complaint');
    await a.page.check('[data-field=resolved] input[value=no]');
    await a.page.click('[data-action=wrap-up]');
    await a.page.waitForSelector('[data-agent-state=ready]');
    await a.page.waitForSelector(`[data-calls] tr[data-call-sid="${callSid}"][data-call-type=complaint]`);
    expect(await a.page.getAttribute(`tr[data-call-sid="${callSid}"] [data-resolved]`, 'data-resolved')).toBe('false');
    await phone.page.click('[data-action=hangup]');
    await phone.page.waitForSelector('[data-ended]');
    expect(await suite.server.store.getRecord(callSid)).toMatchObject({
      agentId: A.id,
      callType: 'complaint',
      resolved: false,
    });

    // The second agent's page never shows the first agent's call.
    await b.page.reload();
    await b.page.waitForSelector(`[data-agent-desktop="${B.id}"] [data-caller-card=none]`);
    await b.page.waitForSelector('[data-calls]');
    expect(await b.page.$$('[data-calls] tr[data-call-sid]')).toEqual([]);
    expect(await b.page.content()).not.toContain(callSid);

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
    await phone.context.close();
  }, 60_000);
});
