import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/**
 * Three days (Wednesday to Friday) of modest demand: 40 calls an hour round the clock, handle 240 s + 30 s wrap-up
 * (3 Erlangs of agent time) on 5 agents; impatient callers who redial, a survey. `agents` sets the pool.
 */
const scenario = (agents: number) => `name: loop (${agents} agents)
flow: none
seed: 7
replications: 10
horizon: { days: 3, start_day: Wed }
demand:
  calls_per_hour: 40
call_types:
  - { name: general, share: 1, skill: general, handle_sec: { dist: lognormal, mean: 240, cv: 0.8 }, acw_sec: { dist: deterministic, value: 30 } }
callers:
  patience_sec: { dist: exponential, mean: 120 }
  redial: { probability: 0.5, delay_sec: { dist: exponential, mean: 600 } }
  survey: { participation: 0.5, ratings: [0.5, 0.3, 0.1, 0.05, 0.05] }
pools:
  - { name: city, pool: in-house, skills: [general], agents: ${agents} }
`;

let dir: string;
const hotline = (args: string[]) => runCli(args, { cwd: dir });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-twin-loop-'));
  writeFileSync(join(dir, 'line.yaml'), scenario(5));
  writeFileSync(join(dir, 'fewer.yaml'), scenario(4));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the twin loop without a live line: simulate --records-out, calibrate, twin', () => {
  it('passes the scenario fitted from the simulated records, and fails the line with 20 % fewer agents', async () => {
    const simulated = await hotline(['simulate', 'line.yaml', '--replications', '1', '--records-out', 'r.csv']);
    expect(simulated.code, simulated.err).toBe(0);
    const calibrated = await hotline(['calibrate', 'r.csv', '--out', 'fitted.yaml']);
    expect(calibrated.code, calibrated.err).toBe(0);

    const fitted = await hotline(['twin', '--scenario', 'fitted.yaml', '--records', 'r.csv', '--json']);
    const twin = JSON.parse(fitted.out);
    const outside = Object.entries(twin.kpis).filter(([, k]) => !(k as { inside: boolean }).inside);
    expect(outside, JSON.stringify(twin.kpis)).toEqual([]);
    expect(fitted.code, fitted.err).toBe(0);
    expect(twin.period).toMatchObject({ days: 3, startDay: 'Wed', from: '2026-01-07T00:00:00.000+08:00' });

    const fewer = await hotline(['twin', '--scenario', 'fewer.yaml', '--records', 'r.csv', '--json']);
    expect(fewer.code, fewer.err).toBe(1);
    const kpis = JSON.parse(fewer.out).kpis;
    expect(kpis.serviceLevel.inside).toBe(false);
    expect(kpis.serviceLevel.actual).toBeGreaterThan(kpis.serviceLevel.high);
  }, 120_000);
});
