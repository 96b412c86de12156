import { describe, expect, it } from 'vitest';
import {
  consoleBrowserSuite,
  openConsole,
  registerAgent,
  screenshot,
  startConsoleServer,
} from '../helpers/console-browser.js';

const suite = consoleBrowserSuite(async () => {
  const server = await startConsoleServer();
  await registerAgent(server, { id: '2001', pin: '2468' });
  return server;
});

describe('the console shell in Chromium', () => {
  it('signs a supervisor in, shows their views, switches language, and signs out', async () => {
    const { page, context, problems } = await openConsole(suite.browser, suite.server, { role: 'supervisor' });
    const nav = await page.$$eval('header.top nav a', (links) => links.map((a) => a.getAttribute('data-nav')));
    expect(nav).toEqual(['wallboard', 'softphone', 'planner', 'flows']);
    expect(await page.textContent('header.top nav a[data-nav=planner]')).toBe('规划工作台');
    await page.click('[data-action=language]');
    expect(await page.textContent('header.top nav a[data-nav=planner]')).toBe('Planner');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('header.top nav a[data-nav=planner]');
    await page.waitForSelector('main[data-view=planner]');
    await screenshot(page, 'shell-supervisor');
    await page.click('[data-action=sign-out]');
    await page.waitForSelector('form.login');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives an agent the agent desktop only, and refuses a wrong PIN at the form', async () => {
    const { page, context, problems } = await openConsole(suite.browser, suite.server, {
      role: 'agent',
      agentId: '2001',
      pin: '2468',
    });
    const nav = await page.$$eval('header.top nav a', (links) => links.map((a) => a.getAttribute('data-nav')));
    expect(nav).toEqual(['agent']);
    await page.goto(`${suite.server.url}/console#/planner`);
    await page.waitForSelector('main[data-view=agent]');
    expect(problems).toEqual([]);
    await context.close();

    const other = await suite.browser.newContext();
    const login = await other.newPage();
    await login.goto(`${suite.server.url}/console`);
    await login.click('.tabs [role=tab]:nth-child(2)');
    await login.fill('input[name=agentId]', '2001');
    await login.fill('input[name=pin]', '1111');
    await login.click('form.login button[type=submit]');
    await login.waitForSelector('form.login [role=alert]');
    expect(await login.textContent('form.login [role=alert]')).toMatch(/wrong agent number or PIN/);
    await other.close();
  });
});
