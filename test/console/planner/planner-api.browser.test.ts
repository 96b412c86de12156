import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleBrowserSuite, openConsole, screenshot, startConsoleServer } from '../../helpers/console-browser.js';

const SHIPPED = new URL('../../../scenarios/midsize-city-inhouse.yaml', import.meta.url).pathname;
const CHARTS = ['sl-by-hour', 'wait-tail', 'abandon-occupancy', 'heatmap', 'cost-vs-sl'];

// A copy of a shipped scenario in a folder of the test's own: the planner may save into it.
const suite = consoleBrowserSuite((dir) => {
  copyFileSync(SHIPPED, join(dir, 'midsize-city-inhouse.yaml'));
  return startConsoleServer({ console: { scenariosDir: dir } });
});

describe('the planner workspace in Chromium', () => {
  it('opens a shipped scenario, shows an invalid staffing value at its field, runs a comparison and draws the charts', async () => {
    const { page, context, problems } = await openConsole(
      suite.browser,
      suite.server,
      { role: 'supervisor' },
      'planner',
    );
    await page.click('[data-open="midsize-city-inhouse.yaml"]');
    await page.waitForSelector('[data-validation=valid]');
    // Shrinkage above 0.95 is refused by the scenario schema: the error shows at that field.
    await page.fill('[data-field="pools.0.shrinkage"]', '1.5');
    await page.waitForSelector('[data-field-error="pools.0.shrinkage"]');
    expect(await page.getAttribute('[data-field="pools.0.shrinkage"]', 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('[data-run]')).toBe(true);
    await screenshot(page, 'planner-field-error');
    await page.fill('[data-field="pools.0.shrinkage"]', '0.25');
    await page.waitForSelector('[data-validation=valid]');
    expect(await page.$('[data-field-error]')).toBeNull();
    await page.selectOption('[data-run-kind]', 'compare');
    await page.fill('[data-run-replications]', '2');
    await page.fill('[data-run-calls]', '1500');
    await page.click('[data-run]');
    await page.waitForSelector('[data-job-status=done]', { timeout: 60_000 });
    for (const id of CHARTS) await page.waitForSelector(`[data-chart="${id}"]`);
    // Each chart's ECharts instance (element.hotlineChart): how many data points each of its series has.
    const data = (await page.evaluate(`Object.fromEntries(${JSON.stringify(CHARTS)}.map((id) => {
      const option = document.querySelector('[data-chart="' + id + '"]').hotlineChart.getOption();
      return [id, (option.series || []).map((s) => (s.data || []).filter((d) => d !== null && d !== undefined).length)];
    }))`)) as Record<string, number[]>;
    for (const id of CHARTS) {
      expect(data[id]!.length, id).toBeGreaterThan(0);
      expect(Math.max(...data[id]!), id).toBeGreaterThan(0);
    }
    // Two scenarios compared: the file as saved and the edit.
    expect(await page.$$eval('[data-scenario-tile]', (tiles) => tiles.length)).toBe(2);
    expect(await page.getAttribute('[data-report]', 'href')).toMatch(/^\/console\/api\/planner\/jobs\/[\w-]+\/report$/);
    await screenshot(page, 'planner-compare');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
