import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import twilio from 'twilio';
import { ROOT } from './run-cli.js';

/** `node bin/hotline.js` of this checkout. */
export const BIN = join(ROOT, 'bin', 'hotline.js');

/** A `hotline serve` process that has printed its banner. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** Where it listens, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  /** Everything it wrote on stderr so far. */
  readonly err: () => string;
  /** Resolves with the exit code (null when a signal killed it). */
  readonly exit: Promise<number | null>;
}

/** Children started through `spawnServe`; `killServeProcesses` ends those still running (afterEach). */
const children: ChildProcess[] = [];

/**
 * `hotline serve ARGS` as a real child process with only the environment it
 * needs (PATH, HOME = cwd, and `env`), stdout ignored and stderr collected.
 * `--port 0` is the caller's to pass when it wants a free port.
 */
export function spawnServe(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A process a signal ended has no code: say which signal in its stderr, for the assertion message.
      if (signal) err += `\n[test: the process ended by ${signal}]\n`;
      resolve(code);
    }),
  );
  return { child, err: () => err, exit };
}

/** Starts `hotline serve ARGS` and resolves once it listens (its banner names the URL); rejects if it exits first. */
export function startServe(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const started = spawnServe(args, cwd, env);
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = /serving flow "[^"]+" at (http:\/\/127\.0\.0\.1:\d+)/.exec(started.err());
      if (match) resolve({ ...started, base: match[1]! });
    };
    started.child.stderr!.on('data', look);
    void started.exit.then((code) =>
      reject(new Error(`hotline serve exited (${code}) before listening:\n${started.err()}`)),
    );
  });
}

/** Kills a process with SIGKILL (kill -9) and resolves once it is gone. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGKILLs every serve process a test left running (call from afterEach). */
export function killServeProcesses(): void {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** POSTs a webhook signed as Twilio signs it for a server in local mode (over the server's own URL). */
export async function signedWebhook(
  base: string,
  path: string,
  params: Record<string, string>,
  authToken: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, base + path, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}
