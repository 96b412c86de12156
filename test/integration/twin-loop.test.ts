import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { twinScenarioYaml } from '../helpers/twin-records.js';

/**
 * Three days (Wednesday to Friday) of modest demand: 40 calls an hour round the clock, handle 240 s + 30 s wrap-up
 * (3 Erlangs of agent time) on 5 agents; impatient callers who redial, a survey. `agents` sets the pool.
 */
const scenario = (agents: number) =>
  twinScenarioYaml(agents, {
    name: 'loop',
    replications: 10,
    days: 3,
    startDay: 'Wed',
    callsPerHour: 40,
    handleMeanSec: 240,
  });

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
