import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerStaffCommand } from '../../src/cli/staff-command.js';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { isHotlineError } from '../../src/errors.js';
import { simulateReplications } from '../../src/planning/parallel-replications.js';
import { loadRunnableScenario } from '../../src/planning/recorded-behaviour.js';
import { checkTargets } from '../../src/planning/target-check.js';

/** Runs `hotline staff …` in-process (main.ts registers the command; here it is registered on a bare program). */
async function run(
  args: string[],
  options: { interactive?: boolean; signal?: AbortSignal; onStderr?: (text: string) => void } = {},
): Promise<{ out: string; err: string; error?: unknown }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('hotline').exitOverride();
  registerStaffCommand(program, {
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
      options.onStderr?.(t);
    },
    cwd: process.cwd(),
    monotonicMs: () => 0,
    interactive: options.interactive ?? false,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out: out.join(''), err: err.join('') };
  } catch (error) {
    return { out: out.join(''), err: err.join(''), error };
  }
}

describe('hotline staff', () => {
  it('prints one JSON object: 24 hours with the Erlang A start, the plan and simulated figures, and totals', async () => {
    const { out, error } = await run(['staff', 'midsize-city-inhouse', '--replications', '2', '--seed', '7', '--json']);
    expect(error).toBeUndefined();
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const plan = JSON.parse(lines[0]!);
    expect(plan).toMatchObject({
      scenario: 'Mid-size city, in-house',
      seed: 7,
      replications: 2,
      analyticModel: 'erlang-a',
      targets: { serviceLevel: 0.8, targetSec: 15, maxAbandonRate: 0.05 },
      pool: { name: 'city-staff', pool: 'in-house', shrinkage: 0.3 },
    });
    expect(plan.hours).toHaveLength(24);
    expect(Object.keys(plan.hours[10]).sort()).toEqual([
      'abandonRate',
      'analytic',
      'callsPerHour',
      'hour',
      'offeredPerDay',
      'onPhone',
      'scheduled',
      'serviceLevel',
      'verdict',
    ]);
    expect(plan.hours[10].serviceLevel.ci).toHaveLength(2);
    for (const key of ['analytic', 'plan', 'analyticDayByDay'])
      expect(Object.keys(plan.totals[key]).sort()).toEqual(['agentHoursPerWeek', 'costPerYear', 'fte']);
    expect(plan.overall.scenario.serviceLevel.mean).toBeGreaterThan(0.8);
    expect(plan.rounds.length).toBeGreaterThanOrEqual(1);
  });

  it('prints an hourly table and totals', async () => {
    const { out } = await run([
      'staff',
      'midsize-city-inhouse',
      '--replications',
      '2',
      '--target',
      '0.8',
      '--within',
      '15',
      '--max-abandon',
      '0.05',
    ]);
    expect(out).toMatch(/hour\s+calls\/h\s+Erlang A\s+scheduled\s+on-phone\s+SL/);
    expect(out).toMatch(/^ {2}10:00\s+466\.8\s+\d+\s+\d+\s+\d+\s+\d+\.\d %/m);
    expect(out).toMatch(/^ {2}plan\s+[\d,]+\s+\d+\.\d\s+[\d,]+$/m);
  });

  it('rejects a service level given in percent, naming the flag', async () => {
    const { error } = await run(['staff', 'midsize-city-inhouse', '--target', '80']);
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_OPTION_INVALID');
    expect((error as Error).message).toContain('--target');
    expect((error as Error).message).toContain('"80"');
  });

  it('rejects a bad --within and --max-abandon', async () => {
    expect(((await run(['staff', 'midsize-city-inhouse', '--within', '0'])).error as Error).message).toContain(
      '--within',
    );
    expect(((await run(['staff', 'midsize-city-inhouse', '--max-abandon', 'lots'])).error as Error).message).toContain(
      '--max-abandon',
    );
  });

  it('stops between rounds when its signal aborts (e.g. Ctrl-C)', async () => {
    const abort = new AbortController();
    const { out, err, error } = await run(['staff', 'midsize-city-inhouse', '--replications', '2', '--seed', '7'], {
      interactive: true,
      signal: abort.signal,
      onStderr: () => abort.abort(new Error('interrupted')),
    });
    expect((error as Error).message).toBe('interrupted');
    expect(err.match(/^round \d+:/gm)).toEqual(['round 1:']);
    expect(out).toBe('');
  }, 60_000);
});

describe('hotline staff with a primary and an overflow pool (midsize-city-hybrid)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-staff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SMALL = ['--replications', '1', '--max-rounds', '3', '--seed', '5'];

  it('plans both pools in --json and writes a scenario that simulate loads and that meets the targets', async () => {
    const out = join(dir, 'plan.yaml');
    const { out: text, error } = await run(['staff', 'midsize-city-hybrid', ...SMALL, '--json', '--out', out]);
    expect(error).toBeUndefined();
    const plan = JSON.parse(text);
    expect(plan.day).toBe('busiest');
    expect(plan.pools.map((p: { name: string }) => p.name)).toEqual(['city-staff', 'vendor-overflow']);
    for (const p of plan.pools) expect(Math.min(...p.agentsByHour)).toBeGreaterThan(0);
    const { scenario } = await loadRunnableScenario(out, dir, SCENARIOS_DIR);
    expect(scenario.pools.map((p) => p.agents_by_hour)).toEqual(
      plan.pools.map((p: { agentsByHour: number[] }) => p.agentsByHour),
    );
    const summary = await simulateReplications(scenario, { seed: 5, replications: 1, workers: 1 });
    expect(checkTargets(summary, scenario.targets).met).toBe(true);
  }, 120_000);

  it('plans a weekday with --day, and a week of weekday shifts with --day all --out', async () => {
    const sun = JSON.parse((await run(['staff', 'midsize-city-hybrid', ...SMALL, '--day', 'sun', '--json'])).out);
    expect(sun.day).toBe('Sun');
    const out = join(dir, 'week.yaml');
    const { out: text, error } = await run([
      'staff',
      'midsize-city-hybrid',
      ...SMALL,
      '--max-rounds',
      '1',
      '--day',
      'all',
      '--out',
      out,
    ]);
    expect(error).toBeUndefined();
    expect(text).toContain('vendor-overflow (outsourced): scheduled agents by hour');
    expect(text).toContain(`plan written to ${out}`);
    const { scenario } = await loadRunnableScenario(out, dir, SCENARIOS_DIR);
    expect(scenario.pools.every((p) => p.shifts !== undefined && p.agents_by_hour === undefined)).toBe(true);
  }, 180_000);

  it('refuses two pools of the same priority sharing skills, naming them, before any simulation', async () => {
    const file = join(dir, 'same-priority.yaml');
    const yaml = readHybrid().replace('priority: 2', 'priority: 1').replace('min_wait_sec: 10 ', 'min_wait_sec: 0 ');
    writeFileSync(file, yaml);
    const { error, out } = await run(['staff', file, '--replications', '1']);
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_PLAN_UNSUPPORTED');
    expect((error as Error).message).toMatch(/"city-staff" and "vendor-overflow" have the same priority/);
    expect(out).toBe('');
  });

  it('rejects a bad --day, --keep and an --out in a missing folder before planning', async () => {
    expect(((await run(['staff', 'midsize-city-hybrid', '--day', 'Monday'])).error as Error).message).toContain(
      '--day',
    );
    expect(((await run(['staff', 'midsize-city-hybrid', '--keep', '70'])).error as Error).message).toContain('--keep');
    const missing = join(dir, 'nowhere', 'plan.yaml');
    const { error } = await run(['staff', 'midsize-city-hybrid', '--out', missing]);
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_OPTION_INVALID');
    expect((error as Error).message).toContain('does not exist');
  });
});

function readHybrid(): string {
  return readFileSync(join(SCENARIOS_DIR, 'midsize-city-hybrid.yaml'), 'utf8');
}
