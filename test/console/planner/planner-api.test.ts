import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../../src/console/access/console-session.js';
import { type ConsoleServer, startConsoleServer } from '../../helpers/console-browser.js';
import { openSse } from '../../helpers/sse-client.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
let server: ConsoleServer | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-planner-'));
  copyFileSync(FIXTURE, join(dir, 'small-line.yaml'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A signed-in supervisor's requests to /console/api/planner (cookie, CSRF token, the server's Origin). */
async function planner(options: { renderReport?: (input: unknown) => string } = {}) {
  server = await startConsoleServer({ console: { scenariosDir: dir, ...options } });
  const url = server.url;
  const signIn = await fetch(`${url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ kind: 'supervisor', token: '' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = ((await signIn.json()) as { session: { csrf: string } }).session.csrf;
  const headers = { cookie, origin: url, [CSRF_HEADER]: csrf };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/console/api/planner${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text,
      // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON answers' fields directly
      json: (text.startsWith('{') ? JSON.parse(text) : null) as any,
    };
  };
  const events = (id: string) => openSse(`${url}/console/api/planner/jobs/${id}/events`, headers);
  const waitEnd = async (id: string) => {
    for (;;) {
      const job = await call('GET', `/jobs/${id}`);
      if (!['queued', 'running'].includes(job.json.status)) return job.json;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { call, events, waitEnd, url };
}

describe('planner API', () => {
  it("lists the folder's scenarios with their titles and opens one as YAML, data and the parsed scenario", async () => {
    const { call } = await planner();
    const list = await call('GET', '/scenarios');
    expect(list.json.scenarios).toEqual([
      { file: 'small-line.yaml', title: 'Small line', description: 'Six agents, an hour of calls.' },
    ]);
    const open = await call('GET', '/scenarios/small-line.yaml');
    expect(open.json.valid).toBe(true);
    expect(open.json.yaml).toBe(readFileSync(FIXTURE, 'utf8'));
    expect(open.json.data.pools[0].agents).toBe(6);
    expect(open.json.scenario.pools[0].shrinkage).toBe(0);
    expect((await call('GET', '/scenarios/nope.yaml')).json.error.code).toBe('HOTLINE_PLANNER_NOT_FOUND');
    writeFileSync(join(dir, 'broken.yaml'), 'name: [');
    const broken = await call('GET', '/scenarios/broken.yaml');
    expect(broken.json).toMatchObject({ valid: false, data: null, scenario: null });
    expect(broken.json.message).toMatch(/broken\.yaml:1:\d+: not valid YAML/);
    expect((await call('GET', '/scenarios/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
  });

  it('validates an edited scenario with the loader of hotline simulate, answering field errors by path', async () => {
    const { call } = await planner();
    const { json } = await call('GET', '/scenarios/small-line.yaml');
    const data = structuredClone(json.data);
    data.pools[0].agents = -2;
    const bad = await call('POST', '/scenarios/validate', { data });
    expect(bad.status).toBe(200);
    expect(bad.json.valid).toBe(false);
    expect(Object.keys(bad.json.fields)).toEqual(['pools.0.agents']);
    // A cross-field check of the loader (shares add up to 1) lands on its field too.
    const shares = await call('POST', '/scenarios/validate', { yaml: json.yaml.replace('share: 1', 'share: 0.5') });
    expect(Object.keys(shares.json.fields)).toEqual(['call_types']);
    data.pools[0].agents = 9;
    const good = await call('POST', '/scenarios/validate', { data });
    expect(good.json).toMatchObject({ valid: true, fields: {} });
    expect(good.json.scenario.pools[0].agents).toBe(9);
  });

  it('saves a changed scenario as a new YAML file, never over an existing one nor outside the folder', async () => {
    const { call } = await planner();
    const { json } = await call('GET', '/scenarios/small-line.yaml');
    const data = { ...json.data, name: 'Small line, 9 agents', pools: [{ ...json.data.pools[0], agents: 9 }] };
    const saved = await call('POST', '/scenarios', { file: 'small-line-9.yaml', data });
    expect(saved.status).toBe(201);
    expect(readFileSync(join(dir, 'small-line-9.yaml'), 'utf8')).toMatch(/agents: 9/);
    expect((await call('GET', '/scenarios')).json.scenarios.map((s: { title: string }) => s.title)).toEqual([
      'Small line, 9 agents',
      'Small line',
    ]);
    const again = await call('POST', '/scenarios', { file: 'small-line.yaml', data });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('HOTLINE_PLANNER_FILE_EXISTS');
    expect(readFileSync(join(dir, 'small-line.yaml'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    for (const file of ['../escape.yaml', '/tmp/escape.yaml', 'sub/escape.yaml', '.hidden.yaml', 'x.json']) {
      const refused = await call('POST', '/scenarios', { file, data });
      expect(refused.status, file).toBe(400);
      expect(refused.json.error.code).toBe('HOTLINE_PLANNER_REQUEST_INVALID');
    }
    expect(existsSync(join(dir, '..', 'escape.yaml'))).toBe(false);
    const invalid = await call('POST', '/scenarios', { file: 'broken.yaml', data: { ...data, pools: [] } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.fields).toHaveProperty('pools');
    expect(existsSync(join(dir, 'broken.yaml'))).toBe(false);
  });

  it('runs a simulate job to its end with progress events, then answers its charts and its report', async () => {
    const { call, events } = await planner({
      renderReport: (input) => `<html>${(input as { title: string }).title}</html>`,
    });
    const started = await call('POST', '/jobs', {
      kind: 'simulate',
      scenarios: [{ file: 'small-line.yaml' }],
      replications: 3,
    });
    expect(started.status).toBe(202);
    const stream = await events(started.json.id);
    const end = await stream.next((e) => e.event === 'end', 30_000);
    stream.close();
    const progress = stream.events
      .filter((e) => e.event === 'progress')
      .map((e) => (e.data as { progress: { done: number } }).progress.done);
    expect(progress.at(-1)).toBe(3);
    const job = end.data as {
      status: string;
      result: {
        scenarios: { serviceLevelByHour: unknown[]; heatmap: { values: unknown[] }; waitTail: { sec: number[] } }[];
      };
    };
    expect(job.status).toBe('done');
    const [charts] = job.result.scenarios;
    expect(charts!.serviceLevelByHour).toHaveLength(24);
    expect(charts!.heatmap.values.length).toBeGreaterThan(0);
    expect(charts!.waitTail.sec.length).toBeGreaterThan(0);
    const report = await call('GET', `/jobs/${started.json.id}/report`);
    expect(report.type).toMatch(/text\/html/);
    expect(report.text).toBe('<html>Small line</html>');
  }, 60_000);

  it('runs a compare job with paired differences and refuses a compare of one scenario', async () => {
    const { call, waitEnd } = await planner();
    const { json } = await call('GET', '/scenarios/small-line.yaml');
    const more = { ...json.data, name: 'Small line, 8 agents', pools: [{ ...json.data.pools[0], agents: 8 }] };
    expect((await call('POST', '/jobs', { kind: 'compare', scenarios: [{ file: 'small-line.yaml' }] })).status).toBe(
      400,
    );
    const started = await call('POST', '/jobs', {
      kind: 'compare',
      scenarios: [{ file: 'small-line.yaml' }, { file: 'small-line.yaml', data: more }],
      replications: 2,
    });
    const job = await waitEnd(started.json.id);
    expect(job.status).toBe('done');
    expect(job.result.scenarios.map((s: { name: string }) => s.name)).toEqual(['Small line', 'Small line, 8 agents']);
    const sl = job.result.differences.find((d: { kpi: string }) => d.kpi === 'serviceLevel.15');
    expect(sl.mean).toBeGreaterThan(0);
    // Without the report renderer the download says so.
    expect((await call('GET', `/jobs/${started.json.id}/report`)).json.error.code).toBe('HOTLINE_PLANNER_JOB_NOT_DONE');
  }, 60_000);

  it('cancels a running job and drops a waiting one; caps the queue', async () => {
    const { call, waitEnd } = await planner();
    const long = { kind: 'simulate', scenarios: [{ file: 'small-line.yaml' }], replications: 100, calls: 20_000 };
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await call('POST', '/jobs', long)).json.id);
    const full = await call('POST', '/jobs', long);
    expect(full.status).toBe(429);
    expect(full.json.error.code).toBe('HOTLINE_PLANNER_QUEUE_FULL');
    expect((await call('DELETE', `/jobs/${ids[3]}`)).json.status).toBe('cancelled');
    for (const id of ids.slice(0, 3)) await call('DELETE', `/jobs/${id}`);
    for (const id of ids.slice(0, 3)) expect((await waitEnd(id)).status).toBe('cancelled');
    expect((await call('GET', '/jobs/unknown')).status).toBe(404);
  }, 60_000);

  it("answers the live line while a job runs: the job's replication runs off the server's thread", async () => {
    const { call, waitEnd, url } = await planner();
    // One replication of a million calls: seconds of simulation, all of it in replication 0 (the heat map's).
    const started = await call('POST', '/jobs', {
      kind: 'simulate',
      scenarios: [{ file: 'small-line.yaml' }],
      replications: 1,
      calls: 1_000_000,
    });
    expect(started.status).toBe(202);
    // Timer ticks count how often the event loop is free while the job starts and runs.
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 1);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(ticker);
    // Had the replication run on the server's thread, the health check would have waited for it, and the job,
    // of its one replication, would be done by now.
    const job = await call('GET', `/jobs/${started.json.id}`);
    expect(job.json.status).toBe('running');
    expect(job.json.progress.done).toBe(0);
    expect(ticks).toBeGreaterThan(10);
    await call('DELETE', `/jobs/${started.json.id}`);
    expect((await waitEnd(started.json.id)).status).toBe('cancelled');
  }, 60_000);

  it('asks a twin job for a store inside the working folder', async () => {
    const { call } = await planner();
    const twin = { kind: 'twin', scenarios: [{ file: 'small-line.yaml' }] };
    const missing = await call('POST', '/jobs', twin);
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toHaveProperty('records');
    const outside = await call('POST', '/jobs', { ...twin, records: '/etc/hostname' });
    expect(outside.status).toBe(400);
    expect(outside.json.error.message).toMatch(/inside the working folder/);
    expect((await call('POST', '/jobs', { ...twin, records: 'x.db', timeZone: 'Mars/Base' })).status).toBe(400);
  });
});
