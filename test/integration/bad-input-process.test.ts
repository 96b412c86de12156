import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { aliasBomb, scenarioYaml } from '../fixtures/bad-input-cases.js';
import { busyAndClosedPorts } from '../helpers/ports.js';

/**
 * Bad input through a real `node bin/hotline.js` process: what reaches the
 * terminal is one coded line on stderr, never a stack trace, and the process
 * exits with the documented code instead of hanging.
 */

const BIN = join(ROOT, 'bin/hotline.js');
const dir = mkdtempSync(join(tmpdir(), 'hotline-bad-process-'));
let releasePorts = async (): Promise<void> => undefined;
let busyPort = 0;
let closedPort = 0;

/** Runs the CLI in a child process; kills it (and fails) if it outlives `limitMs`. */
function hotline(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  limitMs = 60_000,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`hotline ${args.join(' ')} still running after ${limitMs} ms: ${err}`));
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
  });
}

function expectOneLine(err: string, code: string): void {
  const lines = err.trimEnd().split('\n');
  expect(lines, err).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^hotline: ${code}: .+`));
  expect(err).not.toMatch(/\n\s+at |node:internal|triggerUncaughtException/);
}

beforeAll(async () => {
  ({ busyPort, closedPort, release: releasePorts } = await busyAndClosedPorts());
  writeFileSync(join(dir, 'bomb.yaml'), aliasBomb());
  writeFileSync(
    join(dir, 'forever.yaml'),
    scenarioYaml({ horizon: { calls: 1_000_000 }, demand: { calls_per_hour: 0.001 } }),
  );
  writeFileSync(
    join(dir, 'huge.yaml'),
    scenarioYaml({ horizon: { days: 3660 }, demand: { calls_per_hour: 1_000_000 }, replications: 10_000 }),
  );
});

afterAll(async () => {
  await releasePorts();
  rmSync(dir, { recursive: true, force: true });
});

describe('node bin/hotline.js, fed bad input', () => {
  it('serve on a port in use: one line naming the port, exit 2', async () => {
    const { code, err } = await hotline(['serve', '--memory', '--port', String(busyPort)]);
    expectOneLine(err, 'HOTLINE_PORT_IN_USE');
    expect(err).toContain(`port ${busyPort}`);
    expect(code).toBe(2);
  }, 60_000);

  it('call --url where no server runs: one line naming the address, exit 2', async () => {
    const { code, err } = await hotline(['call', '--url', `http://127.0.0.1:${closedPort}`, '--keys', '1'], {
      TWILIO_AUTH_TOKEN: 'test-token',
    });
    expectOneLine(err, 'HOTLINE_SERVER_UNREACHABLE');
    expect(err).toContain(`127.0.0.1:${closedPort}`);
    expect(code).toBe(2);
  }, 60_000);

  it('a YAML alias bomb: one line with the file and line, exit 2, no memory blow-up', async () => {
    const { code, err } = await hotline(['simulate', 'bomb.yaml']);
    expectOneLine(err, 'HOTLINE_SCENARIO_INVALID');
    expect(err).toMatch(/bomb\.yaml:\d+: the YAML expands too much/);
    expect(code).toBe(2);
  }, 60_000);

  it('an absurd horizon and an absurd size are refused up front, not run out of memory or time', async () => {
    const forever = await hotline(['simulate', 'forever.yaml'], {}, 30_000);
    expectOneLine(forever.err, 'HOTLINE_RUN_TOO_LARGE');
    expect(forever.code).toBe(2);
    const huge = await hotline(['simulate', 'huge.yaml'], {}, 30_000);
    expectOneLine(huge.err, 'HOTLINE_RUN_TOO_LARGE');
    expect(huge.err).toContain('--max-calls');
    expect(huge.code).toBe(2);
  }, 60_000);

  it('an unknown option: one usage line, exit 2', async () => {
    const { code, err } = await hotline(['simulate', 'bomb.yaml', '--replicatoins', '3']);
    expectOneLine(err, 'HOTLINE_USAGE');
    expect(err).toContain("'--replicatoins'");
    expect(code).toBe(2);
  }, 60_000);
});
