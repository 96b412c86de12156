import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { EMULATOR_TIME_HEADER, FOLLOWS_EMULATOR_HEADER } from '../emulator-headers.js';
import type { EmulatorClock } from './emulator-clock.js';
import type { WebhookMethod } from './http-exchange.js';
import { INLINE_TRANSPORT, type HttpTransport } from './http-transport.js';

/** What a webhook request is for: a TwiML document, an audio file, or a callback whose answer Twilio ignores. */
export type WebhookKind = 'document' | 'audio' | 'callback';

/**
 * Twilio's error codes for a failed TwiML fetch, as its debugger reports them:
 * - 11200 HTTP retrieval failure (an HTTP error status)
 * - 11205 HTTP connection failure (refused, reset, or no answer within the time limit)
 * - 11215 too many HTTP redirects (more than 10)
 * - 12100 document parse failure (not XML, or no `<Response>`)
 * - 12200 schema validation (a verb Twilio does not know, or one not allowed where it is)
 * - 12300 invalid Content-Type
 */
export type TwilioErrorCode = 11200 | 11205 | 11215 | 12100 | 12200 | 12300;

/** One request the emulator made and what came back; what load reports and test reports are built from. */
export interface WebhookExchange {
  readonly kind: WebhookKind;
  readonly method: WebhookMethod;
  /** The URL requested (after HTTP redirects, the last one). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status, or null when no answer came. */
  readonly status: number | null;
  readonly contentType: string;
  readonly body: string;
  /**
   * Real milliseconds the server took to answer: from handing each request to
   * the socket to its answer's last byte, summed over the HTTP redirects and
   * retries it took. Measured where the transport runs (a worker thread in loads).
   */
  readonly latencyMs: number;
  /** Emulated time the request was sent, ms since the epoch. */
  readonly atMs: number;
  /** The server's X-Hotline-Clock answer header: 'emulator' when it follows the emulated time. */
  readonly serverClock?: string;
  /** Set when the fetch failed in a way Twilio treats as fatal. */
  readonly error?: { readonly code: TwilioErrorCode; readonly message: string };
}

/** Settings of the webhook client. */
export interface WebhookClientOptions {
  /** The account's Auth Token: every request is signed with it (X-Twilio-Signature). */
  readonly authToken: string;
  readonly clock: EmulatorClock;
  /**
   * The URL the server believes Twilio calls, when it differs from where the
   * emulator actually connects (a server behind a proxy checks signatures
   * against its public URL): `{ actual: 'http://127.0.0.1:3000', public: 'https://hotline.example.cn' }`.
   */
  readonly rewrite?: { readonly actual: string; readonly public: string };
  /** Total time Twilio waits for an answer, ms (default 15,000). A `#tt=`/`#rt=` connection override on a URL lowers it. */
  readonly timeoutMs?: number;
  /** Told of every exchange (load statistics, test reports). */
  readonly onExchange?: (exchange: WebhookExchange) => void;
  /** How requests reach the wire (default: on this thread). */
  readonly transport?: HttpTransport;
}

/** Twilio's documented total wait for a webhook answer. */
export const TWILIO_TIMEOUT_MS = 15_000;
/** Twilio follows at most this many HTTP redirects. */
export const MAX_HTTP_REDIRECTS = 10;

/** Connection overrides read from a URL fragment (`#tt=5000&rc=2`), and the URL without it. */
export function connectionOverrides(url: string): { url: string; timeoutMs?: number; retries: number } {
  const hash = url.indexOf('#');
  if (hash < 0) return { url, retries: 0 };
  const fragment = new URLSearchParams(url.slice(hash + 1));
  const ms = (key: string, max: number) => {
    const value = Number(fragment.get(key));
    return fragment.has(key) && Number.isFinite(value) ? Math.min(max, Math.max(100, value)) : undefined;
  };
  const limits = [ms('tt', 15000), ms('rt', 15000)].filter((v): v is number => v !== undefined);
  const retries = Math.min(5, Math.max(0, Number(fragment.get('rc') ?? 0) || 0));
  return limits.length > 0
    ? { url: url.slice(0, hash), timeoutMs: Math.min(...limits), retries }
    : { url: url.slice(0, hash), retries };
}

/** A per-call cookie jar: Twilio keeps the cookies a server sets and sends them back during the call. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: readonly string[]): void {
    for (const line of setCookie) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Makes the emulator's HTTP requests the way Twilio does: form-encoded POST
 * (or GET with a query string), signed with X-Twilio-Signature over the URL
 * and sorted parameters, Twilio's headers, cookies kept per call, at most 10
 * HTTP redirects, and a 15-second limit on the whole exchange.
 */
export class WebhookClient {
  private readonly o: WebhookClientOptions;
  private requestNo = 0;

  constructor(options: WebhookClientOptions) {
    this.o = options;
  }

  /** The URL the server sees in the signature for `url`. */
  private signingUrl(url: string): string {
    const rewrite = this.o.rewrite;
    return rewrite && url.startsWith(rewrite.actual) ? rewrite.public + url.slice(rewrite.actual.length) : url;
  }

  /** Sends one webhook; never throws: failures come back as an exchange with `error`. */
  async send(
    kind: WebhookKind,
    method: WebhookMethod,
    rawUrl: string,
    params: Readonly<Record<string, string>>,
    jar?: CookieJar,
  ): Promise<WebhookExchange> {
    const overrides = connectionOverrides(rawUrl);
    const timeoutMs = Math.min(this.o.timeoutMs ?? TWILIO_TIMEOUT_MS, overrides.timeoutMs ?? TWILIO_TIMEOUT_MS);
    const atMs = this.o.clock.now();
    const wire = { ms: 0 };
    let exchange: WebhookExchange | undefined;
    for (let attempt = 0; attempt <= overrides.retries; attempt += 1) {
      exchange = await this.o.clock.track(
        this.attempt(kind, method, overrides.url, params, timeoutMs, wire, atMs, jar),
      );
      if (exchange.error?.code !== 11205) break;
    }
    this.o.onExchange?.(exchange!);
    return exchange!;
  }

  private headers(
    url: string,
    method: WebhookMethod,
    params: Readonly<Record<string, string>>,
    jar?: CookieJar,
  ): Record<string, string> {
    this.requestNo += 1;
    const signed = method === 'POST' ? params : {};
    const headers: Record<string, string> = {
      'user-agent': 'TwilioProxy/1.1',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        this.o.authToken,
        this.signingUrl(url),
        signed as Record<string, string>,
      ),
      'i-twilio-idempotency-token': createHash('sha1')
        .update(`${params.CallSid ?? ''}:${this.requestNo}`)
        .digest('hex'),
      'x-home-region': 'us1',
      accept: '*/*',
    };
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    const cookie = jar?.header();
    if (cookie) headers.cookie = cookie;
    if (this.o.clock.virtual) headers[EMULATOR_TIME_HEADER] = String(Math.round(this.o.clock.now()));
    return headers;
  }

  /** One attempt: the request and its HTTP redirects. `wire.ms` adds up the time spent on the wire. */
  private async attempt(
    kind: WebhookKind,
    method: WebhookMethod,
    firstUrl: string,
    params: Readonly<Record<string, string>>,
    timeoutMs: number,
    wire: { ms: number },
    atMs: number,
    jar?: CookieJar,
  ): Promise<WebhookExchange> {
    // The limit covers the whole exchange, redirects included, as Twilio's does.
    const deadline = performance.now() + timeoutMs;
    const transport = this.o.transport ?? INLINE_TRANSPORT;
    let url = firstUrl;
    let currentMethod = method;
    let currentParams = params;
    let serverClock: string | undefined;
    const done = (
      status: number | null,
      contentType: string,
      body: string,
      error?: WebhookExchange['error'],
    ): WebhookExchange => {
      const base = {
        kind,
        method: currentMethod,
        url,
        params: currentParams,
        status,
        contentType,
        body,
        latencyMs: wire.ms,
        atMs,
        ...(serverClock ? { serverClock } : {}),
      };
      return error ? { ...base, error } : base;
    };
    for (let redirects = 0; ; redirects += 1) {
      const target =
        currentMethod === 'GET' && Object.keys(currentParams).length > 0 ? withQuery(url, currentParams) : url;
      const body = currentMethod === 'POST' ? formEncode(currentParams) : undefined;
      const answer = await transport.exchange({
        url: target,
        method: currentMethod,
        headers: this.headers(target, currentMethod, currentParams, jar),
        body,
        timeoutMs: deadline - performance.now(),
        encoding: kind === 'audio' ? 'latin1' : kind === 'document' ? 'by-type' : 'utf8',
      });
      wire.ms += answer.wireMs;
      if ('failure' in answer) {
        const why = answer.failure === 'timeout' ? `no answer within ${timeoutMs / 1000} s` : answer.failure;
        return done(null, '', '', { code: 11205, message: `${currentMethod} ${url}: ${why}` });
      }
      const headers = answer.headers;
      jar?.store(headers['set-cookie'] ?? []);
      serverClock = typeof headers[FOLLOWS_EMULATOR_HEADER] === 'string' ? headers[FOLLOWS_EMULATOR_HEADER] : undefined;
      const location = headers.location;
      if (answer.status >= 300 && answer.status < 400 && location) {
        if (redirects >= MAX_HTTP_REDIRECTS)
          return done(answer.status, '', '', {
            code: 11215,
            message: `${currentMethod} ${firstUrl}: more than ${MAX_HTTP_REDIRECTS} HTTP redirects`,
          });
        url = new URL(location, url).toString();
        // A redirected request loses the verb's results (Twilio re-requests a Gather action without Digits) and keeps the call's parameters.
        currentParams = callParamsOnly(currentParams);
        if (answer.status === 303) currentMethod = 'GET';
        continue;
      }
      const contentType = headers['content-type'] ?? '';
      if (answer.status >= 400)
        return done(answer.status, contentType, answer.body, {
          code: 11200,
          message: `${currentMethod} ${url} answered HTTP ${answer.status}`,
        });
      return done(answer.status, contentType, answer.body);
    }
  }
}

/** Parameters every TwiML request carries (what survives an HTTP redirect). */
const CALL_PARAMS = new Set([
  'AccountSid',
  'ApiVersion',
  'CallSid',
  'CallStatus',
  'Called',
  'CalledCity',
  'CalledCountry',
  'CalledState',
  'CalledZip',
  'Caller',
  'CallerCity',
  'CallerCountry',
  'CallerState',
  'CallerZip',
  'Direction',
  'From',
  'FromCity',
  'FromCountry',
  'FromState',
  'FromZip',
  'ParentCallSid',
  'To',
  'ToCity',
  'ToCountry',
  'ToState',
  'ToZip',
  'CallToken',
  'ForwardedFrom',
  'CallerName',
]);

function callParamsOnly(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => CALL_PARAMS.has(k)));
}

function withQuery(url: string, params: Readonly<Record<string, string>>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * `application/x-www-form-urlencoded` as URLSearchParams writes it, without
 * building one per request. One difference: two keys that differ only in lone
 * surrogates both become U+FFFD and are both written (URLSearchParams keeps
 * the last); signatures are computed over the parameters, not this text.
 */
export function formEncode(params: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in params) {
    if (out) out += '&';
    out += `${formComponent(key)}=${formComponent(params[key]!)}`;
  }
  return out;
}

const FORM_EXTRA: Readonly<Record<string, string>> = {
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '~': '%7E',
  '%20': '+',
};

function formComponent(value: string): string {
  try {
    return encodeURIComponent(value).replace(/%20|[!'()~]/g, (c) => FORM_EXTRA[c]!);
  } catch {
    // A lone surrogate: URLSearchParams writes it as U+FFFD.
    return new URLSearchParams([['', value]]).toString().slice(1);
  }
}
