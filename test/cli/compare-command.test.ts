import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCompareCommand } from '../../src/cli/compare-command.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-compare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function city(file: string, name: string, agents: number, seed: number, replications: number): void {
  writeFileSync(
    join(dir, file),
    `name: "${name}"
seed: ${seed}
replications: ${replications}
horizon: { calls: 2000 }
demand: { calls_per_hour: 240 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers: { patience_sec: { dist: exponential, mean: 90 } }
pools: [{ name: staff, pool: in-house, skills: [g], agents: ${agents}, cost: { per_agent_year: 80000 } }]
targets: { answer_within_sec: 15, service_level: 0.8, abandon_rate_max: 0.05 }
`,
  );
}
city('big.yaml', 'City, 16 agents', 16, 11, 3);
city('small.yaml', 'City, 11 agents', 11, 99, 5);
city('huge.yaml', 'City, 20 agents', 20, 5, 2);

async function run(args: string[]) {
  const out: string[] = [];
  const program = new Command('hotline').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerCompareCommand(program, {
    stdout: (t) => {
      out.push(t);
    },
    stderr: () => {},
    cwd: dir,
    monotonicMs: () => performance.now(),
    interactive: false,
  });
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
}

describe('hotline compare', () => {
  it("prints one JSON object: seed and replications shared by all, each scenario's kpis and ci, paired differences", async () => {
    const json = JSON.parse(await run(['compare', 'big.yaml', 'small.yaml', '--json']));
    expect(json).toMatchObject({ seed: 11, replications: 5 });
    expect(json.scenarios.map((s: { name: string }) => s.name)).toEqual(['City, 16 agents', 'City, 11 agents']);
    for (const s of json.scenarios) {
      expect(s.kpis.serviceLevel['15']).toBeGreaterThan(0);
      expect(s.ci.serviceLevel['15']).toHaveLength(2);
    }
    const sl = json.differences.find((d: { kpi: string }) => d.kpi === 'serviceLevel.15');
    expect(sl).toMatchObject({ scenario: 'City, 11 agents', baseline: 'City, 16 agents', n: 5, significant: true });
    expect(sl.ci[1]).toBeLessThan(0);
    expect(json.cheapestMeetingTargets).toBe('City, 16 agents');
  });

  it('honours --seed and --replications', async () => {
    const json = JSON.parse(
      await run(['compare', 'big.yaml', 'small.yaml', '--json', '--seed', '3', '--replications', '2']),
    );
    expect(json).toMatchObject({ seed: 3, replications: 2 });
  });

  it('prints a KPI table with Δ columns, significance markers and the cheapest scenario meeting the targets', async () => {
    const text = await run(['compare', 'huge.yaml', 'big.yaml', 'small.yaml', '--replications', '3']);
    expect(text).toContain('A = City, 20 agents');
    expect(text).toContain('C − A [95 % CI]');
    expect(text).toMatch(/answered within 15 s \/ offered .*pts \[.*\] \*/);
    expect(text.trim().split('\n').at(-1)).toMatch(
      /^Cheapest scenario meeting its targets: City, 16 agents, 5,376,000 per year/,
    );
  });

  it('says so when no scenario meets its targets', async () => {
    const text = await run(['compare', 'small.yaml', 'small.yaml', '--replications', '2']);
    expect(text).toContain('B = City, 11 agents (2)');
    expect(text.trim().split('\n').at(-1)).toMatch(/^No scenario meets its targets/);
  });

  it('writes comparison.json, comparison.csv and report.html with --out', async () => {
    await run(['compare', 'big.yaml', 'small.yaml', '--replications', '2', '--out', 'cmp']);
    const json = JSON.parse(readFileSync(join(dir, 'cmp', 'comparison.json'), 'utf8'));
    expect(json.replications).toBe(2);
    const csv = readFileSync(join(dir, 'cmp', 'comparison.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'kpi,label,scenario,mean,ci_low,ci_high,half_width,n,baseline,diff_mean,diff_ci_low,diff_ci_high,significant',
    );
    expect(csv.find((l) => l.startsWith('asaSec,') && l.includes(',"City, 11 agents",'))).toMatch(
      /,"City, 16 agents",[\d.]+,[\d.]+,[\d.]+,true$/,
    );
    const html = readFileSync(join(dir, 'cmp', 'report.html'), 'utf8');
    expect(html).toContain('City, 11 agents');
    expect(html).toContain('id="chart-cost-sl"');
  });

  it('needs two or more scenarios', async () => {
    await expect(run(['compare', 'big.yaml'])).rejects.toMatchObject({ code: 'HOTLINE_OPTION_INVALID' });
  });
});
