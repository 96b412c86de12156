import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../src/console/access/console-session.js';
import { type ConsoleServer, registerAgent, startConsoleServer } from '../../helpers/console-browser.js';

const TOKEN = 'a'.repeat(40);
let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Signs in through the API as a browser would (Host and Origin of the server); returns the cookie and CSRF token. */
async function signIn(s: ConsoleServer, body: object, origin = s.url) {
  const response = await fetch(`${s.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  });
  const cookie = response.headers.get('set-cookie') ?? '';
  return {
    response,
    cookie,
    json: (await response.json()) as {
      session?: { csrf: string; role: string };
      error?: { code: string; message: string };
    },
  };
}

describe('console sessions', () => {
  it('signs a supervisor in with the admin token into an HTTP-only, same-site strict cookie, and out again', async () => {
    server = await startConsoleServer({ app: { adminToken: TOKEN } });
    const wrong = await signIn(server, { kind: 'supervisor', token: 'b'.repeat(40) });
    expect(wrong.response.status).toBe(401);
    expect(wrong.json.error?.code).toBe('HOTLINE_CONSOLE_UNAUTHORIZED');
    const { response, cookie, json } = await signIn(server, { kind: 'supervisor', token: TOKEN });
    expect(response.status).toBe(200);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,};`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/console/);
    const jar = cookie.split(';')[0]!;
    const who = await fetch(`${server.url}/console/api/session`, { headers: { cookie: jar } });
    expect(((await who.json()) as { session: { role: string } }).session.role).toBe('supervisor');
    // Signing out needs the CSRF token too.
    const noCsrf = await fetch(`${server.url}/console/api/session`, { method: 'DELETE', headers: { cookie: jar } });
    expect(noCsrf.status).toBe(403);
    const out = await fetch(`${server.url}/console/api/session`, {
      method: 'DELETE',
      headers: { cookie: jar, [CSRF_HEADER]: json.session!.csrf },
    });
    expect(out.status).toBe(200);
    const after = await fetch(`${server.url}/console/api/session`, { headers: { cookie: jar } });
    expect(((await after.json()) as { session: unknown }).session).toBeNull();
  });

  it('lets a supervisor in without a token only on a loopback server with none, and never from another origin', async () => {
    server = await startConsoleServer();
    expect((await signIn(server, { kind: 'supervisor', token: '' })).response.status).toBe(200);
    const foreign = await signIn(server, { kind: 'supervisor', token: '' }, 'http://evil.example');
    expect(foreign.response.status).toBe(403);
    expect(foreign.json.error?.code).toBe('HOTLINE_CONSOLE_FORBIDDEN');
  });

  it('signs an agent in with number and PIN, refuses a wrong PIN, and locks after too many', async () => {
    server = await startConsoleServer();
    await registerAgent(server, { id: '1001', pin: '4321' });
    const ok = await signIn(server, { kind: 'agent', agentId: '1001', pin: '4321' });
    expect(ok.json.session).toMatchObject({ role: 'agent', agentId: '1001' });
    const messages: string[] = [];
    for (let i = 0; i < 8; i += 1)
      messages.push((await signIn(server, { kind: 'agent', agentId: '1001', pin: '0000' })).json.error!.message);
    expect(messages[0]).toMatch(/wrong agent number or PIN/);
    expect(messages.at(-1)).toMatch(/locked/);
    // Locked: even the right PIN is refused now.
    expect((await signIn(server, { kind: 'agent', agentId: '1001', pin: '4321' })).response.status).toBe(401);
    const malformed = await signIn(server, { kind: 'agent', agentId: '10x', pin: '1' });
    expect(malformed.json.error?.message).toMatch(
      /^POST \/console\/api\/session: agentId: an agent number is 1 to 16 digits/,
    );
  });

  it('keeps views behind their roles and changes behind the CSRF token', async () => {
    server = await startConsoleServer();
    await registerAgent(server, { id: '1002', pin: '5678' });
    const agent = await signIn(server, { kind: 'agent', agentId: '1002', pin: '5678' });
    const jar = agent.cookie.split(';')[0]!;
    const none = await fetch(`${server.url}/console/api/planner/anything`);
    expect(none.status).toBe(401);
    const forbidden = await fetch(`${server.url}/console/api/planner/anything`, { headers: { cookie: jar } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(
      /not open to a signed-in agent/,
    );
    const noToken = await fetch(`${server.url}/console/api/agent/anything`, {
      method: 'POST',
      headers: { cookie: jar },
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { message: string } }).error.message).toMatch(/x-hotline-csrf/);
  });
});

describe('console sessions over time', () => {
  it('ends an agent session when the agent is deactivated, removed or re-registered with another PIN', async () => {
    server = await startConsoleServer();
    await registerAgent(server, { id: '1003', pin: '1357' });
    const jarOf = async () =>
      (await signIn(server!, { kind: 'agent', agentId: '1003', pin: '1357' })).cookie.split(';')[0]!;
    const me = (jar: string) => fetch(`${server!.url}/console/api/agent/me`, { headers: { cookie: jar } });
    const first = await jarOf();
    expect((await me(first)).status).toBe(200);
    const put = (body: object) =>
      server!.app.inject({ method: 'PUT', url: '/admin/agents/1003', headers: { host: '127.0.0.1' }, payload: body });
    await put({ name: 'Agent 1003', skills: ['general'], pool: 'in-house', active: false });
    const refused = await me(first);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /agent 1003 was removed, deactivated or given a new PIN since signing in; sign in again/,
    );
    await put({ name: 'Agent 1003', skills: ['general'], pool: 'in-house', active: true });
    const second = await jarOf();
    expect((await me(second)).status).toBe(200);
    // The number is given to a new hire with a new PIN: the old session does not carry over to them.
    await server.app.inject({ method: 'DELETE', url: '/admin/agents/1003', headers: { host: '127.0.0.1' } });
    await registerAgent(server, { id: '1003', pin: '8642', name: 'New hire' });
    expect((await me(second)).status).toBe(401);
  });

  it('keeps supervisors signed in however many times agents sign in', async () => {
    server = await startConsoleServer();
    await registerAgent(server, { id: '1004', pin: '2468' });
    const supervisor = (await signIn(server, { kind: 'supervisor', token: '' })).cookie.split(';')[0]!;
    const agentJars: string[] = [];
    for (let i = 0; i < 70; i += 1)
      agentJars.push((await signIn(server, { kind: 'agent', agentId: '1004', pin: '2468' })).cookie.split(';')[0]!);
    const scenarios = await fetch(`${server.url}/console/api/planner/scenarios`, { headers: { cookie: supervisor } });
    expect(scenarios.status).toBe(200);
    // One agent holds at most 4 sessions: the newest stay, the oldest were dropped.
    const alive = await Promise.all(
      agentJars.map(async (jar) =>
        (await fetch(`${server!.url}/console/api/session`, { headers: { cookie: jar } })).json(),
      ),
    );
    expect(alive.map((a) => (a as { session: unknown }).session !== null)).toEqual([
      ...Array<boolean>(66).fill(false),
      ...Array<boolean>(4).fill(true),
    ]);
  });

  it('refuses a body nested deeper than any console request needs, in one line', async () => {
    server = await startConsoleServer();
    const { cookie, json } = await signIn(server, { kind: 'supervisor', token: '' });
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i += 1) deep = { a: deep };
    const response = await fetch(`${server.url}/console/api/planner/scenarios/validate`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json', [CSRF_HEADER]: json.session!.csrf },
      body: JSON.stringify({ data: deep }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HOTLINE_BODY_UNREADABLE');
    expect(body.error.message).toMatch(/nested deeper than 32 levels/);
  });
});

describe('console page', () => {
  it('serves the built page and assets with a strict Content Security Policy, gzipped when asked', async () => {
    server = await startConsoleServer();
    const page = await fetch(`${server.url}/console`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('/console/assets/app.js');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${server.url}/console/assets/app.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${server.url}/console/assets/..%2Fbuild.json`)).status).toBe(404);
    // API answers and unknown console paths carry the policy too, and are never cached.
    for (const path of ['/console/api/session', '/console/nothing-here', '/console/assets/nope.js']) {
      const answer = await fetch(`${server.url}${path}`);
      expect(answer.headers.get('content-security-policy'), path).toBe(csp);
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await fetch(`${server.url}/console/nothing-here`)).headers.get('cache-control')).toBe('no-store');
  });

  it('says in one line how to build the console when it is not built', async () => {
    server = await startConsoleServer({ console: { assetsDir: '/nonexistent/console' } });
    const response = await fetch(`${server.url}/console`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HOTLINE_CONSOLE_NOT_BUILT');
    expect(body.error.message).toMatch(/npm run build:console/);
  });
});
