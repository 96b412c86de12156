import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, HotlineError, isHotlineError, type ErrorCode } from '../../errors.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    /** Field errors by dotted input path, where the error has them (a scenario's schema check). */
    readonly fields?: Readonly<Record<string, string>>;
  };
}

function describeValidation(error: FastifyError): string {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? [])
    .map((issue) => {
      const path = issue.instancePath ? issue.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      const missing = (issue.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = missing ?? path;
      return `${where}${field ? `.${field}` : ''} ${issue.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/** A request's URL for a message: quoted characters escaped, cut to 120 characters. */
function urlForMessage(url: string): string {
  const text = JSON.stringify(url).slice(1, -1);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Errors fastify raises before any route or hook runs (a URL it cannot decode, a path parameter longer than the
 * router's maxParamLength, a failed async route constraint), as the same one-line coded JSON every other error gets:
 * pass it as Fastify's `frameworkErrors` option. A parameter too long names nothing any route has (no flow id, agent
 * id or CallSid is that long): 404 HOTLINE_ROUTE_NOT_FOUND, as for any other path no route answers.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const max = request.server.initialConfig.maxParamLength ?? 100;
    const body: ErrorBody = {
      error: {
        code: 'HOTLINE_ROUTE_NOT_FOUND',
        message: `${request.method} ${urlForMessage(request.url)}: no such route (a path segment is longer than ${max} characters, which no route's name or id is); check the id in the path.`,
      },
    };
    void reply.code(ERROR_CODES.HOTLINE_ROUTE_NOT_FOUND.status).type('application/json').send(body);
    return;
  }
  const code: ErrorCode = error.code === 'FST_ERR_BAD_URL' ? 'HOTLINE_BAD_URL' : 'HOTLINE_BAD_WEBHOOK';
  const body: ErrorBody = {
    error: {
      code,
      message: `${request.method} ${urlForMessage(request.url)}: ${error.message}; send a valid, percent-encoded path.`,
    },
  };
  void reply.code(400).type('application/json').send(body);
}

/**
 * Turns every error into a one-line JSON answer with a stable code, so Twilio
 * (and a person reading the logs) sees what was wrong and how to fix it. Only a
 * genuine bug becomes a 500, and it is logged.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let hotline: HotlineError;
    if (isHotlineError(error)) {
      hotline = error;
    } else if (error.validation) {
      const code =
        (request.routeOptions.config as { validationCode?: ErrorCode } | undefined)?.validationCode ??
        'HOTLINE_BAD_WEBHOOK';
      hotline = new HotlineError(code, `${request.method} ${request.url}: ${describeValidation(error)}.`);
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      hotline = new HotlineError(
        'HOTLINE_UNSUPPORTED_MEDIA_TYPE',
        `${request.method} ${request.url}: content type "${request.headers['content-type'] ?? 'none'}" is not accepted; Twilio webhooks are application/x-www-form-urlencoded, admin requests application/json.`,
      );
    } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // What is left of fastify's 4xx are body parser errors (too large, bad JSON, wrong length), on any route.
      hotline = new HotlineError(
        'HOTLINE_BODY_UNREADABLE',
        `${request.method} ${request.url}: ${error.message}. Send a complete body of at most 64 KiB: a form for Twilio webhooks, JSON for the admin API.`,
      );
    } else {
      request.log.error({ err: error }, 'unhandled error');
      const body: ErrorBody = {
        error: {
          code: 'HOTLINE_INTERNAL',
          message: `${request.method} ${request.url}: internal error (${error.message}); see the server log.`,
        },
      };
      return reply.code(500).type('application/json').send(body);
    }
    // A 5xx is ours to fix: logged with its stack. A 4xx is the client's: its code and message say it all.
    if (hotline.statusCode >= 500) request.log.error({ code: hotline.code, err: hotline }, hotline.message);
    else request.log.warn({ code: hotline.code }, hotline.message);
    const body: ErrorBody = {
      error: { code: hotline.code, message: hotline.message, ...(hotline.fields ? { fields: hotline.fields } : {}) },
    };
    return reply.code(hotline.statusCode).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'HOTLINE_ROUTE_NOT_FOUND',
        message: `${request.method} ${request.url}: no such route. Twilio's voice URL is POST /voice; the agent line is POST /agent/voice.`,
      },
    };
    return reply.code(ERROR_CODES.HOTLINE_ROUTE_NOT_FOUND.status).type('application/json').send(body);
  });
}
