import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { CSRF_HEADER } from '../../src/console/access/console-session.js';
import { type ConsoleOptions, consolePlugin } from '../../src/console/console-plugin.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { type AppOptions, buildApp } from '../../src/server/app.js';
import type { CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Debian's chromium (.ci/run installs the `chromium` package); Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/** Where screenshots of the console go: kept by CI as artifacts, never committed (.gitignore). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

/** The auth token the console servers of the tests check webhook signatures with (the emulator signs with it). */
export const CONSOLE_AUTH_TOKEN = 'console-test-auth-token';

/** A console server on loopback: the live line's app (buildApp) with the console registered, listening on 127.0.0.1. */
export interface ConsoleServer {
  readonly app: FastifyInstance;
  readonly store: CallStore;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

export interface ConsoleServerOptions {
  readonly flow?: FlowDefinition;
  readonly store?: CallStore;
  /** Other buildApp options (clock, adminToken, routing…). */
  readonly app?: Partial<AppOptions>;
  /** Other console options (scenariosDir, recordingsDir…); default: the repository's folders. */
  readonly console?: Partial<ConsoleOptions>;
}

/** Starts a console server on 127.0.0.1 (a free port); local mode (signatures checked against the request's own Host). */
export async function startConsoleServer(options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const flow = options.flow ?? direct;
  const store = options.store ?? new MemoryCallStore();
  const app = await buildApp({
    flow,
    store,
    publicUrl: null,
    authToken: CONSOLE_AUTH_TOKEN,
    lookups: { caseStatus: async () => ({ found: false }) },
    ...options.app,
  });
  await app.register(consolePlugin, {
    flow,
    cwd: ROOT,
    adminToken: options.app?.adminToken ?? null,
    scenariosDir: join(ROOT, 'scenarios'),
    flowsDir: join(ROOT, 'flows'),
    recordingsDir: join(ROOT, 'recordings'),
    contracts: [],
    expectScenario: null,
    ...options.console,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, store, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Registers an active agent with a PIN through the admin API (as a supervisor would). */
export async function registerAgent(
  server: ConsoleServer,
  agent: {
    id: string;
    pin: string;
    name?: string;
    phone?: string;
    skills?: string[];
    pool?: 'in-house' | 'outsourced';
    group?: string;
  },
): Promise<void> {
  const response = await server.app.inject({
    method: 'PUT',
    url: `/admin/agents/${agent.id}`,
    headers: { host: '127.0.0.1' },
    payload: {
      name: agent.name ?? `Agent ${agent.id}`,
      ...(agent.phone ? { phone: agent.phone } : {}),
      skills: agent.skills ?? ['general'],
      pool: agent.pool ?? 'in-house',
      ...(agent.group ? { group: agent.group } : {}),
      pin: agent.pin,
    },
  });
  if (response.statusCode !== 200)
    throw new Error(`registering agent ${agent.id}: ${response.statusCode} ${response.body}`);
}

/** One Chromium for a test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A browser test file's Chromium and console server, and a temporary folder of its own. */
export interface ConsoleBrowserSuite {
  readonly browser: Browser;
  readonly server: ConsoleServer;
  /** A fresh temporary folder (a scenarios or recordings folder for the server), removed after the tests. */
  readonly dir: string;
}

/**
 * A browser test file's set-up, registered as its beforeAll and afterAll: a temporary folder, Chromium, and the
 * console server that `start` makes (given the folder: it may copy files in or register agents first; default a
 * plain startConsoleServer()); after the tests, the browser and the server closed and the folder removed. Read the
 * fields inside tests (they are set once beforeAll has run).
 */
export function consoleBrowserSuite(
  start: (dir: string) => Promise<ConsoleServer> = () => startConsoleServer(),
  timeoutMs = 60_000,
): ConsoleBrowserSuite {
  let browser: Browser | undefined;
  let server: ConsoleServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-console-browser-'));
    browser = await launchChromium();
    server = await start(dir);
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  const set = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`consoleBrowserSuite: ${name} is read before beforeAll ran; read it in a test.`);
    return value;
  };
  return {
    get browser() {
      return set(browser, 'browser');
    },
    get server() {
      return set(server, 'server');
    },
    get dir() {
      return set(dir, 'dir');
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the API tests read JSON answers loosely
type LooseJson = Record<string, any>;

/** A supervisor signed in to a console server's API: the session's headers, and JSON POSTs to one view with them. */
export interface SupervisorApi {
  /** Cookie, Origin and CSRF header: what every request of the session carries. */
  readonly headers: Readonly<Record<string, string>>;
  /** POSTs `body` as JSON to /console/api/<view><path>; the status and the answer's JSON. */
  post(path: string, body?: unknown): Promise<{ status: number; json: LooseJson }>;
}

/** Signs a supervisor in to `server` over HTTP (with `token`, the server's admin token) for the API of `view`. */
export async function supervisorApi(server: ConsoleServer, view: string, token: string): Promise<SupervisorApi> {
  const response = await fetch(`${server.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ kind: 'supervisor', token }),
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { session } = (await response.json()) as { session: { csrf: string } };
  const headers = { cookie, origin: server.url, [CSRF_HEADER]: session.csrf };
  return {
    headers,
    async post(path: string, body: unknown = {}) {
      const res = await fetch(`${server.url}/console/api/${view}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as LooseJson };
    },
  };
}

/** A signed-in console page and what went wrong on it: console errors, page errors, CSP violations, requests off loopback. */
export interface ConsolePage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Everything that should never happen on a console page; a test ends with expect(problems).toEqual([]). */
  readonly problems: string[];
}

/**
 * A new browser context (its own cookies: one user) on the console, signed in through the login form. Every request
 * that is not to 127.0.0.1 is refused and listed in `problems` (the console must work with no network beyond
 * loopback), as are console errors, page errors and Content Security Policy violations.
 */
export async function openConsole(
  browser: Browser,
  server: ConsoleServer,
  as:
    | { readonly role: 'supervisor'; readonly token?: string }
    | { readonly role: 'agent'; readonly agentId: string; readonly pin: string },
  view?: string,
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request off loopback: ${route.request().url()}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text()))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${server.url}/console${view ? `#/${view}` : ''}`);
  await page.waitForSelector('form.login');
  if (as.role === 'supervisor') {
    if (as.token) await page.fill('input[name=token]', as.token);
  } else {
    await page.click('.tabs [role=tab]:nth-child(2)');
    await page.fill('input[name=agentId]', as.agentId);
    await page.fill('input[name=pin]', as.pin);
  }
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('header.top');
  return { page, context, problems };
}

/** Saves a screenshot of the page as test-artifacts/console/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
