import { join } from 'node:path';
import type { Page } from 'playwright-core';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { queued } from '../../helpers/call-records.js';
import {
  CONSOLE_AUTH_TOKEN,
  consoleBrowserSuite,
  openConsole,
  registerAgent,
  screenshot,
  startConsoleServer,
} from '../../helpers/console-browser.js';
import { ROOT, runCli } from '../../helpers/run-cli.js';
import { callParams } from '../../helpers/signed-client.js';

let db: string;
/** The server's clock: mid-hour, moved only by the test (the figures of "this hour" never straddle an hour). */
const clock = { ms: Date.parse('2026-12-03T10:20:00+08:00') };

/** Posts a webhook to the console server over loopback, signed as Twilio signs it (local mode: the request's own URL). */
async function webhook(path: string, params: Record<string, string>): Promise<void> {
  const url = `${suite.server.url}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(CONSOLE_AUTH_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** A caller of the direct flow who stays silent: the greeting, then the queue (general.in-house). */
async function callAndWait(sid: string): Promise<void> {
  await webhook('/voice', callParams(sid));
  await webhook('/voice/no-input?turn=1', callParams(sid));
}

/** The number behind a figure of the wallboard (`data-kpi`), null when it has none. */
async function figure(page: Page, kpi: string): Promise<number | null> {
  const value = await page.getAttribute(`[data-kpi="${kpi}"]`, 'data-value');
  return value === null || value === '' ? null : Number(value);
}

const suite = consoleBrowserSuite(async (dir) => {
  db = join(dir, 'calls.db');
  const store = new SqliteCallStore(db);
  // Vendor A in the current hour: 3 offered, 1 answered after 40 s, 2 abandoned (its targets are broken).
  const nowSec = clock.ms / 1000;
  const vendor = { agentGroup: 'vendor-a', pool: 'outsourced' as const };
  await store.putRecord(queued(nowSec - 15, { ivrSec: 2, waitSec: 40, answered: true }, { ...vendor, rating: 2 }));
  await store.putRecord(queued(nowSec - 12, { ivrSec: 2, waitSec: 5, answered: false }, vendor));
  await store.putRecord(queued(nowSec - 10, { ivrSec: 2, waitSec: 8, answered: false }, vendor));
  const server = await startConsoleServer({
    store,
    app: { clock: () => clock.ms },
    console: { contracts: [join(ROOT, 'contracts', 'vendor-a.yaml')], expectScenario: 'midsize-city-direct' },
  });
  await registerAgent(server, { id: '3001', pin: '1357', group: 'city' });
  await registerAgent(server, { id: '3002', pin: '1357', group: 'vendor-a', pool: 'outsourced' });
  return server;
});

describe('the wallboard in Chromium', () => {
  it('shows emulated calls waiting and ending without a reload, with the figures of `hotline kpis`', async () => {
    const { page, context, problems } = await openConsole(
      suite.browser,
      suite.server,
      { role: 'supervisor' },
      'wallboard',
    );
    await page.waitForSelector('section.wallboard[data-seq]:not([data-seq=""])');
    await page.waitForSelector('[data-alert]');
    expect(await figure(page, 'waiting')).toBe(0);
    expect(await figure(page, 'agents.vendor-a.logged-out')).toBe(1);
    // A reload would lose this mark.
    await page.evaluate(() => {
      (globalThis as unknown as { mark: number }).mark = 1;
    });
    const sids = [1, 2, 3].map((n) => `CA${String(n).repeat(32)}`);
    for (const sid of sids) {
      await callAndWait(sid);
      // The first caller has waited 5 s when the next comes.
      clock.ms += 5000;
    }
    await page.waitForSelector('[data-kpi="waiting"][data-value="3"]', { timeout: 10_000 });
    expect(await figure(page, 'waiting.general.in-house')).toBe(3);
    await page.waitForSelector('[data-kpi="longestWait"]:not([data-value="0"])', { timeout: 10_000 });
    await screenshot(page, 'wallboard-live');

    for (const sid of sids) await webhook('/voice/status', callParams(sid, { CallStatus: 'completed' }));
    await suite.server.app.hotline.feed.settled();
    await page.waitForSelector('[data-kpi="waiting"][data-value="0"]', { timeout: 10_000 });
    // The page has applied the feed's last event (its data-seq), with no reload.
    const seq = suite.server.app.hotline.feed.seq;
    await page.waitForFunction(`Number(document.querySelector('section.wallboard').dataset.seq) >= ${seq}`, null, {
      timeout: 10_000,
    });
    expect(await page.evaluate(() => (globalThis as unknown as { mark?: number }).mark)).toBe(1);

    const { window: day } = suite.server.app.hotline.feed.state().today;
    const iso = (sec: number) => new Date(sec * 1000).toISOString();
    const today = await runCli(['kpis', '--db', db, '--from', iso(day.fromSec), '--to', iso(day.toSec), '--json']);
    expect(today.err).toBe('');
    const k = JSON.parse(today.out).kpis;
    expect(k.arrivals).toBe(6);
    expect(await figure(page, 'arrivals')).toBe(k.arrivals);
    expect(await figure(page, 'sl15Queue')).toBe(k.serviceLevelFromQueue['15']);
    expect(await figure(page, 'sl15Arrival')).toBe(k.serviceLevelFromArrival['15']);
    expect(await figure(page, 'abandonRate')).toBe(k.abandonRate);
    expect(await figure(page, 'satisfaction')).toBe(k.satisfactionStrict);
    expect(await figure(page, 'overflowAnswered')).toBe(k.answeredByPool.outsourced);
    const nowSec = suite.server.app.hotline.nowSec();
    const last24 = await runCli([
      'kpis',
      '--db',
      db,
      '--from',
      iso(nowSec - 86_400),
      '--to',
      iso(nowSec + 1),
      '--json',
    ]);
    expect(await figure(page, 'connection24h')).toBe(JSON.parse(last24.out).kpis.answerRate);
    expect(await figure(page, 'contract.Vendor A, outsourced answering.service_level.hour')).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
