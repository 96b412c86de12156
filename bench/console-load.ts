/**
 * The web console's first load and bundle size. A console server (buildApp + the console, memory store) on loopback,
 * Debian's Chromium through playwright-core; each run is a fresh browser context (empty cache, no cookies):
 * - login page: from navigation to the sign-in form on screen (the bundle fetched, parsed and rendered);
 * - signed in: from the sign-in click to the supervisor's first view (the wallboard) on screen;
 * beside the baseline measured in the same run and browser: a fresh context loading a bare HTML page of the same
 * server (the browser's and loopback's own cost). Sizes come from dist/console/build.json (raw and gzipped; the
 * server sends gzip). Settings: BENCH_RUNS (default 15).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readConsoleBuild, buildConsole } from '../scripts/build-console.js';
import { launchChromium, startConsoleServer } from '../test/helpers/console-browser.js';
import { positiveInt } from './bench-settings.js';

const RUNS = positiveInt('BENCH_RUNS', 15);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  await buildConsole(undefined, true);
  const build = readConsoleBuild()!;
  const server = await startConsoleServer();
  // The baseline page, from a bare Node server on loopback (the console server cannot take a route once listening).
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p id="x">x</p>');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const blank: number[] = [];
  const login: number[] = [];
  const signedIn: number[] = [];
  try {
    for (let run = 0; run < RUNS + 1; run += 1) {
      for (const kind of ['blank', 'console'] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const start = performance.now();
        if (kind === 'blank') {
          await page.goto(`${bareUrl}/`);
          await page.waitForSelector('#x');
          if (run > 0) blank.push(performance.now() - start);
        } else {
          await page.goto(`${server.url}/console`);
          await page.waitForSelector('form.login button[type=submit]');
          const shown = performance.now();
          await page.click('form.login button[type=submit]');
          await page.waitForSelector('main[data-view=wallboard]');
          // The first run warms the server and the browser's process; it is left out.
          if (run > 0) {
            login.push(shown - start);
            signedIn.push(performance.now() - shown);
          }
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    bare.close();
  }
  // What a browser fetches: the page, the script and the stylesheet (the licence file is not served).
  const served = Object.entries(build.files).filter(([name]) => ['index.html', 'app.js', 'app.css'].includes(name));
  const total = served
    .map(([, f]) => f)
    .reduce((n, f) => ({ raw: n.raw + f.bytes, gzip: n.gzip + f.gzipBytes }), {
      raw: 0,
      gzip: 0,
    });
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `console bundle: ${Object.entries(build.files)
      .map(([name, f]) => `${name} ${kib(f.bytes)} (${kib(f.gzipBytes)} gzipped)`)
      .join(', ')}`,
  );
  console.log(`  served: ${kib(total.raw)}, ${kib(total.gzip)} gzipped (what the server sends a first visit)`);
  const row = (name: string, values: number[]) =>
    `${name.padEnd(42)} p50 ${quantile(values, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(values, 0.95).toFixed(0).padStart(5)} ms   ×${(quantile(values, 0.5) / quantile(blank, 0.5)).toFixed(2)} the baseline`;
  console.log(`first load, ${RUNS} fresh contexts each, Chromium on loopback:`);
  console.log(row('baseline: a bare HTML page', blank));
  console.log(row('console: navigation → sign-in form', login));
  console.log(row('console: sign in → wallboard on screen', signedIn));
}

await main();
