import { Command, CommanderError } from 'commander';
import { isHotlineError } from '../errors.js';
import { runCall } from './call-command.js';
import { registerErlangCommand } from './erlang-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerStaffCommand } from './staff-command.js';
import { registerAnalyzeCommand } from './analyze-command.js';
import { registerReplayCommand } from './replay-command.js';
import { registerLintCommand } from './lint-command.js';
import { registerTestCommand } from './test-command.js';
import { registerLoadCommand } from './load-command.js';
import { shippedFlows } from '../scenario/load-flow.js';
import { serveSettings } from './server-config.js';
import { startServer } from './serve-command.js';

/** What the CLI touches outside itself; injected so tests run it in-process. */
export interface CliDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now: () => number;
  /** Monotonic milliseconds (performance figures only). */
  readonly monotonicMs: () => number;
  /** True when stderr is a terminal. */
  readonly interactive: boolean;
}

/** Builds the `hotline` command. `onServe` receives the running server (tests close it). */
export function createCli(deps: CliDeps, result: { code: number; server?: { close(): Promise<void> } }): Command {
  const program = new Command('hotline')
    .description('12345 hotline testbed: IVR flows as XState machines, served live through Twilio webhooks')
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .exitOverride();

  program
    .command('serve')
    .description('answer Twilio voice webhooks with a flow (POST /voice), queue callers, hand them to agents')
    .option('--flow <name|path>', 'flow name in flows/ or a file path', 'hotline-12345-direct')
    .option('--port <n>', 'port to listen on (env PORT)', undefined)
    .option('--host <addr>', 'address to bind (env HOST)', undefined)
    .option('--db <file>', 'SQLite file for calls, agents and records (env HOTLINE_DB)', undefined)
    .option('--memory', 'keep everything in memory instead of SQLite')
    .option('--public-url <url>', 'URL Twilio calls this server at (env PUBLIC_URL)')
    .option('--cases <file>', 'JSON case directory for the case-status lookup')
    .option('--overflow-after <sec|never>', 'seconds in the in-house queue before overflow to outsourced', undefined)
    .option('--callback-delay <sec>', 'seconds before a booked callback is placed', undefined)
    .option('--callback-retention <sec>', 'seconds after its due time a callback number is erased, placed or not (env HOTLINE_CALLBACK_RETENTION_SEC; default 86400)', undefined)
    .option('--recordings <dir>', 'folder for Media Streams recordings, WAV + JSON (env HOTLINE_RECORDINGS; default data/recordings)')
    .option('--insecure-skip-signature', 'DEVELOPMENT ONLY: accept unsigned webhooks (env HOTLINE_INSECURE_SKIP_SIGNATURE=1)')
    .option('--log-level <level>', 'request and error log on stdout: trace, debug, info, warn, error, fatal or silent (env HOTLINE_LOG_LEVEL; default info)')
    .option('--emulator-clock', 'LOCAL TESTS ONLY: follow the time the Twilio emulator sends, so `hotline test`/`hotline load` run queues in virtual time (env HOTLINE_EMULATOR_CLOCK=1)')
    .action(async (flags) => {
      const settings = serveSettings(flags, deps.env, deps.cwd);
      try {
        result.server = await startServer(settings, (line) => deps.stderr(`${line}\n`), deps.cwd, { destination: { write: (line) => deps.stdout(line) }, terminal: deps.interactive });
      } catch (error) {
        // Another server holds the database: exit 2, so a supervisor can tell "already running" from a failure.
        if (!isHotlineError(error) || error.code !== 'HOTLINE_STORE_LOCKED') throw error;
        deps.stderr(`hotline: ${error.code}: ${error.message}\n`);
        result.code = 2;
      }
    });

  program
    .command('call')
    .argument('[flow]', 'flow name or path (in-process mode)')
    .description('a terminal softphone: hear each prompt, press keys, wait in the queue, talk to a bot agent, rate the call')
    .option('--url <base>', 'call a running `hotline serve` instead of running the flow in-process')
    .option('--public-url <url>', 'the PUBLIC_URL the server checks signatures against (default: --url)')
    .option('--keys <list>', 'scripted answers, comma-separated (empty = no input; "say …" = speech)')
    .option('--from <number>', 'caller number', '+8613800138000')
    .option('--agent-after <sec>', 'seconds of waiting before the bot agent answers', '20')
    .option('--talk <sec>', 'seconds the bot agent talks (default: 180 on a virtual clock, 20 against a server on real time)')
    .option('--allow-remote', 'allow --url on a non-loopback host')
    .option('--allow-agents', 'with --url: call a server that has active agents of its own (a test caller waits in their queues)')
    .action(async (flow: string | undefined, flags) => {
      result.code = await runCall(flow, flags, { stdin: deps.stdin, out: (line) => deps.stdout(`${line}\n`), env: deps.env, cwd: deps.cwd, now: deps.now });
    });

  program
    .command('flows')
    .description('list the shipped flows')
    .action(() => {
      for (const name of shippedFlows()) deps.stdout(`${name}\n`);
    });
  registerErlangCommand(program, deps);
  registerSimulateCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd, monotonicMs: deps.monotonicMs, interactive: deps.interactive });
  registerAnalyzeCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd }, result);
  registerReplayCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd, env: deps.env, now: deps.now }, result);
  registerLintCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd }, result);
  registerTestCommand(program, { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, cwd: deps.cwd, now: deps.now, monotonicMs: deps.monotonicMs }, result);
  registerLoadCommand(program, { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, cwd: deps.cwd, now: deps.now }, result);
  registerStaffCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd, monotonicMs: deps.monotonicMs, interactive: deps.interactive });
  registerCompareCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd, monotonicMs: deps.monotonicMs, interactive: deps.interactive });
  return program;
}

/** Runs the CLI; returns the exit code. A server started by `serve` keeps the process alive. */
export async function main(argv: readonly string[], deps?: Partial<CliDeps>): Promise<number> {
  const full: CliDeps = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: Date.now,
    monotonicMs: () => performance.now(),
    interactive: Boolean(process.stderr.isTTY),
    ...deps,
  };
  const result: { code: number; server?: { close(): Promise<void> } } = { code: 0 };
  try {
    await createCli(full, result).parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isHotlineError(error)) {
      full.stderr(`hotline: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
