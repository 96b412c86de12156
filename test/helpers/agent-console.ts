import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER } from '../../src/console/access/console-session.js';
import type { AgentMe } from '../../src/console/agent/agent-wire.js';
import type { LocalCall } from '../../src/console/line/local-call.js';
import { localLine } from '../../src/console/line/local-line.js';
import type { ConsoleServer } from './console-browser.js';

/** The caller's number of the agent desktop's tests (never shown to the agent). */
export const CALLER = '+8613800138000';

/** An agent's console: signed in over loopback like the page (cookie, Origin, CSRF header). */
export async function consoleOf(s: ConsoleServer, agent: { id: string; pin: string }) {
  const signIn = await fetch(`${s.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.url },
    body: JSON.stringify({ kind: 'agent', agentId: agent.id, pin: agent.pin }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { session } = (await signIn.json()) as { session: { csrf: string } };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${s.url}/console/api/agent${path}`, {
      method,
      headers: {
        cookie,
        origin: s.url,
        ...(method === 'GET' ? {} : { [CSRF_HEADER]: session.csrf, 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> & AgentMe };
  };
  return {
    cookie,
    csrf: session.csrf,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
  };
}

/**
 * A caller placed on the local line of a server (a ConsoleServer, or any app with the local line) as the softphone
 * places them, keyed into the queue.
 */
export async function keyedIntoQueue(s: { readonly app: FastifyInstance }): Promise<LocalCall> {
  const call = localLine(s.app).placeCall({ from: CALLER, readsPrompts: true });
  await new Promise<void>((resolve) => {
    if (call.events.some((e) => e.kind === 'input')) return resolve();
    const stop = call.subscribe((e) => {
      if (e.kind !== 'input') return;
      stop();
      resolve();
    });
  });
  call.input({ kind: 'keys', digits: '1' });
  return call;
}
