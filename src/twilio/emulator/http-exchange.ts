import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

/** HTTP method of a webhook. */
export type WebhookMethod = 'GET' | 'POST';

/** One HTTP request the emulator makes (no redirects followed, no retries). */
export interface HttpRequest {
  readonly url: string;
  readonly method: WebhookMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** Give up (failure 'timeout') after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * How to decode the answer's body: TwiML and callbacks as UTF-8, audio byte for byte (latin1); 'by-type' reads
   * an `audio/*` answer byte for byte and anything else as UTF-8 (a document URL may answer either).
   */
  readonly encoding: 'utf8' | 'latin1' | 'by-type';
}

/**
 * What came back, and the milliseconds from handing the request to the
 * socket to the answer's last byte (or the failure), measured where the
 * request ran.
 */
export type HttpAnswer =
  | {
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      readonly body: string;
      readonly wireMs: number;
    }
  | { readonly failure: string; readonly wireMs: number };

function encodingOf(contentType: string | undefined): 'utf8' | 'latin1' {
  return contentType?.trim().toLowerCase().startsWith('audio/') ? 'latin1' : 'utf8';
}

/** Keep-alive connection pools, as Twilio reuses connections to a webhook host. */
const HTTP_AGENT = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
const HTTPS_AGENT = new https.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

/**
 * One HTTP exchange over node:http(s) with keep-alive connections (much
 * cheaper per request than fetch, which matters when one process emulates
 * a thousand calls). Never rejects: failures come back as `failure`.
 */
export function httpExchange(request: HttpRequest): Promise<HttpAnswer> {
  const started = performance.now();
  const wireMs = () => performance.now() - started;
  return new Promise((resolve) => {
    if (request.timeoutMs <= 0) return resolve({ failure: 'timeout', wireMs: 0 });
    // http.request throws at once on some URLs (another scheme, a bad host): that is a failed request too.
    try {
      const target = new URL(request.url);
      const secure = target.protocol === 'https:';
      const { body } = request;
      const options: http.RequestOptions = {
        method: request.method,
        headers:
          body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? HTTPS_AGENT : HTTP_AGENT,
      };
      let settled = false;
      const finish = (answer: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const req = (secure ? https : http).request(target, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          const encoding = request.encoding === 'by-type' ? encodingOf(res.headers['content-type']) : request.encoding;
          finish({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: bytes.toString(encoding),
            wireMs: wireMs(),
          });
        });
        res.on('error', (error) => finish({ failure: `the answer broke off (${error.message})`, wireMs: wireMs() }));
      });
      const timer = setTimeout(() => {
        finish({ failure: 'timeout', wireMs: wireMs() });
        req.destroy();
      }, request.timeoutMs);
      req.on('error', (error: Error & { code?: string }) =>
        finish({ failure: `${error.code ?? error.name}: ${error.message}`, wireMs: wireMs() }),
      );
      req.end(body);
    } catch (error) {
      resolve({
        failure: `${(error as Error & { code?: string }).code ?? 'ERR'}: ${(error as Error).message}`,
        wireMs: wireMs(),
      });
    }
  });
}
