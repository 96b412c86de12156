import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-contract-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'contracts'));
copyFileSync(resolve('contracts/vendor-a.yaml'), join(dir, 'contracts/vendor-a.yaml'));

/** A one-day vendor line, short enough for a few replications; `agents` decides whether the contract is met. */
function vendor(file: string, agents: number): void {
  writeFileSync(
    join(dir, file),
    `name: "Vendor, ${agents} agents"
seed: 7
replications: 3
horizon: { days: 1 }
demand: { calls_per_hour: 120 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers: { patience_sec: { dist: exponential, mean: 90 }, survey: { participation: 0.5, ratings: [5, 3, 1, 0.5, 0.5] } }
pools: [{ name: vendor-a, pool: outsourced, skills: [g], agents: ${agents}, cost: { per_seat_year: 1000 } }]
contracts: [contracts/vendor-a.yaml]
`,
  );
}
vendor('good.yaml', 12);
vendor('short.yaml', 6);

const run = (args: string[]) => runCli(args, { cwd: dir, monotonicMs: () => performance.now() });

describe('a scenario with a contract', () => {
  it('hotline simulate --json shows staff cost, contract price and contract penalties apart, and the contract per target', async () => {
    const { code, out } = await run(['simulate', 'short.yaml', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const cost = json.kpis.cost;
    // Staff: 6 seats × 1,000 a year; the contract: 6 agents × 24 h a day × 28.8 RMB, a month is 365/12 days.
    expect(cost.staffPerYear).toBeCloseTo(6000, 6);
    expect(cost.contractPricePerYear).toBeCloseTo(6 * 24 * 28.8 * 365, 0);
    expect(cost.contractPenaltyPerYear).toBeGreaterThan(0);
    // Penalties are capped at 10 % of the month's price.
    expect(cost.contractPenaltyPerYear).toBeLessThanOrEqual(cost.contractPricePerYear * 0.1 + 1e-6);
    expect(cost.perYear).toBeCloseTo(
      cost.staffPerYear + cost.contractPricePerYear - cost.contractPenaltyPerYear + cost.penaltyPerYear,
      4,
    );
    const [contract] = json.contracts;
    expect(contract).toMatchObject({ name: 'Vendor A, outsourced answering', pools: ['vendor-a'], period: 'month' });
    expect(contract.note).toMatch(/window \(1 simulated day\) is assessed as one month \(30\.42 days\)/);
    const sl = contract.targets.find((t: { target: string }) => t.target === 'service_level');
    expect(sl).toMatchObject({ min: 0.9, missed: 3, judged: 3 });
    expect(contract.capped).toBe(3);
  });

  it('predicts the same penalties on worker threads (the contract travels with the scenario)', async () => {
    const strip = (text: string) => {
      const j = JSON.parse(text);
      delete j.perf;
      return JSON.stringify(j);
    };
    const serial = await run(['simulate', 'short.yaml', '--json']);
    const workers = await run(['simulate', 'short.yaml', '--json', '--workers', '2']);
    expect(workers.code).toBe(0);
    expect(strip(workers.out)).toBe(strip(serial.out));
  });

  it('hotline simulate prints the cost parts and the contract in its table', async () => {
    const { code, out } = await run(['simulate', 'good.yaml']);
    expect(code).toBe(0);
    expect(out).toMatch(/staff cost per year\s+12,000/);
    expect(out).toMatch(/contract price per year\s+3,027,456/);
    expect(out).toMatch(/contract penalties per year/);
    expect(out).toMatch(
      /Contract Vendor A, outsourced answering \(contracts\/vendor-a\.yaml, pools vendor-a; judged on the point estimate\)/,
    );
    expect(out).toMatch(
      /answered within the target wait \/ offered .*\(target ≥ 90\.0 %\): missed in 0 of 3 replications/,
    );
  });

  it('hotline compare shows the contract rows and each scenario contract, in text, JSON and HTML', async () => {
    const { code, out } = await run(['compare', 'good.yaml', 'short.yaml', '--out', 'cmp']);
    expect(code).toBe(0);
    for (const label of ['staff cost per year', 'contract price per year', 'contract penalties per year'])
      expect(out).toContain(label);
    expect(out).toMatch(/^B: Contract Vendor A/m);
    const json = JSON.parse(readFileSync(join(dir, 'cmp/comparison.json'), 'utf8'));
    expect(json.scenarios[1].contracts[0].penaltyPerPeriod.mean).toBeGreaterThan(0);
    expect(json.differences.find((d: { kpi: string }) => d.kpi === 'cost.contractPenaltyPerYear').mean).toBeGreaterThan(
      0,
    );
    const html = readFileSync(join(dir, 'cmp/report.html'), 'utf8');
    expect(html).toContain('<h2>Contracts</h2>');
    expect(html).toContain('contract penalties per year');
  });

  it('refuses a contract whose group names no pool, naming the scenario and the contract', async () => {
    writeFileSync(
      join(dir, 'other.yaml'),
      readFileSync(join(dir, 'good.yaml'), 'utf8').replace('name: vendor-a', 'name: vendor-b'),
    );
    const { code, err } = await run(['simulate', 'other.yaml']);
    expect(code).not.toBe(0);
    expect(err).toMatch(
      /other\.yaml: contracts\[0\]: contracts\/vendor-a\.yaml covers group vendor-a, but .* pools are vendor-b/,
    );
  });
});
