import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return runCli(args, { cwd: dir, monotonicMs: () => performance.now() });
}

describe('hotline simulate', () => {
  it('prints one JSON object with kpis, ci and perf', async () => {
    const { code, out } = await run(['simulate', 'mmc-benchmark', '--replications', '3', '--calls', '20000', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    for (const key of ['offered', 'answered', 'abandoned', 'asaSec', 'abandonRate', 'serviceLevel'])
      expect(json.kpis).toHaveProperty(key);
    expect(json.ci.asaSec).toHaveLength(2);
    expect(json.ci.asaSec[0]).toBeLessThanOrEqual(json.kpis.asaSec);
    expect(json.ci.serviceLevel['20'][1]).toBeGreaterThanOrEqual(json.kpis.serviceLevel['20']);
    expect(json.perf).toMatchObject({ calls: 60000, workers: 1 });
    expect(json.perf.callsPerSec).toBeGreaterThan(0);
  });

  it('gives byte-identical results for the same seed, serial or on worker threads', async () => {
    const strip = (text: string) => {
      const j = JSON.parse(text);
      delete j.perf;
      return JSON.stringify(j);
    };
    const a = await run([
      'simulate',
      'mmc-benchmark',
      '--replications',
      '4',
      '--calls',
      '10000',
      '--seed',
      '42',
      '--json',
    ]);
    const b = await run([
      'simulate',
      'mmc-benchmark',
      '--replications',
      '4',
      '--calls',
      '10000',
      '--seed',
      '42',
      '--json',
    ]);
    const c = await run([
      'simulate',
      'mmc-benchmark',
      '--replications',
      '4',
      '--calls',
      '10000',
      '--seed',
      '42',
      '--json',
      '--workers',
      '2',
    ]);
    const d = await run([
      'simulate',
      'mmc-benchmark',
      '--replications',
      '4',
      '--calls',
      '10000',
      '--seed',
      '43',
      '--json',
    ]);
    expect(strip(a.out)).toBe(strip(b.out));
    expect(strip(c.out)).toBe(strip(a.out));
    expect(strip(d.out)).not.toBe(strip(a.out));
  });

  it('writes summary.json and replications.csv with --out', async () => {
    const { code } = await run([
      'simulate',
      'mmc-benchmark',
      '--replications',
      '2',
      '--calls',
      '8000',
      '--out',
      'report',
    ]);
    expect(code).toBe(0);
    const csv = readFileSync(join(dir, 'report', 'replications.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toContain('abandonRate');
    expect(JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8')).replications).toBe(2);
  });

  it('points at the file, line and field of a scenario mistake', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'name: bad\nhorizon: { calls: 10 }\ndemand: { calls_per_hour: 100 }\ncall_types:\n  - { name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: -3 } }\npools:\n  - { name: a, pool: vendor, skills: [g], agents: 3 }\n',
    );
    const { code, err } = await run(['simulate', 'bad.yaml']);
    expect(code).toBe(2);
    expect(err).toContain('HOTLINE_SCENARIO_INVALID');
    expect(err).toMatch(/bad\.yaml:5:\d+: call_types\[0\]\.handle_sec\.mean/);
    expect(err).toMatch(/bad\.yaml:7:\d+: pools\[0\]\.pool/);
  });

  it('says where it looked for a missing scenario', async () => {
    const { code, err } = await run(['simulate', 'nowhere']);
    expect(code).toBe(2);
    expect(err).toContain('HOTLINE_SCENARIO_NOT_FOUND');
  });
});

describe('hotline simulate --by-hour', () => {
  it('prints a row per busy hour with the target threshold', async () => {
    const { code, out } = await run(['simulate', 'midsize-city-inhouse', '--replications', '2', '--by-hour']);
    expect(code).toBe(0);
    expect(out).toMatch(/hour\s+offered\s+within 15 s\s+abandon\s+ASA/);
    expect(out).toMatch(/\n {2}10:00 +\d/);
    expect(out.split('\n').filter((l) => /^ {2}\d\d:00 /.test(l))).toHaveLength(24);
  });
});
