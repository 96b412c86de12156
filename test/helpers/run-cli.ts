import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** The repository root, the default working folder of CLI runs. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a CLI run may change from the defaults: the repository root, no environment, time 0. */
export interface CliRunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
  readonly monotonicMs?: () => number;
}

/** Runs `hotline ARGS…` in-process with empty stdin; returns the exit code and what it printed. */
export async function runCli(
  args: string[],
  options: CliRunOptions = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
    },
    stdin: Readable.from([]),
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    now: options.now ?? (() => 0),
    monotonicMs: options.monotonicMs ?? (() => 0),
    interactive: false,
  });
  return { code, out: out.join(''), err: err.join('') };
}
