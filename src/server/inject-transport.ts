import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { HttpTransport } from '../twilio/emulator/http-transport.js';

/**
 * The emulator's requests answered by an app in this process (`inject`): no socket, the same app and its state, the
 * Host of the URL asked for (as over a socket). The terminal softphone's in-process line and the console's local line
 * both use it.
 */
export function injectTransport(app: FastifyInstance): HttpTransport {
  return {
    async exchange(request) {
      const url = new URL(request.url);
      const res = await app.inject({
        method: request.method,
        url: url.pathname + url.search,
        headers: { ...request.headers, host: url.host },
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body: res.body, wireMs: 0 };
    },
    close: async () => undefined,
  };
}
