import Fastify, { type FastifyInstance } from 'fastify';
import type { DtmfDetection } from '../audio/dtmf-detector.js';
import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import { hashCaller } from '../store/caller-hash.js';
import { resolveHashKey } from '../store/hash-key.js';
import type { CallStore } from '../store/call-store.js';
import { DEFAULT_VOICES, type VoiceMap } from '../twilio/twiml-renderer.js';
import { RecordingSink } from './media/recording-sink.js';
import { adminTokenProblem } from './plugins/admin-access.js';
import { frameworkErrorHandler, installErrorHandler } from './plugins/error-handler.js';
import { twilioWebhooks } from './plugins/twilio-webhooks.js';
import { adminRoutes } from './routes/admin.js';
import { agentRoutes } from './routes/agent.js';
import { callbackRoutes } from './routes/callback.js';
import { healthRoutes } from './routes/health.js';
import { mediaRoutes } from './routes/media.js';
import { queueRoutes } from './routes/queue.js';
import { voiceRoutes } from './routes/voice.js';
import { loggerOptions, type LogOptions } from './server-log.js';
import { AgentLine } from './services/agent-line.js';
import { AgentStates } from './services/agent-states.js';
import { CallbackDispatcher, type TwilioCallsClient } from './services/callback-dispatcher.js';
import { CallService } from './services/call-service.js';
import { flowFingerprint } from './services/flow-fingerprint.js';
import { lookupResolver, type LookupServices } from './services/lookup-resolver.js';
import { PinGuard } from './services/pin-guard.js';
import { type AgentStateSource, storedAgentStates } from './services/line-state.js';
import { LiveFeed } from './services/live-feed.js';
import { DEFAULT_ROUTING, type RoutingConfig } from './services/routing.js';

/** Everything the server is built from. Only `flow`, `store`, `publicUrl` and `authToken` are required. */
export interface AppOptions {
  readonly flow: FlowDefinition;
  readonly store: CallStore;
  /**
   * Base URL Twilio reaches this server at (signatures are computed over it).
   * Null in local mode (no Twilio): each request is checked against its own Host.
   */
  readonly publicUrl: string | null;
  /** Twilio Auth Token; webhooks signed with another token get 403. */
  readonly authToken: string;
  /** Development switch: accept unsigned webhooks. Default false. */
  readonly insecureSkipSignature?: boolean;
  readonly routing?: RoutingConfig;
  /** Seconds of an agent's wrap-up counted at most in handle time (then the agent is made ready). Default 120. */
  readonly wrapUpLimitSec?: number;
  /** Lookup services by name; a flow asking an unconfigured one fails with HOTLINE_LOOKUP_FAILED. */
  readonly lookups?: LookupServices;
  readonly voices?: VoiceMap;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
  /**
   * Key of caller (and PIN) hashes. Default: `hashKeyFile`, else the key file
   * beside the store's SQLite file (`<db>.hash-key`, made on first start), else
   * a throwaway key (memory store). Never kept in the store: a salt older
   * versions left there is moved into that file.
   */
  readonly salt?: string;
  /** A file holding the hash key (mode 0600), used when `salt` is not given. */
  readonly hashKeyFile?: string;
  /** Seconds after an abandoned call within which the caller's next call is a redial (`attempt`). Default 86400. */
  readonly redialWindowSec?: number;
  /** Twilio REST client for callbacks; null disables placing them. */
  readonly twilioClient?: TwilioCallsClient | null;
  /** Seconds after its due time a booked callback's number is erased, placed or not. Default 86400 (one day). */
  readonly callbackRetentionSec?: number;
  /** The hotline's number, caller id of callbacks. */
  readonly hotlineNumber?: string | null;
  /** Bearer token for /admin routes, 32+ characters; without one they answer only while the server listens on loopback alone. */
  readonly adminToken?: string | null;
  /** Numbers to dial for flow transfer targets, e.g. { '119': '+86531119' } (Twilio cannot dial 110/119/120/122 itself). */
  readonly transferNumbers?: Readonly<Record<string, string>>;
  /** Seconds a lookup may take before the flow gets "not found" (Twilio gives up on a webhook after 15 s). Default 3. */
  readonly lookupTimeoutSec?: number;
  /** Folder for Media Streams recordings (WAV + JSON); null disables `GET /media`. */
  readonly recordingsDir?: string | null;
  /** Told about each key detected in-band in a Media Stream while the call runs (default: logged, without the key). */
  readonly onLiveDigit?: (callSid: string, digit: DtmfDetection) => void;
  /**
   * The request and error log (pino): false (default) for none, true for JSON
   * lines at info on stdout, or options (level, destination, format). Numbers,
   * tokens, PINs and signatures never appear in it (see server-log.ts).
   */
  readonly logger?: boolean | LogOptions;
  /** Milliseconds a request may take to arrive (slow senders get 408 and are closed). Default DEFAULT_REQUEST_TIMEOUT_MS. WebSockets, once open, are not limited. */
  readonly requestTimeoutMs?: number;
  /** The hotline's IANA time zone: the live feed's "today" (GET /admin/live). Default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Local hour the hotline's day starts at, 0–23 (the live feed's "today"). Default 0. */
  readonly dayStartHour?: number;
  /** Wallboards GET /admin/live serves at once (default DEFAULT_LIVE_CLIENTS); beyond: 503. */
  readonly liveClients?: number;
  /**
   * Where the live feed learns agents' states per group; default storedAgentStates (the agent-state store: each agent in its group,
   * under its stored state).
   */
  readonly agentStates?: AgentStateSource;
}

/** What buildApp exposes beside the routes (for the CLI and for tests). */
export interface HotlineServices {
  readonly calls: CallService;
  readonly agents: AgentLine;
  readonly agentStates: AgentStates;
  readonly callbacks: CallbackDispatcher;
  readonly store: CallStore;
  readonly nowSec: () => number;
  /** The wallboard feed (GET /admin/live). */
  readonly feed: LiveFeed;
  /**
   * How the server checks Twilio's signatures, for an in-process Twilio emulator (the console's local line): the
   * Auth Token, and the public URL signatures are computed over (null: each request's own Host).
   */
  readonly webhookSigning: { readonly authToken: string; readonly publicUrl: string | null };
}

declare module 'fastify' {
  interface FastifyInstance {
    hotline: HotlineServices;
  }
}

/**
 * Largest request body accepted, on every route. Twilio's webhooks carry a
 * few KB (a long SpeechResult included) and an admin request less; fastify's
 * default of 1 MiB let anyone, before any signature or token is checked, make
 * the server parse a form of 100,000 fields and sort and hash them in the
 * signature check: a second of blocked event loop per request.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Milliseconds a request may take to arrive whole (headers and body); Twilio itself gives up on a webhook after 15 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The Media Streams URL Twilio connects to: wss:// under PUBLIC_URL, else the loopback address the server listens on (local mode). */
function mediaUrl(app: FastifyInstance, publicUrl: string | null): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/media`;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 80;
  return `ws://127.0.0.1:${port}/media`;
}

/**
 * Builds the fastify app that answers Twilio voice webhooks with TwiML: the
 * services (services/), then one small plugin per resource (routes/), the
 * Twilio ones inside a scope that parses forms and checks signatures
 * (plugins/twilio-webhooks.ts). It never listens: `hotline serve` does, and
 * tests use `inject()` or listen on loopback.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // HMAC with an empty key is a signature anyone can compute: no token means no check, which only the explicit switch may say.
  if (options.authToken.length === 0 && !options.insecureSkipSignature) {
    throw new HotlineError(
      'HOTLINE_AUTH_TOKEN_INVALID',
      'The Twilio Auth Token is empty: every signature would be forgeable. Set TWILIO_AUTH_TOKEN (or pass authToken), or insecureSkipSignature for development.',
    );
  }
  const weakAdminToken = adminTokenProblem(options.adminToken ?? null);
  if (weakAdminToken !== null) throw new HotlineError('HOTLINE_ADMIN_TOKEN_INVALID', weakAdminToken);
  const clock = options.clock ?? Date.now;
  const routing = options.routing ?? DEFAULT_ROUTING;
  const store = options.store;
  const salt = (await resolveHashKey(store, { salt: options.salt ?? null, keyFile: options.hashKeyFile ?? null })).key;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    ...(options.logger ? loggerOptions(options.logger === true ? {} : options.logger) : { logger: false }),
    frameworkErrors: frameworkErrorHandler,
    bodyLimit: MAX_BODY_BYTES,
    // Fastify's default is no limit: a client sending its body a byte at a time held a socket for good, and enough of
    // them exhaust the file descriptors Twilio's webhooks need. Node looks at pending requests every second.
    requestTimeout: requestTimeoutMs,
    // Node enforces the request timeout only when the headers' own timeout is not longer.
    http: { connectionsCheckingInterval: 1000, headersTimeout: requestTimeoutMs, requestTimeout: requestTimeoutMs },
  });
  const nowSec = (): number => clock() / 1000;
  const feed = new LiveFeed({
    store,
    agents: options.agentStates ?? storedAgentStates(store),
    day: { timeZone: options.timeZone ?? 'Asia/Shanghai', dayStartHour: options.dayStartHour ?? 0 },
    nowSec,
  });
  await feed.start();
  app.addHook('onClose', async () => feed.close());
  const sink = options.recordingsDir ? await RecordingSink.open(options.recordingsDir, store, app.log) : null;
  const agentStates = new AgentStates({
    store,
    nowSec: () => clock() / 1000,
    ...(options.wrapUpLimitSec !== undefined ? { wrapUpLimitSec: options.wrapUpLimitSec } : {}),
    onHandleWritten: (callSid, handleSec) => {
      feed.handleWritten(callSid, handleSec).catch((error: unknown) => app.log.error({ err: error }, 'live feed'));
    },
  });
  const calls = new CallService({
    onTalkEnded: async (agentId, callSid) => {
      await agentStates.callEnded(agentId, callSid);
    },
    flow: options.flow,
    store,
    routing,
    lookups: lookupResolver({
      flow: options.flow,
      lookups: options.lookups,
      timeoutSec: options.lookupTimeoutSec ?? 3,
      log: (message) => app.log.error(message),
    }),
    voices: options.voices ?? DEFAULT_VOICES,
    clock,
    salt,
    transferNumbers: options.transferNumbers ?? {},
    ...(options.redialWindowSec === undefined ? {} : { redialWindowSec: options.redialWindowSec }),
    onFinalRecord: (record) => feed.recordFinal(record),
    ...(sink
      ? { onCallEnded: sink.callEnded.bind(sink), streamUrl: () => mediaUrl(app, options.publicUrl ?? null) }
      : {}),
  });
  const hashPin = (agentId: string, pin: string): string => hashCaller(`${agentId}:${pin}`, salt);
  const agents = new AgentLine(
    store,
    routing,
    hashPin,
    {
      guard: new PinGuard(store, () => clock() / 1000),
      hashSource: (source) => hashCaller(`pin-source:${source}`, salt),
      log: (fields, message) => app.log.warn(fields, message),
    },
    agentStates,
  );
  const publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? null;
  const callbacks = new CallbackDispatcher({
    store,
    client: options.twilioClient ?? null,
    fromNumber: options.hotlineNumber ?? null,
    publicUrl: publicUrl ?? '',
    maxAttempts: 3,
    retryAfterSec: 600,
    answerTimeoutSec: 600,
    retentionSec: options.callbackRetentionSec ?? 86_400,
  });

  const webhookSigning = { authToken: options.authToken, publicUrl };
  app.decorate('hotline', { calls, agents, agentStates, callbacks, store, nowSec, feed, webhookSigning });
  installErrorHandler(app);

  await app.register(healthRoutes, { flowId: options.flow.id, flowFingerprint: flowFingerprint(options.flow) });
  await app.register(async (twilioScope) => {
    await twilioWebhooks(twilioScope, {
      publicUrl,
      authToken: options.authToken,
      skip: options.insecureSkipSignature ?? false,
    });
    // Any webhook may move a caller into or out of a queue, or an agent onto a call: the wallboard looks again.
    twilioScope.addHook('onResponse', async () => feed.lineMayHaveChanged());
    await twilioScope.register(voiceRoutes, { calls, callbacks, nowSec });
    await twilioScope.register(queueRoutes, { calls });
    await twilioScope.register(agentRoutes, { agents, calls });
    await twilioScope.register(callbackRoutes, { calls });
  });
  if (sink) {
    // Root preClose hooks run before the WebSocket plugin's, which would close the sockets as if the connection were lost.
    app.addHook('preClose', async () => sink.shutdown());
    await app.register(mediaRoutes, {
      sink,
      store,
      publicUrl,
      authToken: options.authToken,
      skipSignature: options.insecureSkipSignature ?? false,
      clock,
      // Which key is not logged: a caller keys numbers, IDs and case numbers, and one line per key escapes the number scrubber.
      onLiveDigit:
        options.onLiveDigit ?? ((callSid, digit) => app.log.info({ callSid, atSec: digit.startSec }, 'in-band key')),
    });
  }
  await app.register(adminRoutes, {
    prefix: '/admin',
    store,
    callbacks,
    adminToken: options.adminToken ?? null,
    nowSec,
    hashPin,
    agentStates,
    feed,
    ...(options.liveClients === undefined ? {} : { liveClients: options.liveClients }),
  });
  return app;
}
