import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { buildApp } from '../server/app.js';
import { EmulatorTime } from '../server/emulator-time.js';
import { loadCaseDirectory } from '../server/case-directory.js';
import { DEFAULT_ROUTING } from '../server/routing.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import type { CallStore } from '../store/call-store.js';
import { checkFlowStarts } from '../flow/flow-start-check.js';
import { loadFlow } from '../scenario/load-flow.js';
import type { ServeSettings } from './server-config.js';

/** Seconds between looks for due callbacks. */
const CALLBACK_POLL_SEC = 15;

/** A running server. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: CallStore;
  close(): Promise<void>;
}

/** Starts `hotline serve`: loads the flow, opens the store, listens, and places due callbacks periodically. */
export async function startServer(settings: ServeSettings, log: (line: string) => void, cwd: string): Promise<RunningServer> {
  const flow = await loadFlow(settings.flow, cwd);
  // A flow whose code throws would answer every call with an error: refuse it before listening.
  await checkFlowStarts(flow);
  const store: CallStore = settings.db ? new SqliteCallStore(settings.db) : new MemoryCallStore();
  const twilioClient = settings.accountSid && !settings.localToken ? twilio(settings.accountSid, settings.authToken) : null;
  const emulatorTime = settings.emulatorClock ? new EmulatorTime(Date.now) : null;
  const app = await buildApp({
    ...(emulatorTime ? { clock: emulatorTime.now } : {}),
    flow,
    store,
    publicUrl: settings.publicUrl,
    authToken: settings.authToken,
    insecureSkipSignature: settings.insecureSkipSignature,
    routing: {
      ...DEFAULT_ROUTING,
      defaults: { ...DEFAULT_ROUTING.defaults, overflowAfterSec: settings.overflowAfterSec },
      callbackDelaySec: settings.callbackDelaySec,
    },
    lookups: { caseStatus: loadCaseDirectory(settings.cases) },
    twilioClient,
    hotlineNumber: settings.hotlineNumber,
    adminToken: settings.adminToken,
    transferNumbers: settings.transferNumbers,
    recordingsDir: settings.recordingsDir,
    ...(settings.salt ? { salt: settings.salt } : {}),
  });
  emulatorTime?.install(app);
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    // A port in use or an address not on this machine: release the store before main() reports it.
    await app.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  const timer = app.hotline.callbacks.enabled
    ? setInterval(() => {
      app.hotline.callbacks.runDue(app.hotline.nowSec()).catch((error: Error) => log(`callbacks: ${error.message}`));
    }, CALLBACK_POLL_SEC * 1000)
    : undefined;
  timer?.unref();
  log(`hotline: serving flow "${flow.id}" at ${url} (store: ${settings.db ?? 'memory'})`);
  const base = settings.publicUrl ?? url;
  log(`  Media Streams: ${base.replace(/^http/, 'ws')}/media → ${settings.recordingsDir}`);
  log(`  Twilio voice URL: ${base}/voice   agent line: ${base}/agent/voice   status callback: ${base}/voice/status`);
  if (settings.publicUrl === null) log('  No PUBLIC_URL: signatures are checked against each request\'s own Host (local mode). Set PUBLIC_URL to the URL Twilio calls.');
  if (emulatorTime) log('  Emulator clock: the server follows the time `hotline test`/`hotline load` send (X-Hotline-Emulator-Time); for local testing only.');
  if (settings.insecureSkipSignature) log('  WARNING: signature checking is OFF (--insecure-skip-signature); never expose this server.');
  else if (settings.localToken) log(`  No TWILIO_AUTH_TOKEN: webhooks are checked against a local token. Try a call: npx hotline call --url ${url}`);
  if (!app.hotline.callbacks.enabled) log('  Callbacks are booked but not placed until TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and HOTLINE_NUMBER are set.');
  return {
    app,
    url,
    store,
    async close() {
      if (timer) clearInterval(timer);
      await app.close();
      await store.close();
    },
  };
}
