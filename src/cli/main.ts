import { Command } from 'commander';
import { cliFailure, EXIT, type CliFailure } from './cli-error.js';
import { printable } from './printable.js';
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
import { registerImportCommand } from './import-command.js';
import { registerExportCommand } from './export-command.js';
import { registerKpisCommand } from './kpis-command.js';
import { registerTwinCommand } from './twin-command.js';
import { registerCalibrateCommand } from './calibrate-command.js';
import { shippedFlows } from '../scenario/load-flow.js';
import { serveSettings } from './server-config.js';
import { startServer } from './serve-command.js';
import { shutdownOnSignal, type SignalHost } from './shutdown-on-signal.js';

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
  /** Signals `serve` stops on and how it exits then; without it (in-process tests) no handler is installed. */
  readonly signals?: SignalHost;
}

/** The server a command left running (tests close it). */
type Served = { close(): Promise<unknown> };

/** The real process's signals and exit. */
const PROCESS_SIGNALS: SignalHost = {
  on: (signal, listener) => process.on(signal, listener),
  off: (signal, listener) => process.off(signal, listener),
  exit: (code) => process.exit(code),
};

/** Builds the `hotline` command. `onServe` receives the running server (tests close it). */
export function createCli(deps: CliDeps, result: { code: number; server?: Served }): Command {
  const program = new Command('hotline')
    .description('12345 hotline testbed: IVR flows as XState machines, served live through Twilio webhooks')
    // Commander's own error text is dropped: main() prints every failure as one coded line.
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr, outputError: () => undefined })
    .exitOverride();

  /** serve and console take the same options and start the same server (console: the banner leads to /console). */
  const serveCommand = (name: 'serve' | 'console', description: string) => {
    const command = program
      .command(name)
      .description(description)
      .option('--flow <name|path>', 'flow name in flows/ or a file path', 'hotline-12345-direct')
      .option('--port <n>', 'port to listen on (env PORT)', undefined)
      .option('--host <addr>', 'address to bind (env HOST)', undefined)
      .option('--db <file>', 'SQLite file for calls, agents and records (env HOTLINE_DB)', undefined)
      .option('--memory', 'keep everything in memory instead of SQLite')
      .option('--public-url <url>', 'URL Twilio calls this server at (env PUBLIC_URL)')
      .option('--cases <file>', 'JSON case directory for the case-status lookup')
      .option('--overflow-after <sec|never>', 'seconds in the in-house queue before overflow to outsourced', undefined)
      .option('--callback-delay <sec>', 'seconds before a booked callback is placed', undefined)
      .option(
        '--callback-retention <sec>',
        'seconds after its due time a callback number is erased, placed or not (env HOTLINE_CALLBACK_RETENTION_SEC; default 86400)',
        undefined,
      )
      .option(
        '--redial-window-hours <h>',
        "hours after an abandoned call within which the caller's next call is a redial (record's attempt; default 24)",
        undefined,
      )
      .option(
        '--pool-groups <list>',
        'agent group behind each pool\'s queues, e.g. "in-house=City team,outsourced=Contractor A" (default: the pool names)',
        undefined,
      )
      .option(
        '--wrap-up-limit-sec <sec>',
        "seconds of an agent's after-call work counted at most in handle time; the after-call menu waits this long for a key (default 120)",
        undefined,
      )
      .option('--tz <zone>', "the hotline's IANA time zone: GET /admin/live's today (default Asia/Shanghai)")
      .option(
        '--day-start-hour <h>',
        "local hour the hotline's day starts at, 0-23: GET /admin/live's today (default 0)",
      )
      .option('--live-clients <n>', 'wallboards GET /admin/live serves at once, 1-1000 (default 16)')
      .option(
        '--recordings <dir>',
        'folder for Media Streams recordings, WAV + JSON (env HOTLINE_RECORDINGS; default data/recordings)',
      )
      .option(
        '--insecure-skip-signature',
        'DEVELOPMENT ONLY: accept unsigned webhooks (env HOTLINE_INSECURE_SKIP_SIGNATURE=1)',
      )
      .option(
        '--log-level <level>',
        'request and error log on stdout: trace, debug, info, warn, error, fatal or silent (env HOTLINE_LOG_LEVEL; default info)',
      )
      .option(
        '--emulator-clock',
        'LOCAL TESTS ONLY: follow the time the Twilio emulator sends, so `hotline test`/`hotline load` run queues in virtual time (env HOTLINE_EMULATOR_CLOCK=1)',
      )
      .option('--scenarios <dir>', "the planner workspace's scenarios folder (default scenarios)")
      .option(
        '--contract <file>',
        "a contract (YAML) the wallboard holds its group's day against; repeat for several",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        '--expect <scenario>',
        "a (calibrated) scenario: the wallboard sets today's calls per hour beside its expectation",
      )
      .action(async (flags) => {
        const settings = serveSettings(flags, deps.env, deps.cwd);
        // Another server holding the database (HOTLINE_STORE_LOCKED) exits 2 like every coded error, so a supervisor
        // can tell "already running" from a crash (exit 70).
        const log = (line: string): void => deps.stderr(`${line}\n`);
        const starting = startServer(settings, log, deps.cwd, {
          destination: { write: (line) => deps.stdout(line) },
          terminal: deps.interactive,
        });
        // SIGTERM/SIGINT: a graceful stop and exit 0 (README, Running in production). The handlers go in before the
        // server starts: a signal with no handler kills the process at once, whatever JavaScript is doing, so one
        // arriving while the banner prints would cut the start half-way. A signal during start-up waits for the
        // start, then stops the server gracefully (or reports the start's own failure).
        const removeHandlers = deps.signals
          ? shutdownOnSignal(
              async () => (await starting).close(),
              deps.signals,
              log,
              (error) => {
                const failure = cliFailure(error, ['serve'], deps.env);
                if (failure.line !== undefined) log(failure.line);
                return failure.exitCode || EXIT.internal;
              },
            )
          : undefined;
        try {
          const running = await starting;
          result.server = running;
          if (name === 'console')
            log(
              `hotline console: open ${running.url}/console in a browser (${settings.adminToken ? 'sign in with HOTLINE_ADMIN_TOKEN' : 'on this machine no token is needed'}).`,
            );
        } catch (error) {
          removeHandlers?.();
          throw error;
        }
      });
    return command;
  };
  serveCommand(
    'serve',
    'answer Twilio voice webhooks with a flow (POST /voice), queue callers, hand them to agents; the web console at /console',
  );
  serveCommand(
    'console',
    'the web console for planners with no live line: the same local server as serve (127.0.0.1, no Twilio), opened at /console',
  );

  program
    .command('call')
    .argument('[flow]', 'flow name or path (in-process mode)')
    .description(
      'a terminal softphone: hear each prompt, press keys, wait in the queue, talk to a bot agent, rate the call',
    )
    .option('--url <base>', 'call a running `hotline serve` instead of running the flow in-process')
    .option('--public-url <url>', 'the PUBLIC_URL the server checks signatures against (default: --url)')
    .option('--keys <list>', 'scripted answers, comma-separated (empty = no input; "say …" = speech)')
    .option('--from <number>', 'caller number', '+8613800138000')
    .option('--agent-after <sec>', 'seconds of waiting before the bot agent answers', '20')
    .option(
      '--talk <sec>',
      'seconds the bot agent talks (default: 180 on a virtual clock, 20 against a server on real time)',
    )
    .option('--allow-remote', 'allow --url on a non-loopback host')
    .option(
      '--allow-agents',
      'with --url: call a server that has active agents of its own (a test caller waits in their queues)',
    )
    .action(async (flow: string | undefined, flags) => {
      result.code = await runCall(flow, flags, {
        stdin: deps.stdin,
        out: (line) => deps.stdout(`${line}\n`),
        env: deps.env,
        cwd: deps.cwd,
        now: deps.now,
      });
    });

  program
    .command('flows')
    .description('list the shipped flows')
    .action(() => {
      for (const name of shippedFlows()) deps.stdout(`${name}\n`);
    });
  registerErlangCommand(program, deps);
  registerKpisCommand(program, {
    stdout: deps.stdout,
    stderr: deps.stderr,
    env: deps.env,
    cwd: deps.cwd,
    now: deps.now,
  });
  registerCalibrateCommand(program, { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, cwd: deps.cwd });
  registerSimulateCommand(program, {
    stdout: deps.stdout,
    stderr: deps.stderr,
    cwd: deps.cwd,
    monotonicMs: deps.monotonicMs,
    interactive: deps.interactive,
  });
  registerAnalyzeCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd }, result);
  registerReplayCommand(
    program,
    { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd, env: deps.env, now: deps.now },
    result,
  );
  registerLintCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd }, result);
  registerTestCommand(
    program,
    {
      stdout: deps.stdout,
      stderr: deps.stderr,
      env: deps.env,
      cwd: deps.cwd,
      now: deps.now,
      monotonicMs: deps.monotonicMs,
    },
    result,
  );
  registerLoadCommand(
    program,
    { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, cwd: deps.cwd, now: deps.now },
    result,
  );
  registerStaffCommand(program, {
    stdout: deps.stdout,
    stderr: deps.stderr,
    cwd: deps.cwd,
    monotonicMs: deps.monotonicMs,
    interactive: deps.interactive,
  });
  registerCompareCommand(program, {
    stdout: deps.stdout,
    stderr: deps.stderr,
    cwd: deps.cwd,
    monotonicMs: deps.monotonicMs,
    interactive: deps.interactive,
  });
  registerTwinCommand(
    program,
    {
      stdout: deps.stdout,
      stderr: deps.stderr,
      env: deps.env,
      cwd: deps.cwd,
      monotonicMs: deps.monotonicMs,
      interactive: deps.interactive,
    },
    result,
  );
  registerImportCommand(program, { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, cwd: deps.cwd });
  registerExportCommand(program, { stdout: deps.stdout, stderr: deps.stderr, cwd: deps.cwd });
  return program;
}

/**
 * Runs the CLI; returns the exit code (0 ok, 1 findings, 2 bad input, 70 a
 * bug: see `EXIT`). This is the one place a failure becomes output: whatever
 * a command throws is printed as one line `hotline: CODE: message` on stderr
 * (see `cliFailure`), never a stack trace. Everything the CLI prints passes
 * through `printable`, so control characters from data (scenario names, flow
 * titles, file names) cannot drive the terminal. A server started by `serve`
 * keeps the process alive.
 */
export async function main(argv: readonly string[], deps?: Partial<CliDeps>): Promise<number> {
  const raw: CliDeps = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: Date.now,
    monotonicMs: () => performance.now(),
    interactive: Boolean(process.stderr.isTTY),
    signals: PROCESS_SIGNALS,
    ...deps,
  };
  const full: CliDeps = {
    ...raw,
    stdout: (text) => raw.stdout(printable(text, true)),
    stderr: (text) => raw.stderr(printable(text, true)),
  };
  const result: { code: number; server?: Served } = { code: 0 };
  try {
    const program = createCli(full, result);
    if (argv.length === 0) {
      // No command: the list of commands on stdout, and the failure as one line like any other.
      full.stdout(program.helpInformation());
      raw.stderr(
        'hotline: HOTLINE_USAGE: no command given; pick one of the commands above (hotline COMMAND --help for its options).\n',
      );
      return EXIT.badInput;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    await result.server?.close().catch(() => undefined);
    const failure = cliFailure(error, argv, raw.env);
    if (failure.line !== undefined) raw.stderr(`${failure.line}\n`);
    return failure.exitCode;
  }
}

/** The line and exit code for an error that escaped `main` (an unhandled rejection in bin/hotline.js). */
export function fatalFailure(error: unknown, env: NodeJS.ProcessEnv): CliFailure {
  return cliFailure(error, [], env);
}
