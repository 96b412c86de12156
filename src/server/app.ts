import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DtmfDetection } from '../audio/dtmf-detector.js';
import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { LookupResolver } from '../flow/runtime/flow-runtime.js';
import { hashCaller } from '../store/caller-hash.js';
import { resolveHashKey } from '../store/hash-key.js';
import type { CallStore } from '../store/call-store.js';
import { DEFAULT_VOICES, renderEmpty, type VoiceMap } from '../twilio/twiml-renderer.js';
import { AgentLine } from './services/agent-line.js';
import { PinGuard } from './services/pin-guard.js';
import { loggerOptions, type LogOptions } from './server-log.js';
import { adminTokenProblem } from './plugins/admin-access.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerMediaStreams } from './routes/media.js';
import { RecordingSink } from './media/recording-sink.js';
import type { CallRecord } from '../record/call-record.js';
import type { JourneyStep } from '../record/recording-metadata.js';
import { CallbackDispatcher, type TwilioCallsClient } from './services/callback-dispatcher.js';
import { CallService } from './services/call-service.js';
import type { TwilioParams } from './services/webhook-events.js';
import { frameworkErrorHandler, installErrorHandler } from './plugins/error-handler.js';
import { twilioSignatureHook } from './plugins/twilio-signature.js';
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
  /** Lookup services by name; a flow asking an unconfigured one fails with HOTLINE_LOOKUP_FAILED. */
  readonly lookups?: Readonly<Record<string, (input: string) => Promise<{ found: boolean; data?: Record<string, string> }>>>;
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
}

/** What buildApp exposes beside the routes (for the CLI and for tests). */
export interface HotlineServices {
  readonly calls: CallService;
  readonly agents: AgentLine;
  readonly callbacks: CallbackDispatcher;
  readonly store: CallStore;
  readonly nowSec: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    hotline: HotlineServices;
  }
}

/**
 * Every webhook body: a CallSid, and every other parameter one string. A form
 * may repeat a name (From=a&From=b), which the form parser turns into an
 * array; Twilio never sends one, and the handlers (hashing, SQL binds) take
 * strings only, so a repeated parameter is a 400 here, not a 500 further on.
 */
const CALL_BODY = {
  type: 'object',
  required: ['CallSid'],
  properties: { CallSid: { type: 'string', pattern: '^CA[0-9A-Za-z]{1,64}$' } },
  additionalProperties: { type: 'string' },
} as const;
const TURN_QUERY = {
  type: 'object',
  required: ['turn'],
  properties: { turn: { type: 'integer', minimum: 0 } },
} as const;
const AGENT_QUERY = {
  type: 'object',
  required: ['agent'],
  properties: { agent: { type: 'string', pattern: '^[0-9]{1,12}$' } },
} as const;

type Body = TwilioParams & { CallSid: string };

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

function lookupResolver(flow: FlowDefinition, lookups: AppOptions['lookups'], timeoutSec: number, log: (message: string) => void): LookupResolver {
  const missing = flow.lookups.filter((name) => !lookups?.[name]);
  if (missing.length > 0) {
    throw new HotlineError('HOTLINE_LOOKUP_FAILED', `Flow "${flow.id}" asks lookup service(s) ${missing.join(', ')}, which this server does not configure. Pass them in buildApp({ lookups }) (hotline serve configures caseStatus from --cases).`);
  }
  return async (service, input) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutSec} s`)), timeoutSec * 1000);
      timer.unref();
    });
    try {
      return await Promise.race([lookups![service]!(input), timeout]);
    } catch (error) {
      // A failing or slow back end must not drop the call: the flow takes its not-found branch (retry, then an agent).
      log(`lookup "${service}" failed: ${(error as Error).message}; answering not found`);
      return { found: false };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Builds the fastify app that answers Twilio voice webhooks with TwiML. It never
 * listens: `hotline serve` does, and tests use `inject()` or listen on loopback.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // HMAC with an empty key is a signature anyone can compute: no token means no check, which only the explicit switch may say.
  if (options.authToken.length === 0 && !options.insecureSkipSignature) {
    throw new HotlineError('HOTLINE_CONFIG_INVALID', 'The Twilio Auth Token is empty: every signature would be forgeable. Set TWILIO_AUTH_TOKEN (or pass authToken), or insecureSkipSignature for development.');
  }
  const weakAdminToken = adminTokenProblem(options.adminToken ?? null);
  if (weakAdminToken !== null) throw new HotlineError('HOTLINE_CONFIG_INVALID', weakAdminToken);
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
  const sink = options.recordingsDir ? await RecordingSink.open(options.recordingsDir, store, app.log) : null;
  const calls = new CallService({
    flow: options.flow,
    store,
    routing,
    lookups: lookupResolver(options.flow, options.lookups, options.lookupTimeoutSec ?? 3, (message) => app.log.error(message)),
    voices: options.voices ?? DEFAULT_VOICES,
    clock,
    salt,
    transferNumbers: options.transferNumbers ?? {},
    ...(sink ? { onCallEnded: (record: CallRecord, journey: readonly JourneyStep[]) => sink.callEnded(record, journey), streamUrl: () => mediaUrl(app, options.publicUrl ?? null) } : {}),
  });
  const hashPin = (agentId: string, pin: string): string => hashCaller(`${agentId}:${pin}`, salt);
  const agents = new AgentLine(store, routing, hashPin, {
    guard: new PinGuard(store, () => clock() / 1000),
    hashSource: (source) => hashCaller(`pin-source:${source}`, salt),
    log: (fields, message) => app.log.warn(fields, message),
  });
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

  app.decorate('hotline', { calls, agents, callbacks, store, nowSec: () => clock() / 1000 });
  installErrorHandler(app);

  app.get('/health', async () => ({ ok: true, flow: options.flow.id }));

  await app.register(async (twilioRoutes) => {
    twilioRoutes.removeContentTypeParser('application/json');
    await twilioRoutes.register(formbody);
    twilioRoutes.addHook('preValidation', twilioSignatureHook({ publicUrl, authToken: options.authToken, skip: options.insecureSkipSignature ?? false }));
    const xml = 'text/xml; charset=utf-8';
    const empty = renderEmpty();

    twilioRoutes.post<{ Body: Body }>('/voice', { schema: { body: CALL_BODY } }, async (req, reply) =>
      reply.type(xml).send(await calls.serialized(req.body.CallSid, () => calls.incoming(req.body, req.body.CallSid))));

    const turnRoute = (path: string, handler: (callSid: string, turn: number, body: Body) => Promise<string>) =>
      twilioRoutes.post<{ Body: Body; Querystring: { turn: number } }>(path, { schema: { body: CALL_BODY, querystring: TURN_QUERY } }, async (req, reply) =>
        reply.type(xml).send(await calls.serialized(req.body.CallSid, () => handler(req.body.CallSid, req.query.turn, req.body))));
    turnRoute('/voice/gather', (sid, turn, body) => calls.gathered(sid, turn, body));
    turnRoute('/voice/no-input', (sid, turn) => calls.noInput(sid, turn));
    turnRoute('/voice/queue-result', (sid, turn, body) => calls.queueResult(sid, turn, body));
    turnRoute('/voice/transfer-result', (sid, turn, body) => calls.transferred(sid, turn, body));
    turnRoute('/voice/record-result', (sid, turn, body) => calls.recorded(sid, turn, body));

    twilioRoutes.post<{ Body: Body }>('/voice/status', { schema: { body: CALL_BODY } }, async (req, reply) => {
      const result = await calls.serialized(req.body.CallSid, () => calls.status(req.body.CallSid, req.body));
      if (result === 'unknown') {
        const placed = (await store.listCallbacks('pending')).find((c) => c.placedCallSid === req.body.CallSid);
        if (!placed) throw new HotlineError('HOTLINE_UNKNOWN_CALL', `POST /voice/status: CallSid ${req.body.CallSid} is neither a live call, a finished call, nor a placed callback.`);
        await callbacks.unanswered(placed, clock() / 1000, req.body.CallStatus ?? 'unknown');
      }
      return reply.type(xml).send(empty);
    });

    twilioRoutes.post<{ Body: Body }>('/queue/wait', { schema: { body: CALL_BODY } }, async (req, reply) =>
      reply.type(xml).send(await calls.serialized(req.body.CallSid, () => calls.waitRound(req.body.CallSid, req.body))));
    twilioRoutes.post<{ Body: Body }>('/queue/offer', { schema: { body: CALL_BODY } }, async (req, reply) =>
      reply.type(xml).send(await calls.serialized(req.body.CallSid, () => calls.offerAnswered(req.body.CallSid, req.body))));

    twilioRoutes.post<{ Body: Body }>('/agent/voice', { schema: { body: CALL_BODY } }, async (req, reply) =>
      reply.type(xml).send(await agents.incoming(req.body.From)));
    twilioRoutes.post<{ Body: Body }>('/agent/login', { schema: { body: CALL_BODY } }, async (req, reply) =>
      reply.type(xml).send(await agents.login(req.body.Digits)));
    twilioRoutes.post<{ Body: Body; Querystring: { agent: string } }>('/agent/pin', { schema: { body: CALL_BODY, querystring: AGENT_QUERY } }, async (req, reply) =>
      reply.type(xml).send(await agents.checkPin(req.query.agent, req.body.Digits, req.body.From ?? `address ${req.ip}`)));
    twilioRoutes.post<{ Body: Body; Querystring: { agent: string } }>('/agent/next', { schema: { body: CALL_BODY, querystring: AGENT_QUERY } }, async (req, reply) =>
      reply.type(xml).send(await agents.next(req.query.agent)));
    twilioRoutes.post<{ Body: Body; Querystring: { agent: string } }>('/agent/after', { schema: { body: CALL_BODY, querystring: AGENT_QUERY } }, async (req, reply) =>
      reply.type(xml).send(await agents.after(req.query.agent)));
    twilioRoutes.post<{ Body: Body; Querystring: { agent: string } }>('/agent/connect', { schema: { body: CALL_BODY, querystring: AGENT_QUERY } }, async (req, reply) => {
      const agent = await store.getAgent(req.query.agent);
      if (!agent) throw new HotlineError('HOTLINE_AGENT_UNKNOWN', `POST /agent/connect: agent ${req.query.agent} is not registered.`);
      return reply.type(xml).send(await calls.serialized(req.body.CallSid, () => calls.agentConnected(req.body.CallSid, agent.id, agent.pool)));
    });

    twilioRoutes.post<{ Body: Body; Querystring: { id: string } }>(
      '/callback/answer',
      { schema: { body: CALL_BODY, querystring: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } } },
      async (req, reply) => reply.type(xml).send(await calls.serialized(req.body.CallSid, () => calls.callbackAnswered(req.query.id, req.body, req.body.CallSid))),
    );
  });

  if (sink) {
    // Root preClose hooks run before the WebSocket plugin's, which would close the sockets as if the connection were lost.
    app.addHook('preClose', async () => sink.shutdown());
    await app.register(async (media) => registerMediaStreams(media, {
      sink, store, publicUrl, authToken: options.authToken, skipSignature: options.insecureSkipSignature ?? false, clock,
      // Which key is not logged: a caller keys numbers, IDs and case numbers, and one line per key escapes the number scrubber.
      onLiveDigit: options.onLiveDigit ?? ((callSid, digit) => app.log.info({ callSid, atSec: digit.startSec }, 'in-band key')),
    }));
  }

  await app.register(async (admin) => registerAdminRoutes(admin, { store, callbacks, adminToken: options.adminToken ?? null, nowSec: () => clock() / 1000, hashPin }), { prefix: '/admin' });
  return app;
}
