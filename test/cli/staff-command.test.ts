import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerStaffCommand } from '../../src/cli/staff-command.js';
import { isHotlineError } from '../../src/errors.js';

/** Runs `hotline staff …` in-process (main.ts registers the command; here it is registered on a bare program). */
async function run(args: string[]): Promise<{ out: string; err: string; error?: unknown }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('hotline').exitOverride();
  registerStaffCommand(program, {
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
    },
    cwd: process.cwd(),
    monotonicMs: () => 0,
    interactive: false,
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
});
