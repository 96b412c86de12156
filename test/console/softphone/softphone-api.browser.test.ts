import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleBrowserSuite, openConsole, screenshot, startConsoleServer } from '../../helpers/console-browser.js';

const suite = consoleBrowserSuite((recordingsDir) => startConsoleServer({ console: { recordingsDir } }));

/** A supervisor's softphone page calling the shipped direct flow (prompts read), once the first gather is open. */
async function callDirectFlow() {
  const opened = await openConsole(suite.browser, suite.server, { role: 'supervisor' }, 'softphone');
  const { page } = opened;
  await page.waitForSelector('[data-field=flow] option[data-flow=hotline-12345-direct]', { state: 'attached' });
  await page.selectOption('[data-field=flow]', 'hotline-12345-direct');
  await page.check('[data-field=reads-prompts]');
  await page.click('[data-action=call]');
  await page.waitForSelector('[data-waiting=call]');
  return opened;
}

describe('the softphone in Chromium', () => {
  it('calls a shipped flow, answers with the keypad, shows captions, the queue and the webhooks, and saves the call', async () => {
    const { page, context, problems } = await callDirectFlow();
    expect(await page.$$eval('[data-caption=Say]', (items) => items.length)).toBeGreaterThan(0);
    expect(await page.getAttribute('[data-tts]', 'data-tts')).toMatch(/^(on|off)$/);
    await page.click('[data-key="1"]');
    expect(await page.textContent('[data-digits]')).toBe('1');
    await page.click('[data-action=send-keys]');
    await page.waitForSelector('[data-queue][data-position="1"]');
    await page.click('[data-webhook="/voice"] summary');
    expect(await page.textContent('[data-webhook="/voice"] [data-twiml]')).toContain('<Gather');
    expect(await page.textContent('[data-webhook="/voice"] [data-params]')).toContain('CallSid');
    await screenshot(page, 'softphone-call');
    await page.click('[data-action=hangup]');
    await page.waitForSelector('[data-ended=caller]');
    await page.fill('[data-field=recording-name]', 'softphone-browser-call');
    await page.click('[data-action=save]');
    await page.waitForSelector('[data-saved=softphone-browser-call]');
    expect(existsSync(join(suite.dir, 'softphone-browser-call.json'))).toBe(true);
    expect(existsSync(join(suite.dir, 'softphone-browser-call.wav'))).toBe(true);
    await page.click('[data-action=language]');
    expect(await page.textContent('.softphone h2')).toBe('Softphone');
    expect(await page.textContent('[data-action=save]')).toBe('Save as recording');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows each caption and webhook once when the event stream reconnects mid-call', async () => {
    const { page, context, problems } = await callDirectFlow();
    const captions = await page.$$eval('[data-caption]', (items) => items.length);
    // The connection drops (a proxy, a network change): EventSource reconnects by itself with Last-Event-ID.
    suite.server.app.server.closeAllConnections();
    await page.click('[data-key="1"]');
    await page.click('[data-action=send-keys]');
    await page.waitForSelector('[data-queue][data-position="1"]', { timeout: 20_000 });
    expect(await page.$$eval('[data-webhook="/voice"]', (items) => items.length)).toBe(1);
    const after = await page.$$eval('[data-caption]', (items) => items.map((i) => i.textContent));
    expect(after.slice(0, captions)).toHaveLength(captions);
    expect(after.length).toBeLessThan(captions * 2 + 1);
    await page.click('[data-action=hangup]');
    await page.waitForSelector('[data-ended=caller]');
    expect(problems.filter((p) => !/ERR_INCOMPLETE_CHUNKED_ENCODING|net::ERR/.test(String(p)))).toEqual([]);
    await context.close();
  }, 60_000);
});
