import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { consolePlugin } from '../console/console-plugin.js';
import { renderReport } from '../report/html-report.js';
import { buildApp } from '../server/app.js';
import type { Clock } from '../clock.js';
import { EmulatorTime } from '../server/emulator-time.js';
import { systemClock } from '../server/system-clock.js';
import { loadCaseDirectory } from '../server/case-directory.js';
import { DEFAULT_ROUTING } from '../server/services/routing.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import type { CallStore } from '../store/call-store.js';
import { resolveHashKey } from '../store/hash-key.js';
import { StoreLock } from '../store/store-lock.js';
import { housekeeping, HOUSEKEEPING_EVERY_SEC } from '../server/housekeeping.js';
import { checkFlowStarts } from '../flow/runtime/flow-start-check.js';
import { loadFlow } from '../scenario/load-flow.js';
import type { LogDestination } from '../server/server-log.js';
import type { ServeSettings } from './server-config.js';

/** Seconds between looks for due callbacks. */
const CALLBACK_POLL_SEC = 15;
/** How long a shutdown waits for in-flight webhooks before it cuts them (milliseconds). */
export const SHUTDOWN_GRACE_MS = 10_000;

/** How a shutdown went. */
export interface ShutdownReport {
  /** False when in-flight requests outlived the grace period and were cut. */
  readonly inTime: boolean;
}

/** A running server. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: CallStore;
  /**
   * Stops it gracefully: timers stopped, new requests refused, open Media
   * Streams ended (audio marked `server-shutdown`), in-flight webhooks given
   * `graceMs` (default SHUTDOWN_GRACE_MS) to finish and then cut, the store
   * closed and the database lock released (the next server starts without a
   * takeover notice).
   */
  close(graceMs?: number): Promise<ShutdownReport>;
}

/** Resolves true when `work` settles within `ms`, false otherwise (work goes on unawaited). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where `hotline serve` writes its request and error log, and whether that is a terminal (then 'auto' means readable lines). */
export interface ServeLog {
  readonly destination: LogDestination;
  readonly terminal: boolean;
}

/**
 * Starts `hotline serve`: loads the flow, opens the store, listens, and places
 * due callbacks periodically. `log` gets the start-up banner; the request and
 * error log goes to `requestLog` (default stdout).
 */
export async function startServer(
  settings: ServeSettings,
  log: (line: string) => void,
  cwd: string,
  requestLog: ServeLog = { destination: process.stdout, terminal: Boolean(process.stdout.isTTY) },
): Promise<RunningServer> {
  const flow = await loadFlow(settings.flow, cwd);
  // A flow whose code throws would answer every call with an error: refuse it before listening.
  await checkFlowStarts(flow);
  // One server per database: a second one is refused before it opens the file (see README, One server per database).
  const locked = settings.db ? StoreLock.acquire(settings.db) : null;
  if (locked?.previous)
    log(
      `hotline: the last server on ${settings.db} (pid ${locked.previous.pid} on ${locked.previous.host}) ended without releasing it; taking over.`,
    );
  let store: CallStore | undefined;
  try {
    store = settings.db ? new SqliteCallStore(settings.db) : new MemoryCallStore();
    return await serve(settings, log, flow, store, locked?.lock ?? null, requestLog, cwd);
  } catch (error) {
    await store?.close();
    locked?.lock.release();
    throw error;
  }
}

async function serve(
  settings: ServeSettings,
  log: (line: string) => void,
  flow: Awaited<ReturnType<typeof loadFlow>>,
  store: CallStore,
  lock: StoreLock | null,
  requestLog: ServeLog,
  cwd: string,
): Promise<RunningServer> {
  const hashKey = await resolveHashKey(store, { salt: settings.salt, keyFile: settings.hashKeyFile });
  const twilioClient =
    settings.accountSid && !settings.localToken ? twilio(settings.accountSid, settings.authToken) : null;
  const emulatorTime = settings.emulatorClock ? new EmulatorTime(systemClock.now) : null;
  const clock: Clock = emulatorTime ?? systemClock;
  const format = settings.logFormat === 'auto' ? (requestLog.terminal ? 'pretty' : 'json') : settings.logFormat;
  const app = await buildApp({
    logger: { level: settings.logLevel, destination: requestLog.destination, format },
    clock: () => clock.now(),
    flow,
    store,
    publicUrl: settings.publicUrl,
    authToken: settings.authToken,
    insecureSkipSignature: settings.insecureSkipSignature,
    routing: {
      ...DEFAULT_ROUTING,
      defaults: { ...DEFAULT_ROUTING.defaults, overflowAfterSec: settings.overflowAfterSec },
      callbackDelaySec: settings.callbackDelaySec,
      poolGroups: settings.poolGroups,
    },
    lookups: { caseStatus: loadCaseDirectory(settings.cases) },
    twilioClient,
    hotlineNumber: settings.hotlineNumber,
    adminToken: settings.adminToken,
    transferNumbers: settings.transferNumbers,
    recordingsDir: settings.recordingsDir,
    salt: hashKey.key,
    callbackRetentionSec: settings.callbackRetentionSec,
    redialWindowSec: settings.redialWindowSec,
    wrapUpLimitSec: settings.wrapUpLimitSec,
    timeZone: settings.timeZone,
    dayStartHour: settings.dayStartHour,
    liveClients: settings.liveClients,
  });
  emulatorTime?.install(app);
  await app.register(consolePlugin, {
    flow,
    cwd,
    adminToken: settings.adminToken,
    // The planner's report download is the CLI's own report (src/report), handed in from this floor.
    renderReport,
    ...settings.console,
  });
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    // A port in use or an address not on this machine: startServer releases the store and the lock before main() reports it.
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  // Runs of the timers still under way: a shutdown lets them finish before the store closes.
  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  const timer = app.hotline.callbacks.enabled
    ? setInterval(() => {
        track(
          app.hotline.callbacks.runDue(app.hotline.nowSec()).then(
            () => undefined,
            (error: Error) => log(`callbacks: ${error.message}`),
          ),
        );
      }, CALLBACK_POLL_SEC * 1000)
    : undefined;
  timer?.unref();
  const sweep = async (): Promise<void> => {
    const done = await housekeeping(app.hotline, app.hotline.nowSec());
    if (done.timedOut.length > 0)
      log(`housekeeping: closed ${done.timedOut.length} call(s) open past Twilio's 4-hour limit as timed-out`);
    if (done.numbersErased > 0)
      log(`housekeeping: erased ${done.numbersErased} callback number(s) past their retention`);
  };
  try {
    await sweep();
  } catch (error) {
    // startServer closes the store and releases the lock on the way out: a server still listening would keep the
    // process alive, answering every webhook with an error from a closed store.
    if (timer) clearInterval(timer);
    await app.close();
    throw error;
  }
  const sweeper = setInterval(() => {
    track(sweep().catch((error: Error) => log(`housekeeping: ${error.message}`)));
  }, HOUSEKEEPING_EVERY_SEC * 1000);
  sweeper.unref();
  log(`hotline: serving flow "${flow.id}" at ${url} (store: ${settings.db ?? 'memory'})`);
  if (hashKey.movedTo)
    log(
      `  The caller-hash salt kept in the database was moved to ${hashKey.movedTo} (mode 0600) and erased from the database.`,
    );
  log(
    `  Caller hashes keyed by ${hashKey.source === 'memory' ? 'a throwaway key (memory store)' : hashKey.source}; callback numbers erased ${settings.callbackRetentionSec} s after they are due.`,
  );
  log(
    `  Log: ${settings.logLevel === 'silent' ? 'off' : `level ${settings.logLevel}, ${format === 'pretty' ? 'readable lines' : 'JSON lines'} on stdout`} (--log-level, HOTLINE_LOG_LEVEL, HOTLINE_LOG_FORMAT)`,
  );
  const base = settings.publicUrl ?? url;
  log(`  Media Streams: ${base.replace(/^http/, 'ws')}/media → ${settings.recordingsDir}`);
  log(`  Console: ${base}/console (supervisors sign in with HOTLINE_ADMIN_TOKEN, agents with their number and PIN)`);
  log(`  Twilio voice URL: ${base}/voice   agent line: ${base}/agent/voice   status callback: ${base}/voice/status`);
  if (settings.publicUrl === null)
    log(
      "  No PUBLIC_URL: signatures are checked against each request's own Host (local mode). Set PUBLIC_URL to the URL Twilio calls.",
    );
  if (emulatorTime)
    log(
      '  Emulator clock: the server follows the time `hotline test`/`hotline load` send (X-Hotline-Emulator-Time); for local testing only.',
    );
  if (settings.insecureSkipSignature)
    log('  WARNING: signature checking is OFF (--insecure-skip-signature); never expose this server.');
  else if (settings.localToken)
    log(
      `  No TWILIO_AUTH_TOKEN: webhooks are checked against a local token. Try a call: npx hotline call --url ${url}`,
    );
  if (!app.hotline.callbacks.enabled)
    log(
      '  Callbacks are booked but not placed until TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and HOTLINE_NUMBER are set.',
    );
  return {
    app,
    url,
    store,
    async close(graceMs = SHUTDOWN_GRACE_MS) {
      if (timer) clearInterval(timer);
      clearInterval(sweeper);
      // fastify's close refuses new requests (503), runs the preClose hooks (the recording sink ends open streams),
      // stops listening and waits for the requests in flight.
      const closing = app.close();
      try {
        const inTime = await within(Promise.all([closing, ...running]), graceMs);
        if (!inTime) {
          log(`hotline: requests still in flight after ${graceMs / 1000} s; cutting them.`);
          app.server.closeAllConnections();
          await within(closing, 1000);
        }
        return { inTime };
      } finally {
        // Even when closing failed: the store is closed and the lock released, so the next server starts cleanly.
        try {
          await store.close();
        } finally {
          lock?.release();
        }
      }
    },
  };
}
