import { CommanderError } from 'commander';
import { isHotlineError, type ErrorCode } from '../errors.js';
import { printable } from './printable.js';

/**
 * Exit codes of `hotline` (README, "Commands"): 0 done; 1 the command ran and
 * found failures (lint errors, diverging replays, failing test paths, load
 * errors); 2 bad input (flags, files, scenario or flow, environment: a port in
 * use, a server not running); 70 a bug in hotline (EX_SOFTWARE of sysexits.h).
 */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 70 } as const;

/** The exit code of a failed run and its line for stderr (none for help and version exits). */
export interface CliFailure {
  readonly line?: string;
  readonly exitCode: number;
}

/** Node's system error fields (`fs`, `net`, `fetch`'s cause). */
interface SystemError {
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly message?: string;
  readonly cause?: unknown;
}

/** A message on one line: newlines and runs of blanks become one space, control characters are escaped. */
export function oneLine(message: string): string {
  return printable(
    message
      .replace(/\s*\n\s*/g, ' | ')
      .replace(/[ \t]+/g, ' ')
      .trim(),
  );
}

const line = (code: ErrorCode | 'HOTLINE_INTERNAL', message: string) => `hotline: ${code}: ${oneLine(message)}`;

/** The system error inside `error` (itself, or the `cause` chain fetch and undici use). */
function systemError(error: unknown): SystemError | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth += 1) {
    const code = (e as SystemError).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return e as SystemError;
    e = (e as SystemError).cause;
  }
  return undefined;
}

const FILE_FIXES: Record<string, string> = {
  ENOENT: 'it does not exist; check the path',
  ENOTDIR: 'a part of the path is a file, not a folder; choose a path under a folder',
  EISDIR: 'it is a folder where a file is needed; name a file',
  EACCES: 'permission denied; choose a path you can write to or fix its permissions',
  EPERM: 'operation not permitted; choose another path',
  EEXIST: 'it already exists as something else; choose another path',
  EROFS: 'the file system is read-only; choose a writable path',
  ENOSPC: 'the disk is full; free space or choose another disk',
  ENAMETOOLONG: 'the path is too long; shorten it',
  EMFILE: 'too many open files; raise the limit (ulimit -n) or open fewer',
};

/** A system error (port, connection, path) as a coded line naming the thing and the fix, or undefined. */
function systemFailure(error: unknown): CliFailure | undefined {
  const e = systemError(error);
  if (!e?.code) return undefined;
  const where =
    e.port !== undefined ? `${e.address ?? e.hostname ?? '127.0.0.1'}:${e.port}` : (e.address ?? e.hostname ?? '');
  switch (e.code) {
    case 'EADDRINUSE':
      return {
        exitCode: EXIT.badInput,
        line: line(
          'HOTLINE_PORT_IN_USE',
          `port ${e.port ?? '?'} on ${e.address ?? 'this host'} is already in use by another process; stop it or choose another port with --port N (or PORT=N; --port 0 picks a free one).`,
        ),
      };
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      if (e.syscall === 'listen' || (e.syscall === 'getaddrinfo' && !(error instanceof TypeError))) {
        return {
          exitCode: EXIT.badInput,
          line: line(
            'HOTLINE_LISTEN_FAILED',
            `cannot listen on ${where || 'the given host'} (${e.code}): the address is not one of this machine's; give --host 127.0.0.1, 0.0.0.0 or an address of this machine.`,
          ),
        };
      }
      return {
        exitCode: EXIT.badInput,
        line: line(
          'HOTLINE_SERVER_UNREACHABLE',
          `cannot reach ${where || 'the server'} (${e.code}): the host name does not resolve; check --url.`,
        ),
      };
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        exitCode: EXIT.badInput,
        line: line(
          'HOTLINE_SERVER_UNREACHABLE',
          `no server answers at ${where || 'the given URL'} (${e.code}); start it (hotline serve) or fix --url.`,
        ),
      };
    default:
      break;
  }
  if (e.syscall === 'listen') {
    return {
      exitCode: EXIT.badInput,
      line: line(
        'HOTLINE_LISTEN_FAILED',
        `cannot listen on ${where || 'the given address'} (${e.code}); ports below 1024 need privileges: choose --port 1024 or above, or --port 0.`,
      ),
    };
  }
  const fix = FILE_FIXES[e.code];
  if (fix) {
    const path = e.path ?? e.dest ?? '(unknown path)';
    return {
      exitCode: EXIT.badInput,
      line: line('HOTLINE_FILE_ACCESS', `cannot ${e.syscall ?? 'use'} ${path} (${e.code}): ${fix}.`),
    };
  }
  return undefined;
}

/** The command named in argv (the first word not an option), for usage hints. */
function commandOf(argv: readonly string[]): string {
  const word = argv.find((a) => !a.startsWith('-'));
  return word && /^[a-z]+$/.test(word) ? ` ${word}` : '';
}

/**
 * Turns anything a command threw into one line `hotline: CODE: what, where,
 * how to fix` and an exit code (see {@link EXIT}): HotlineError → its code,
 * exit 2; commander's usage errors → HOTLINE_USAGE, exit 2; system errors
 * (EADDRINUSE, ECONNREFUSED, ENOENT, ENOTDIR, EACCES…) → a code naming the
 * port, URL or path, exit 2; anything else → HOTLINE_INTERNAL, exit 70, with
 * the stack only when HOTLINE_DEBUG=1 (then as extra lines after the first).
 * Help and version exits give exit 0 and no line.
 */
export function cliFailure(error: unknown, argv: readonly string[], env: NodeJS.ProcessEnv): CliFailure {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0)
      return { exitCode: EXIT.ok };
    if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') {
      return {
        exitCode: EXIT.badInput,
        line: line('HOTLINE_USAGE', `no command given; run hotline --help for the list of commands.`),
      };
    }
    const what = error.message.replace(/^error:\s*/i, '').replace(/\.$/, '');
    return {
      exitCode: EXIT.badInput,
      line: line('HOTLINE_USAGE', `${what}; run hotline${commandOf(argv)} --help for its arguments and options.`),
    };
  }
  if (isHotlineError(error)) {
    return {
      exitCode: error.code === 'HOTLINE_INTERNAL' ? EXIT.internal : EXIT.badInput,
      line: line(error.code, error.message),
    };
  }
  const system = systemFailure(error);
  if (system) return system;
  const e = error as Error | undefined;
  const debug = env.HOTLINE_DEBUG === '1' && e?.stack ? `\n${e.stack}` : '';
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(error);
  return {
    exitCode: EXIT.internal,
    line: `${line('HOTLINE_INTERNAL', `${what} (a bug in hotline; rerun with HOTLINE_DEBUG=1 for the stack trace and report it).`)}${debug}`,
  };
}
