import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScenarios } from '../../src/planning/compare.js';
import { main } from '../../src/cli/main.js';
import { renderReport } from '../../src/report/html-report.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/planning/run-scenario.js';

/** Debian's chromium (.ci/run installs the `chromium` package); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE = '<script>alert("x")</script> & \'quotes\'';

const dir = mkdtempSync(join(tmpdir(), 'hotline-report-'));
let context: BrowserContext | undefined;

function city(file: string, name: string, agents: number): string {
  writeFileSync(
    join(dir, file),
    `name: ${JSON.stringify(name)}
seed: 3
replications: 4
horizon: { days: 1 }
demand:
  calls_per_day: 4000
  hourly_profile_pct: [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 7, 6, 6, 7, 7, 6, 5, 4, 4, 3, 3, 2, 2]
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: lognormal, mean: 240, cv: 0.8 } }]
callers:
  patience_sec: { dist: exponential, mean: 100 }
  survey: { participation: 0.5, ratings: [0.5, 0.3, 0.1, 0.05, 0.05] }
pools: [{ name: staff, pool: in-house, skills: [g], agents: ${agents}, cost: { per_agent_year: 80000 } }]
targets: { answer_within_sec: 15, service_level: 0.8, abandon_rate_max: 0.05 }
`,
  );
  return join(dir, file);
}

/** What a canvas shows: painted (non-transparent) pixels, distinct colours, and the data points its Chart.js chart holds. */
interface CanvasProbe {
  id: string;
  width: number;
  height: number;
  painted: number;
  colours: number;
  points: number;
}

// Runs in the page (kept as text: the project's tsconfig has no DOM types).
const CANVAS_PROBE = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) { painted += 1; colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]); }
  }
  const chart = window.Chart.getChart(canvas);
  const points = chart ? chart.data.datasets.reduce((n, ds) => n + ds.data.filter((v) => v !== null).length, 0) : 0;
  return { id: canvas.id, width: canvas.width, height: canvas.height, painted, colours: colours.size, points };
})`;

/** Opens a report file and returns what a reader would see, failing on any console error, page error, dialog or request off the file. */
async function open(file: string) {
  const page = await context!.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== url && !request.url().startsWith('data:')) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-charts="drawn"]', { timeout: 10_000 });
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, what a person sees
  const tableText = await page.locator('#kpi-table').innerText();
  const canvases = (await page.evaluate(CANVAS_PROBE)) as CanvasProbe[];
  await page.close();
  return { problems, tableText, canvases };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the report's browser test needs Debian's chromium package. Install it with "sudo bash scripts/install-debian-packages.sh" (the README set-up; .ci/run runs it too).`,
    );
  }
  // A fresh profile inside the test's temp dir, removed with it.
  context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    offline: true,
  });
  // Belt and braces: nothing but the report's own file may load.
  await context.route(/^(?!file:|data:)/, (route) => route.abort());
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report in a real browser', () => {
  it('shows a comparison: scenario names in the KPI table, three drawn charts, no errors, no network', async () => {
    const entries = [city('a.yaml', 'City with 30 agents', 30), city('b.yaml', HOSTILE, 24)].map((file) => {
      const { scenario } = loadScenario(file, dir, dir);
      return {
        name: scenario.name,
        summary: simulate(scenario, { seed: 3, replications: 4 }),
        targets: scenario.targets,
      };
    });
    const file = join(dir, 'comparison.html');
    writeFileSync(
      file,
      renderReport({
        title: `Comparison: ${HOSTILE}`,
        scenarios: entries,
        comparison: compareScenarios(entries),
        seed: 3,
      }),
    );
    const { problems, tableText, canvases } = await open(file);
    expect(problems).toEqual([]);
    expect(tableText).toContain('City with 30 agents');
    expect(tableText).toContain(HOSTILE);
    expect(canvases.map((c) => c.id)).toEqual(['chart-wait', 'chart-sl-hour', 'chart-cost-sl']);
    for (const c of canvases) {
      expect(c.width * c.height, c.id).toBeGreaterThan(10_000);
      expect(c.painted / (c.width * c.height), c.id).toBeGreaterThan(0.01);
      expect(c.colours, c.id).toBeGreaterThan(3);
      expect(c.points, c.id).toBeGreaterThan(0);
    }
  }, 60_000);

  it('opens the report that hotline simulate --out writes beside summary.json', async () => {
    city('single.yaml', 'Single city', 28);
    const code = await main(['simulate', 'single.yaml', '--replications', '2', '--out', 'single-out'], {
      stdout: () => {},
      stderr: () => {},
      stdin: Readable.from([]),
      env: {},
      cwd: dir,
      now: () => 0,
      monotonicMs: () => performance.now(),
      interactive: false,
    });
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'single-out', 'summary.json'))).toBe(true);
    const { problems, tableText, canvases } = await open(join(dir, 'single-out', 'report.html'));
    expect(problems).toEqual([]);
    expect(tableText).toContain('Single city');
    for (const c of canvases) expect(c.painted, c.id).toBeGreaterThan(1000);
  }, 60_000);
});
