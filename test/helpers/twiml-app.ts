import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { WaveFile } from 'wavefile';

/** What a scripted route answers. */
export interface ScriptedAnswer {
  readonly body: string | Buffer;
  readonly status?: number;
  readonly type?: string;
  /** Real milliseconds to wait before answering. */
  readonly delayMs?: number;
  readonly headers?: Record<string, string>;
}

/** A request the app received, with whether its X-Twilio-Signature was valid. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly signatureValid: boolean;
}

export type Route = (params: Record<string, string>, request: ReceivedRequest) => ScriptedAnswer | string;

/** Wraps verbs in a TwiML document. */
export function twiml(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
}

/**
 * A small TwiML application on 127.0.0.1 whose routes a test scripts; it
 * records every request and checks its signature with twilio.validateRequest.
 */
export class TwimlApp {
  readonly requests: ReceivedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private app: FastifyInstance | undefined;
  base = '';

  constructor(readonly authToken: string) {}

  route(path: string, route: Route | ScriptedAnswer | string): this {
    this.routes.set(path, typeof route === 'function' ? route : () => route);
    return this;
  }

  /** Requests to a path (without query). */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0] === path);
  }

  /** Requests of one call (by CallSid) to a path. */
  ofCall(callSid: string, path: string): ReceivedRequest[] {
    return this.to(path).filter((r) => r.params.CallSid === callSid);
  }

  async start(): Promise<string> {
    const app = Fastify({ logger: false });
    await app.register(formbody);
    app.all('/*', async (req, reply) => {
      const path = req.url;
      const params = ((req.method === 'POST' ? req.body : {}) as Record<string, string>) ?? {};
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const signatureValid = twilio.validateRequest(
        this.authToken,
        headers['x-twilio-signature'] ?? '',
        `${this.base}${path}`,
        req.method === 'POST' ? params : {},
      );
      const received: ReceivedRequest = { method: req.method, path, params, headers, signatureValid };
      this.requests.push(received);
      const route = this.routes.get(path.split('?')[0]!);
      if (!route) return reply.code(404).type('text/plain').send(`no route ${path}`);
      const answer = route(params, received);
      const a: ScriptedAnswer = typeof answer === 'string' ? { body: answer } : answer;
      if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
      for (const [k, v] of Object.entries(a.headers ?? {})) reply.header(k, v);
      return reply
        .code(a.status ?? 200)
        .type(a.type ?? 'text/xml')
        .send(a.body);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    this.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    this.app = app;
    return this.base;
  }

  async close(): Promise<void> {
    await this.app?.close();
  }
}

/** A WAV of `seconds` of 8 kHz mu-law silence, as a wait URL or `<Play>` may answer. */
export function silentWav(seconds: number): Buffer {
  const file = new WaveFile();
  file.fromScratch(1, 8000, '8m', new Uint8Array(8000 * seconds).fill(0xff));
  return Buffer.from(file.toBuffer());
}
