import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { handRecords } from '../helpers/contract-records.js';
import { runCli } from '../helpers/run-cli.js';

/** The hand contract of test/helpers/contract-records.ts as a file; `hourly` adds a price per agent-hour. */
const contractYaml = (hourly: number) => `name: Vendor A
group: vendor-a
price: { fixed_per_month: 1000, per_agent_hour: ${hourly}, per_answered_call: 2 }
targets: { answer_within_sec: 15, service_level_min: 0.8, abandon_rate_max: 0.2 }
penalties:
  service_level: { per_point: 100 }
  abandon_rate: { fixed: 50 }
`;

let dir: string;
const run = (args: string[]) => runCli(['kpis', '--db', 'calls.db', ...args], { cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-contracts-'));
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  for (const r of handRecords()) await store.putRecord(r);
  await store.close();
  writeFileSync(join(dir, 'vendor-a.yaml'), contractYaml(0));
  writeFileSync(join(dir, 'hourly.yaml'), contractYaml(10));
  writeFileSync(join(dir, 'bad.yaml'), 'name: X\ngroup: g\ntargets: { service_level_min: 2 }\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hotline kpis --contract', () => {
  it('--json adds contracts: per period (months in Shanghai) each target, met or missed, penalty and price', async () => {
    const { code, out, err } = await run(['--json', '--contract', 'vendor-a.yaml']);
    expect(code, err).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(['kpis', 'groups', 'window', 'options', 'contracts', 'queuedWithoutGroup']);
    expect(report.queuedWithoutGroup).toBe(1);
    const [c] = report.contracts;
    expect(c).toMatchObject({ name: 'Vendor A', groups: ['vendor-a'], period: 'month', judgeOn: 'point' });
    const [feb, mar] = c.periods;
    expect(feb).toMatchObject({
      contract: 'Vendor A',
      group: 'vendor-a',
      period: '2026-02',
      currency: 'RMB',
      judgeOn: 'point',
      offered: 5,
      answered: 4,
      agentHoursGiven: null,
      price: { fixed: 1000, agentHours: 0, answeredCalls: 8, total: 1008 },
      capped: false,
      payable: 0,
    });
    expect(feb.targets[0]).toMatchObject({ target: 'service_level', met: false, min: 0.8, max: null });
    expect(feb.targets[0].actual).toBeCloseTo(0.4, 12);
    expect(feb.targets[0].penalty).toBeCloseTo(4000, 6);
    expect(feb.targets[0].interval).toHaveLength(2);
    expect(feb.targets[1]).toMatchObject({ target: 'abandon_rate', met: true, penalty: 0 });
    expect(mar).toMatchObject({ period: '2026-03', offered: 4, penalty: 0, payable: 1008 });
    expect(mar.targets.map((t: { met: boolean }) => t.met)).toEqual([true, true]);
  });

  it('leaves the JSON without contracts unchanged', async () => {
    const plain = JSON.parse((await run(['--json'])).out);
    const { contracts, queuedWithoutGroup, ...rest } = JSON.parse(
      (await run(['--json', '--contract', 'vendor-a.yaml'])).out,
    );
    expect([contracts.length, queuedWithoutGroup]).toEqual([1, 1]);
    expect(rest).toEqual(plain);
  });

  it('reports a price per agent-hour as not computable until --agent-hours gives the hours', async () => {
    const unknown = JSON.parse((await run(['--json', '--contract', 'hourly.yaml'])).out).contracts[0];
    expect(unknown.periods[1]).toMatchObject({ price: { agentHours: null, total: null }, payable: null });
    const table = (await run(['--contract', 'hourly.yaml'])).out;
    expect(table).toMatch(/price not computable, .*agent hours unknown .*--agent-hours vendor-a@2026-03=HOURS/);
    const known = await run(['--json', '--contract', 'hourly.yaml', '--agent-hours', 'vendor-a@2026-03=100']);
    expect(JSON.parse(known.out).contracts[0].periods[1]).toMatchObject({
      agentHoursGiven: 100,
      price: { agentHours: 1000, total: 2008 },
      payable: 2008,
    });
  });

  it('adds a contract section to the table, and a second CSV table after an empty line to --csv', async () => {
    const table = await run(['--contract', 'vendor-a.yaml']);
    expect(table.out).toMatch(/\nContract Vendor A \(groups vendor-a; per month; judged on the point estimate\)\n/);
    expect(table.out).toMatch(
      /2026-02 vendor-a: offered 5, answered 4\n.*40\.0 % \[11\.8–76\.9\] \(target ≥ 80\.0 %\): MISSED/,
    );
    expect(table.out).toMatch(/1 queued call\(s\) have no agent group/);
    const csv = await run(['--csv', '--contract', 'vendor-a.yaml']);
    const [kpiPart, contractPart] = csv.out.split('\n\n');
    expect(parse(kpiPart!, { columns: true })).toHaveLength(1);
    const rows = parse(contractPart!, { columns: true }) as Record<string, string>[];
    // One row per period and target; the period's money (penalty, payable) repeated on each of its rows.
    expect(rows.map((r) => [r.period, r.target, r.met, Math.round(Number(r.targetPenalty)), r.penalty])).toEqual([
      ['2026-02', 'service_level', 'false', 4000, '4000'],
      ['2026-02', 'abandon_rate', 'true', 0, '4000'],
      ['2026-03', 'service_level', 'true', 0, '0'],
      ['2026-03', 'abandon_rate', 'true', 0, '0'],
    ]);
  });

  it.each([
    [['--contract', 'bad.yaml'], /HOTLINE_CONTRACT_INVALID: bad\.yaml:3:\d+: targets\.service_level_min/],
    [['--contract', 'missing.yaml'], /HOTLINE_CONTRACT_INVALID: missing\.yaml: cannot read/],
    [['--agent-hours', 'vendor-a=100'], /HOTLINE_OPTION_INVALID: --agent-hours must be GROUP@PERIOD=HOURS/],
  ])('refuses %j with exit 2 and a coded line', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out + err).toMatch(message);
  });
});
