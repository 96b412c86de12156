import type { FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSessions, CSRF_HEADER, SESSION_COOKIE } from '../../../src/console/access/console-session.js';
import { sessionAlive } from '../../../src/console/access/session-alive.js';
import { type ConsoleServer, registerAgent, startConsoleServer } from '../../helpers/console-browser.js';

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sessionAlive', () => {
  it("follows the request's session: signed out or idle past the limit is no longer alive", () => {
    let now = 1_000;
    const sessions = new ConsoleSessions(() => now);
    const { id } = sessions.open('supervisor');
    const request = { cookies: { [SESSION_COOKIE]: id } } as unknown as FastifyRequest;
    const alive = sessionAlive(sessions, request);
    expect(alive()).toBe(true);
    now += 9 * 3600;
    expect(alive()).toBe(false);
    const other = sessions.open('supervisor');
    const otherAlive = sessionAlive(sessions, { cookies: { [SESSION_COOKIE]: other.id } } as unknown as FastifyRequest);
    expect(otherAlive()).toBe(true);
    sessions.close(other.id);
    expect(otherAlive()).toBe(false);
    expect(sessionAlive(sessions, { cookies: {} } as unknown as FastifyRequest)()).toBe(false);
  });

  it("turns false for an agent's stream once the agent is deactivated, with no request from the page", async () => {
    let now = 1_000;
    let registered: string | null = 'pin-hash-1';
    const sessions = new ConsoleSessions(
      () => now,
      async () => registered,
    );
    const { id } = sessions.open('agent', '3001', 'pin-hash-1');
    const alive = sessionAlive(sessions, { cookies: { [SESSION_COOKIE]: id } } as unknown as FastifyRequest);
    expect(alive()).toBe(true);
    await Promise.resolve();
    expect(alive()).toBe(true);
    registered = null;
    now += 11;
    expect(alive()).toBe(true);
    // The look at the agent's registration runs in the background: the next check sees its answer.
    await new Promise((resolve) => setImmediate(resolve));
    expect(alive()).toBe(false);
  });

  it("ends a supervisor's wallboard stream once the supervisor signs out (as an agent's desktop ends)", async () => {
    server = await startConsoleServer();
    const signIn = await fetch(`${server.url}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ kind: 'supervisor', token: '' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { session } = (await signIn.json()) as { session: { csrf: string } };
    const response = await fetch(`${server.url}/console/api/wallboard/live`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry');
    const out = await fetch(`${server.url}/console/api/session`, {
      method: 'DELETE',
      headers: { cookie, origin: server.url, [CSRF_HEADER]: session.csrf },
    });
    expect(out.status).toBe(200);
    // A change of the line (an agent registered) is the stream's next write: it ends instead.
    await registerAgent(server, { id: '7001', pin: '246810' });
    let chunk = await reader.read();
    while (!chunk.done) {
      expect(new TextDecoder().decode(chunk.value), 'nothing pushed after sign-out').not.toContain('event: change');
      chunk = await reader.read();
    }
    expect(chunk.done).toBe(true);
  }, 30_000);
});
