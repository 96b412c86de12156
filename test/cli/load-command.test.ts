import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import type { LoadReport } from '../../src/qa/load-test.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(args, { env, now: () => Date.UTC(2026, 10, 25, 2) });
}

describe('hotline load', () => {
  it('drives scenario calls through a `hotline serve` process it starts and reports latency, errors and rates as JSON', async () => {
    const { code, out, err } = await run([
      'load',
      '--scenario',
      'midsize-city-menu',
      '--calls',
      '30',
      '--concurrency',
      '10',
      '--virtual',
      '--json',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out) as LoadReport;
    expect(report.calls).toBe(30);
    expect(report.serverFollowsClock).toBe(true);
    expect(report.timing).toBe('worker');
    expect(report.httpErrors + report.timeouts + report.connectionErrors + report.invalidTwiml).toBe(0);
    // Every call makes at least its first request and its status callback.
    expect(report.latencyMs.documents.count).toBeGreaterThanOrEqual(30);
    expect(report.latencyMs.callbacks.count).toBe(30);
    const all = report.latencyMs.all;
    expect(all.p50).toBeLessThanOrEqual(all.p95);
    expect(all.p95).toBeLessThanOrEqual(all.p99);
    expect(all.p99).toBeLessThanOrEqual(all.max);
    expect(Object.values(report.endings).reduce((a, b) => a + b, 0)).toBe(30);
    expect(report.service).toMatchObject({ calls: 30, unfinished: 0 });
    expect(report.flowWarning).toBeNull();
  }, 60_000);

  it("reports the service of the calls it drove, equal to the server's own records recomputed", async () => {
    const token = 'load-cli-service-token';
    const { app, base: url } = await listenFollowingEmulator(menu, token);
    try {
      const { code, out, err } = await run(
        ['load', '--scenario', 'midsize-city-menu', '--calls', '24', '--concurrency', '8', '--agents', '2'].concat([
          '--virtual',
          '--url',
          url,
          '--json',
        ]),
        { TWILIO_AUTH_TOKEN: token },
      );
      expect(err).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(out) as LoadReport;
      const records = await app.hotline.store.listRecords();
      expect(records.filter((r) => r.direction === 'inbound')).toHaveLength(24);
      const kpis = new KpiAccumulator();
      for (const r of records) kpis.add(r);
      const expected = kpis.result();
      expect(report.service).toMatchObject({
        calls: 24,
        unfinished: 0,
        offered: expected.offered,
        answered: expected.answered,
        abandoned: expected.abandoned,
        serviceLevel: expected.serviceLevel,
      });
      expect(report.service!.asaSec).toBeCloseTo(expected.asaSec, 9);
      expect(report.service!.offered).toBeGreaterThan(0);
      expect(report.flowWarning).toBeNull();
    } finally {
      await app.close();
    }
  }, 60_000);

  it("warns in one line when the server serves another flow than the scenario's", async () => {
    const token = 'load-cli-flow-token';
    const { app, base: url } = await listenFollowingEmulator(direct, token);
    try {
      const { out, err } = await run(
        ['load', '--scenario', 'midsize-city-menu', '--calls', '3', '--concurrency', '3', '--virtual', '--url', url],
        { TWILIO_AUTH_TOKEN: token },
      );
      expect(err).toBe(
        'warning: the server serves flow "hotline-12345-direct" but the scenario\'s callers follow "hotline-12345-menu"; start the server with --flow hotline-12345-menu\n',
      );
      expect(out).toContain("service, from the server's records of 3 calls");
    } finally {
      await app.close();
    }
  }, 60_000);

  it("still reports latency when the server's records cannot be read, and says why", async () => {
    const token = 'load-cli-no-records-token';
    const { app, base: url } = await listenFollowingEmulator(menu, token, {
      tamper: (server) =>
        server.addHook('onRequest', async (req, reply) => {
          if (req.url.startsWith('/admin/calls')) await reply.code(503).send('records offline');
        }),
    });
    try {
      const { code, out } = await run(
        ['load', '--scenario', 'midsize-city-menu', '--calls', '3', '--concurrency', '3', '--virtual', '--url', url],
        { TWILIO_AUTH_TOKEN: token },
      );
      expect(code).toBe(0);
      expect(out).toMatch(/service: not known, the server's records could not be read \(GET .*answered 503/);
      expect(out).toContain('TwiML documents');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('counts TwiML Twilio would reject and exits 1', async () => {
    const token = 'load-cli-token';
    const { app, base: url } = await listenFollowingEmulator(menu, token, {
      tamper: (server) =>
        server.addHook('onSend', async (req, _reply, payload) =>
          req.url.startsWith('/queue/wait') && typeof payload === 'string'
            ? payload.replace('<Pause', '<Paws')
            : payload,
        ),
    });
    try {
      const { code, out } = await run(
        [
          'load',
          '--scenario',
          'midsize-city-menu',
          '--calls',
          '20',
          '--concurrency',
          '10',
          '--agents',
          '1',
          '--virtual',
          '--url',
          url,
        ],
        { TWILIO_AUTH_TOKEN: token },
      );
      expect(code).toBe(1);
      expect(out).toMatch(/invalid TwiML [1-9]/);
      expect(out).toContain('12200:');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('times on the emulator thread with --timing inline, and refuses another --timing (exit 2)', async () => {
    const inline = await run([
      'load',
      '--scenario',
      'midsize-city-menu',
      '--calls',
      '5',
      '--concurrency',
      '5',
      '--virtual',
      '--timing',
      'inline',
    ]);
    expect(inline.code).toBe(0);
    expect(inline.out).toContain("timed on the emulator's thread");
    const bad = await run(['load', '--scenario', 'midsize-city-menu', '--timing', 'elsewhere']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--timing must be "worker" or "inline", got "elsewhere"');
  }, 60_000);

  it('refuses a non-loopback --url without --allow-remote (exit 2)', async () => {
    const { code, err } = await run(['load', '--scenario', 'midsize-city-menu', '--url', 'http://10.1.2.3:3000'], {
      TWILIO_AUTH_TOKEN: 't',
    });
    expect(code).toBe(2);
    expect(err).toContain('--allow-remote');
  });
});
