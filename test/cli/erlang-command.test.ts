import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerErlangCommand } from '../../src/cli/erlang-command.js';
import { isHotlineError } from '../../src/errors.js';

/** Runs `hotline …` in-process, as main does, and returns what it printed. */
async function hotline(...argv: string[]): Promise<{ out: string; error?: unknown }> {
  const out: string[] = [];
  const program = new Command('hotline')
    .exitOverride()
    .configureOutput({ writeOut: (t) => out.push(t), writeErr: (t) => out.push(t) });
  registerErlangCommand(program, {
    stdout: (t) => {
      out.push(t);
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { out: out.join('') };
  } catch (error) {
    return { out: out.join(''), error };
  }
}

async function json(...argv: string[]): Promise<Record<string, unknown>> {
  const { out, error } = await hotline(...argv, '--json');
  expect(error).toBeUndefined();
  expect(out.trim().split('\n')).toHaveLength(1);
  return JSON.parse(out) as Record<string, unknown>;
}

describe('hotline erlang', () => {
  it('b --json: blocking at 10 Erlang on 17 lines, inputs echoed', async () => {
    const r = await json('erlang', 'b', '--rate', '200', '--aht', '180', '--agents', '17');
    expect(r).toMatchObject({ model: 'b', callsPerHour: 200, ahtSec: 180, agents: 17, offeredErlangs: 10 });
    expect(r.blocking).toBeCloseTo(0.012949, 6);
    expect(r.occupancy).toBeCloseTo((10 * (1 - 0.012949)) / 17, 6);
    expect(Object.keys(r)).not.toContain('pWait');
  });

  it('c --json: C1 (200 calls/h, AHT 180 s, 14 agents, 20 s)', async () => {
    const r = await json('erlang', 'c', '--rate', '200', '--aht', '180', '--agents', '14', '--target', '20');
    expect(r).toMatchObject({ model: 'c', callsPerHour: 200, ahtSec: 180, agents: 14, targetSec: 20, stable: true });
    expect(r.pWait).toBeCloseTo(0.174132, 6);
    expect(r.asaSec).toBeCloseTo(7.84, 2);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(r.occupancy).toBeCloseTo(0.714286, 6);
    expect(Object.keys(r)).not.toContain('pAbandon');
  });

  it('c --json: an overloaded queue prints stable false and null for the infinite ASA', async () => {
    const r = await json('erlang', 'c', '--rate', '200', '--aht', '180', '--agents', '10');
    expect(r).toMatchObject({ stable: false, pWait: 1, asaSec: null, serviceLevel: 0, targetSec: 20 });
  });

  it('a --json: A1 (patience 300 s)', async () => {
    const r = await json(
      'erlang',
      'a',
      '--rate',
      '200',
      '--aht',
      '180',
      '--agents',
      '14',
      '--patience',
      '300',
      '--target',
      '20',
    );
    expect(r).toMatchObject({
      model: 'a',
      callsPerHour: 200,
      ahtSec: 180,
      agents: 14,
      patienceSec: 300,
      targetSec: 20,
    });
    expect(r.pWait).toBeCloseTo(0.14526, 5);
    expect(r.pAbandon).toBeCloseTo(0.013984, 6);
    expect(r.asaSec).toBeCloseTo(4.195, 3);
    expect(r.occupancy).toBeCloseTo(0.704297, 6);
    expect(r.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(Object.keys(r)).not.toContain('blocking');
  });

  it('a --lines adds the blocking', async () => {
    const r = await json(
      'erlang',
      'a',
      '--rate',
      '200',
      '--aht',
      '180',
      '--agents',
      '14',
      '--patience',
      '300',
      '--lines',
      '16',
    );
    expect(r.lines).toBe(16);
    expect(r.blocking).toBeGreaterThan(0);
  });

  it('prints an aligned table without --json', async () => {
    const { out } = await hotline('erlang', 'c', '--rate', '200', '--aht', '180', '--agents', '14');
    expect(out).toContain('Erlang C');
    const rows = out.trimEnd().split('\n').slice(1);
    expect(rows).toContain('  must wait         17.41 %');
    expect(rows).toContain('  answered in 20 s  88.84 %');
    // every value starts in the same column
    const valueColumns = rows.map((row) => row.slice(2).search(/ {2}\S/));
    expect(new Set(valueColumns).size).toBe(1);
  });

  it('rejects a bad flag with HOTLINE_OPTION_INVALID naming it', async () => {
    const { error } = await hotline('erlang', 'c', '--rate', '200', '--aht', '180', '--agents', '2.5');
    expect(isHotlineError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'HOTLINE_OPTION_INVALID',
      message: expect.stringContaining('--agents must be a whole number'),
    });
  });

  it('requires --patience for Erlang A', async () => {
    const { error } = await hotline('erlang', 'a', '--rate', '200', '--aht', '180', '--agents', '14');
    expect(error).toMatchObject({
      code: 'HOTLINE_OPTION_INVALID',
      message: expect.stringContaining('--patience is required'),
    });
  });

  it('rejects a zero rate and too few lines', async () => {
    expect((await hotline('erlang', 'b', '--rate', '0', '--aht', '180', '--agents', '3')).error).toMatchObject({
      message: expect.stringContaining('--rate must be a number greater than 0'),
    });
    expect(
      (
        await hotline(
          'erlang',
          'a',
          '--rate',
          '200',
          '--aht',
          '180',
          '--agents',
          '14',
          '--patience',
          '300',
          '--lines',
          '9',
        )
      ).error,
    ).toMatchObject({ message: expect.stringContaining('--lines must be a whole number from --agents (14)') });
  });

  it('leaves unknown flags to commander', async () => {
    const { error } = await hotline(
      'erlang',
      'c',
      '--rate',
      '200',
      '--aht',
      '180',
      '--agents',
      '14',
      '--patience',
      '300',
    );
    expect(error).toBeInstanceOf(CommanderError);
  });
});
