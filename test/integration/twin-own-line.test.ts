/**
 * Issue 14, item 4: the twin proven on our own line. The scenario test/fixtures/scenarios/twin-own-line.yaml (two
 * days, an hourly profile, an in-house team and a contractor taking overflow after 20 s, lognormal handle, after-call
 * work and patience, redials, the direct flow with its survey) is simulated for its arrivals; they are driven live
 * through the real server (SQLite file, loopback HTTP, the emulator's virtual clock: no wall-clock figure is
 * asserted); `hotline calibrate` fits a scenario from the server's store, and `hotline twin` sets the store's KPIs
 * beside that scenario's prediction. Both tables are in the README ("The twin on our own line").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { driveOwnLine, type OwnLineRun, parameterRows } from '../helpers/own-line.js';
import { runCli } from '../helpers/run-cli.js';

const SCENARIO = 'test/fixtures/scenarios/twin-own-line.yaml';
/** Hours where agents on duty are compared: those with demand (08:00-19:00), where the twin needs them right. */
const DEMAND_HOURS = Array.from({ length: 11 }, (_, i) => 8 + i);

let dir: string;
let run: OwnLineRun;
let fitted: Record<string, unknown>;
let twin: {
  code: number;
  json: { inside: boolean; kpis: Record<string, { actual: number; low: number; high: number; inside: boolean }> };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-twin-own-line-'));
  run = await driveOwnLine(SCENARIO, dir);
  const calibrated = await runCli(
    ['calibrate', 'line.db', '--flow', 'hotline-12345-direct', '--out', 'calibrated.yaml', '--json'],
    { cwd: dir },
  );
  expect(calibrated.code, calibrated.err).toBe(0);
  fitted = JSON.parse(calibrated.out).fitted;
  const judged = await runCli(
    ['twin', '--scenario', 'calibrated.yaml', '--records', 'line.db', '--replications', '40', '--json'],
    { cwd: dir },
  );
  twin = { code: judged.code, json: JSON.parse(judged.out) };
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the twin on our own line (two days driven live, calibrated, judged)', { timeout: 300_000 }, () => {
  it('drives every call through the server without an HTTP or TwiML error, redials included', () => {
    const r = run.report;
    expect(r.httpErrors + r.timeouts + r.connectionErrors + r.invalidTwiml).toBe(0);
    expect(run.firstCalls).toBeGreaterThan(450);
    const redials = run.records.filter((c) => c.attempt > 1);
    expect(redials.length).toBeGreaterThan(10);
    expect(run.records).toHaveLength(run.firstCalls + redials.length);
  });

  it('fits every parameter within its stated tolerance of the generating scenario', () => {
    const { scenario: calibrated } = loadScenario(join(dir, 'calibrated.yaml'), dir, dir);
    const rows = parameterRows(run.scenario, fitted, calibrated, DEMAND_HOURS);
    for (const row of rows)
      expect(
        row.within,
        `${row.name}: fitted ${row.fitted}, true ${row.truth}; ${JSON.stringify(fitted.agentsOnDuty)}`,
      ).toBe(true);
  });

  it('puts every KPI inside its prediction interval: twin exits 0', () => {
    expect(twin.json.inside, JSON.stringify(twin.json.kpis)).toBe(true);
    expect(twin.code).toBe(0);
  });

  it("needs the agent line's 10 s look at the queues (poll_sec): without it the twin answers too soon", async () => {
    const text = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    expect(text.match(/poll_sec: 10/g)).toHaveLength(2);
    writeFileSync(join(dir, 'no-poll.yaml'), text.replaceAll(/\n\s*poll_sec: 10/g, ''));
    const judged = await runCli(
      ['twin', '--scenario', 'no-poll.yaml', '--records', 'line.db', '--replications', '40', '--json'],
      { cwd: dir },
    );
    expect(judged.code).toBe(1);
    const asa = JSON.parse(judged.out).kpis.asaSec;
    expect(asa.actual).toBeGreaterThan(asa.high);
  });
});
