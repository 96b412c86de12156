import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { TwilioEmulator } from '../../../src/twilio/emulator/twilio-emulator.js';
import { VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';
import {
  CONSOLE_AUTH_TOKEN,
  consoleBrowserSuite,
  openConsole,
  screenshot,
  startConsoleServer,
} from '../../helpers/console-browser.js';

// The fixtures' flows folder holds a flow with a state no call reaches: something not covered to show.
const suite = consoleBrowserSuite(() =>
  startConsoleServer({ console: { flowsDir: new URL('../../fixtures/flows/', import.meta.url).pathname } }),
);

/** The graph series' nodes as the ECharts instance holds them: id and today's calls (`value`). */
function graphNodes(page: import('playwright-core').Page) {
  return page.$eval('[data-chart=flow-graph]', (el) => {
    const chart = (el as unknown as { hotlineChart: { getOption(): unknown } }).hotlineChart;
    const option = chart.getOption() as { series: { data: { id: string; value: number }[] }[] };
    return option.series[0]!.data.map((d) => ({ id: d.id, value: d.value }));
  });
}

describe('the flow view in Chromium', () => {
  it("draws the live flow's states, and a state's traffic label changes after a call", async () => {
    const { page, context, problems } = await openConsole(suite.browser, suite.server, { role: 'supervisor' }, 'flows');
    await page.waitForSelector(`[data-flow-graph="${direct.id}"][data-coverage-ready=yes]`);
    await page.waitForSelector('[data-traffic-calls="0"]');
    const graph = (await (
      await fetch(`${suite.server.url}/console/api/flows/${direct.id}/graph`, {
        headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
      })
    ).json()) as { nodes: { id: string }[] };
    const before = await graphNodes(page);
    expect(before.length).toBe(graph.nodes.length);
    expect(before.find((n) => n.id === 'welcome')?.value).toBe(0);

    const emulator = new TwilioEmulator({ authToken: CONSOLE_AUTH_TOKEN, clock: new VirtualClock(Date.now()) });
    await emulator.placeCall({
      url: `${suite.server.url}/voice`,
      from: '+8613800138001',
      to: '+8653112345',
      script: { gather: () => ({ actions: [], hangupAfterSec: 1 }) },
      statusCallback: `${suite.server.url}/voice/status`,
    });
    await page.waitForSelector('[data-traffic-calls="1"]', { timeout: 10_000 });
    await expect
      .poll(async () => (await graphNodes(page)).find((n) => n.id === 'welcome')?.value, { timeout: 10_000 })
      .toBe(1);
    await screenshot(page, 'flows-graph');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('switches to another flow with the picker and lists what is not covered', async () => {
    const { page, context, problems } = await openConsole(suite.browser, suite.server, { role: 'supervisor' }, 'flows');
    await page.waitForSelector(`[data-flow-graph="${direct.id}"]`);
    await page.selectOption('[data-flow-picker]', 'lint-unreachable-state');
    await page.waitForSelector('[data-flow-graph="lint-unreachable-state"][data-coverage-ready=yes]', {
      timeout: 30_000,
    });
    await page.waitForSelector('[data-uncovered-item=orphan]');
    const uncovered = Number(await page.getAttribute('[data-uncovered]', 'data-uncovered'));
    expect(uncovered).toBe(await page.locator('[data-uncovered-item]').count());
    const categories = await page.$eval('[data-chart=flow-graph]', (el) => {
      const chart = (el as unknown as { hotlineChart: { getOption(): unknown } }).hotlineChart;
      const option = chart.getOption() as { series: { data: { id: string; category: number }[] }[] };
      return Object.fromEntries(option.series[0]!.data.map((d) => [d.id, d.category]));
    });
    // 0 covered, 1 not covered, 2 unreachable (the legend's order).
    expect(categories.orphan).toBe(2);
    expect(categories.welcome).toBe(0);
    await page.click('[data-action=language]');
    await page.waitForSelector('[data-uncovered-item=orphan]');
    await screenshot(page, 'flows-uncovered');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
