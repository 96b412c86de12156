import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const cwd = mkdtempSync(join(tmpdir(), 'hotline-outside-repo-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** `hotline simulate mmc-benchmark … --json` as a real process whose working folder is outside the repository. */
async function simulate(workers: number): Promise<{ kpis: unknown; ci: unknown }> {
  // 2000 calls would be refused: the scenario's 60 warm-up minutes need a longer run (about 100 calls a minute).
  const args = [
    join(ROOT, 'bin', 'hotline.js'),
    'simulate',
    'mmc-benchmark',
    '--calls',
    '10000',
    '--replications',
    '2',
    '--workers',
    String(workers),
    '--json',
  ];
  const { stdout } = await run(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { kpis: unknown; ci: unknown };
}

describe('hotline simulate --workers from outside the repository', () => {
  it("finds tsx from hotline's own location and gives the serial run's figures byte for byte", async () => {
    const [parallel, serial] = [await simulate(2), await simulate(1)];
    expect(JSON.stringify(parallel.kpis)).toBe(JSON.stringify(serial.kpis));
    expect(JSON.stringify(parallel.ci)).toBe(JSON.stringify(serial.ci));
  }, 180_000);
});
