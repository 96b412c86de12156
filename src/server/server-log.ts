import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/** The levels `hotline serve --log-level` takes (pino's, plus silent). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where log lines go: any object with `write(line)` (a stream, or a test's collector). */
export interface LogDestination {
  write(line: string): unknown;
}

/** How the server logs: level (default info), destination (default stdout), JSON lines or a readable form for a terminal. */
export interface LogOptions {
  readonly level?: LogLevel;
  readonly destination?: LogDestination;
  /** 'json' (default): one JSON object a line; 'pretty': time, level, message and fields on one line, stacks below. */
  readonly format?: 'json' | 'pretty';
}

/**
 * Phone numbers as they may appear in a line: E.164 (+8613800138000) and its
 * URL-encoded form (%2B8613800138000, from a query string or form body).
 */
const PHONE = /(?:\+|%2B)[1-9]\d{6,14}/gi;

/** `text` with every phone number replaced by [number]. */
export function scrubNumbers(text: string): string {
  return text.replace(PHONE, '[number]');
}

/** Headers never logged, wherever a request object ends up in a line. */
const SECRET_HEADERS = ['authorization', '"x-twilio-signature"', 'cookie'];

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const SKIPPED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err']);

/** A JSON log line in a form for people: `08:00:01.234 INFO  request method=POST route=/voice status=200 …`, then an error's stack. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err?.stack
    ? `\n    ${err.stack.split('\n').join('\n    ')}`
    : err?.message
      ? ` err=${err.message}`
      : '';
  return `${time} ${level} ${String(entry.msg ?? '')}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}${stack}\n`;
}

/**
 * The one line per request: method, route (the pattern, e.g. /agent/pin, never
 * the query), status, response time and the CallSid when the body has one.
 * Fastify's own two lines per request (incoming, completed) are not written.
 */
class RequestLineController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const body = request.body as { CallSid?: unknown } | undefined;
    const callSid =
      typeof body?.CallSid === 'string' && /^CA[0-9A-Za-z]{1,64}$/.test(body.CallSid) ? body.CallSid : undefined;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      ...(callSid ? { callSid } : {}),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }

  // The error handler logs errors itself (with the code and, for 5xx, the stack).
  override defaultErrorLog(): void {}
  override routeNotFound(): void {}
}

/**
 * Fastify options for the server's logger (pino): JSON lines by default, every
 * line scrubbed of phone numbers, secret headers redacted, one line per request.
 */
export function loggerOptions(options: LogOptions): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  const destination = options.destination ?? process.stdout;
  const pretty = options.format === 'pretty';
  return {
    logger: {
      level: options.level ?? 'info',
      // Every line passes here whole, so a number in any message, error or field is caught, whoever logged it.
      stream: { write: (line: string) => destination.write(scrubNumbers(pretty ? prettyLine(line) : line)) },
      redact: {
        paths: SECRET_HEADERS.flatMap((h) => [`req.headers.${h}`, `headers.${h}`, `request.headers.${h}`]).map((p) =>
          p.replace(/\."/, '["').replace(/"$/, '"]'),
        ),
        censor: '[redacted]',
      },
      serializers: {
        // A request is logged by method and path alone: no headers, no query (it may hold a cursor or a number), no body.
        req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
      },
    },
    logController: new RequestLineController(),
  };
}
