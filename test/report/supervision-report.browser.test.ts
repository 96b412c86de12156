import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessContract } from '../../src/analysis/contract-assessment.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { supervisionData } from '../../src/report/supervision-data.js';
import { renderSupervisionReport } from '../../src/report/supervision-report.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { queued } from '../helpers/call-records.js';
import { runCli } from '../helpers/run-cli.js';
import { ACME_CONTRACT, HOSTILE_GROUP, supervisionRecords } from '../fixtures/supervision-records.js';

/** Debian's chromium (.ci/run installs the `chromium` package); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const dir = mkdtempSync(join(tmpdir(), 'hotline-supervision-'));
let context: BrowserContext | undefined;

/** What a canvas shows: painted pixels, distinct colours, and the Chart.js chart's data points. */
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

/** A table's rows as the reader sees them: cell texts, tab-separated. */
const TABLE_ROWS = (selector: string) =>
  `[...document.querySelectorAll(${JSON.stringify(selector)} + ' tbody tr')].map((tr) => [...tr.cells].map((c) => c.innerText.replace(/\\s+/g, ' ').trim()).join('\\t'))`;

/** Opens a report file, fails on any console error, page error, dialog or request off the file. */
async function open(file: string, screenshot: string) {
  const page = await context!.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
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
  const canvases = (await page.evaluate(CANVAS_PROBE)) as CanvasProbe[];
  const rows = async (selector: string) => (await page.evaluate(TABLE_ROWS(selector))) as string[];
  const tables = {
    summary: await rows('#summary-table'),
    acme: await rows('section[data-group="acme"] .month-table'),
    contract: await rows('section[data-group="acme"] .contract-table'),
    hour: await rows('#hour-table'),
    tail: await rows('#tail-table'),
    satisfaction: await rows('#satisfaction-table'),
  };
  const headings = (await page.evaluate(`[...document.querySelectorAll('h3')].map((h) => h.textContent)`)) as string[];
  // The whole page in one viewport (a full-page capture resizes it mid-shot, and Chart.js redraws on resize).
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await page.setViewportSize({ width: 1280, height });
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  await page.screenshot({ path: screenshot });
  await page.close();
  return { problems, canvases, tables, headings };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the report's browser test needs Debian's chromium package. Install it with "sudo bash scripts/install-debian-packages.sh" (the README set-up; .ci/run runs it too).`,
    );
  }
  context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    offline: true,
  });
  await context.route(/^(?!file:|data:)/, (route) => route.abort());
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Two contractors over two months, every hour of the day, waits from a seeded generator (deterministic). */
function busyMonths(): CallRecord[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const out: CallRecord[] = [];
  const start = Date.parse('2026-01-01T00:00:00+08:00') / 1000;
  for (let minute = 0; minute < 59 * 1440; minute += 37) {
    const hour = Math.floor(minute / 60) % 24;
    const busy = hour >= 9 && hour <= 11 ? 4 : 1;
    const group = next() < 0.6 ? 'acme' : HOSTILE_GROUP;
    const waitSec = Math.round(next() * 30 * busy);
    out.push(
      queued(
        start + minute * 60,
        { ivrSec: 20, waitSec, answered: waitSec < 90 || next() < 0.3, talkSec: 120 + Math.round(next() * 200) },
        {
          agentGroup: group,
          callerHash: `c${Math.floor(next() * 800)}`,
          surveyInvited: true,
          rating: 1 + Math.floor(next() * 5),
        },
      ),
    );
  }
  return out;
}

describe('the supervision report in a real browser', () => {
  it('loads from file:// without errors, draws its charts and shows the hand-computed figures', async () => {
    const data = await supervisionData(supervisionRecords(), { timeZone: 'Asia/Shanghai', sortedByArrival: true });
    const acme = data.byMonthGroup.groups.filter((g) => g.key.group === 'acme');
    const assessment = assessContract(
      ACME_CONTRACT,
      acme.map((g) => ({ group: 'acme', period: g.key.month!, kpis: g.kpis })),
    );
    const file = join(dir, 'fixture.html');
    writeFileSync(
      file,
      renderSupervisionReport({
        data,
        source: 'calls.db',
        generatedAtMs: Date.parse('2026-02-05T12:00:00Z'),
        assessment,
      }),
    );
    const shot = join(dir, 'fixture.png');
    const { problems, canvases, tables, headings } = await open(file, shot);
    expect(problems).toEqual([]);
    expect(headings).toEqual(['(none)', HOSTILE_GROUP, 'acme']);
    expect(tables.acme[0]).toBe(
      '2026-02\t3\t2\t1\t33.3 % [6.1–79.2]\t66.7 % [20.8–93.9]\t33.3 % [6.1–79.2]\t22.5 s\t180.0 s\t150.0 s\t50.0 % [9.5–90.5]',
    );
    expect(tables.contract[0]).toBe('2026-02\tservice level\t33.3 % [6.1–79.2]\t≥ 80.0 %\tmissed\t5,167 CNY');
    expect(tables.contract.find((r) => r.includes('payable'))).toBe('2026-02\tpayable\t93,417 CNY');
    expect(tables.summary.at(-1)).toMatch(/^all groups\t6\t4\t2\t50\.0 % /);
    expect(tables.hour[9]).toBe('09:00\t3\t66.7 % [20.8–93.9]\t0.0 % [0.0–56.1]');
    expect(tables.tail.find((r) => r.startsWith('acme'))).toMatch(/^acme\t3\t18\.3 s\t.*\t40\.0 s\t30\.0 s$/);
    expect(tables.satisfaction.find((r) => r.startsWith('acme\t2026-02'))).toBe(
      'acme\t2026-02\t2\t2\t100.0 % [34.2–100.0]\t50.0 % [9.5–90.5]\t100.0 % [34.2–100.0]',
    );
    expect(canvases.map((c) => c.id)).toEqual(['chart-sl-hour', 'chart-abandon-hour', 'chart-wait']);
    for (const c of canvases) {
      expect(c.painted / (c.width * c.height), c.id).toBeGreaterThan(0.01);
      expect(c.points, c.id).toBeGreaterThan(0);
    }
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('opens what hotline kpis --out writes from a store, charts drawn in every colour of its groups', async () => {
    const store = new SqliteCallStore(join(dir, 'busy.db'));
    for (const r of busyMonths()) await store.putRecord(r);
    await store.close();
    const { code, err } = await runCli(['kpis', '--db', 'busy.db', '--by', 'month', '--out', 'out'], {
      cwd: dir,
      now: () => Date.parse('2026-03-01T09:00:00+08:00'),
    });
    expect(code, err).toBe(0);
    const { problems, canvases, tables } = await open(join(dir, 'out', 'index.html'), join(dir, 'busy.png'));
    expect(problems).toEqual([]);
    expect(tables.acme.map((r) => r.split('\t')[0])).toEqual(['2026-01', '2026-02']);
    expect(tables.hour).toHaveLength(24);
    for (const c of canvases) {
      expect(c.painted / (c.width * c.height), c.id).toBeGreaterThan(0.02);
      expect(c.colours, c.id).toBeGreaterThan(3);
      expect(c.points, c.id).toBeGreaterThan(40);
    }
  }, 60_000);
});
