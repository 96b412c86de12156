import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import { buildApp } from '../server/app.js';
import { loadCaseDirectory } from '../server/case-directory.js';
import { EmulatorTime } from '../server/emulator-time.js';
import { systemClock } from '../server/system-clock.js';
import type { CallStore } from '../store/call-store.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import { localTokenFile } from './local-auth-token.js';
import { isLoopbackUrl } from './public-server-safety.js';
import { parseTransferNumbers, SAMPLE_CASES } from './server-config.js';

/** The server a QA command drives: one it started in-process, or one already running. */
export interface TargetServer {
  readonly baseUrl: string;
  /** The URL the server checks signatures against, when not baseUrl. */
  readonly publicUrl?: string;
  readonly authToken: string;
  readonly adminToken: string | null;
  readonly transferNumbers: Readonly<Record<string, string>>;
  /** How it was reached, for the report's first line. */
  readonly description: string;
  /** Process id when the server runs in a child process. */
  readonly pid?: number;
  close(): Promise<void>;
}

/** Flags shared by `hotline test` and `hotline load`. */
export interface TargetFlags {
  readonly url?: string;
  readonly publicUrl?: string;
  readonly allowRemote?: boolean;
  /** In-process only: a SQLite file instead of the memory store. */
  readonly db?: string;
}

/**
 * The Auth Token a local server checks: TWILIO_AUTH_TOKEN, else the local
 * token `hotline serve` keeps in data/local-auth-token of its folder.
 */
export function readAuthToken(env: NodeJS.ProcessEnv, cwd: string, command: string): string {
  if (env.TWILIO_AUTH_TOKEN) return env.TWILIO_AUTH_TOKEN;
  const file = localTokenFile(cwd);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new HotlineError(
      'HOTLINE_AUTH_TOKEN_INVALID',
      `No TWILIO_AUTH_TOKEN and no local token at ${file}; run \`hotline ${command}\` from the folder where \`hotline serve\` runs, or set TWILIO_AUTH_TOKEN.`,
    );
  }
}

/** The `hotline` executable, for a server in its own process. */
const HOTLINE_BIN = fileURLToPath(new URL('../../bin/hotline.js', import.meta.url));

/**
 * Starts `hotline serve --emulator-clock` for a flow in a child process on
 * 127.0.0.1 (a free port), so a load's measurements are not slowed by the
 * emulator sharing the server's event loop. Resolves once it listens.
 */
export function spawnServer(
  flowSpec: string,
  db: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<TargetServer> {
  const authToken = randomBytes(16).toString('hex');
  // A local test server: no admin token (loopback answers), no public URL, no Twilio account to place callbacks with.
  const { HOTLINE_ADMIN_TOKEN: _admin, PUBLIC_URL: _public, TWILIO_ACCOUNT_SID: _account, ...rest } = env;
  const args = [
    HOTLINE_BIN,
    'serve',
    '--flow',
    flowSpec,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--emulator-clock',
    ...(db ? ['--db', db] : ['--memory']),
  ];
  // Its stdout (the request log) is ignored: only warnings and errors are worth writing there.
  return spawnListening(
    args,
    { ...rest, HOTLINE_LOG_LEVEL: rest.HOTLINE_LOG_LEVEL ?? 'warn', TWILIO_AUTH_TOKEN: authToken },
    cwd,
    `\`hotline serve\` for flow "${flowSpec}"`,
  ).then(({ baseUrl, pid, close }) => ({
    baseUrl,
    pid,
    authToken,
    adminToken: null,
    transferNumbers: parseTransferNumbers(env.HOTLINE_TRANSFER_NUMBERS ?? ''),
    description: `a \`hotline serve\` process at ${baseUrl} (${db ? `SQLite ${db}` : 'memory store'})`,
    close,
  }));
}

/**
 * Runs `node ARGS…` and resolves once it logs `serving flow "…" at http://127.0.0.1:PORT`
 * on stderr (as `hotline serve` does); `close` stops it with SIGTERM.
 */
export function spawnListening(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  what: string,
): Promise<{ baseUrl: string; pid: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const fail = (why: string) =>
      reject(new HotlineError('HOTLINE_SERVER_START_FAILED', `Could not start ${what}: ${why}\n${log.slice(-800)}`));
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code) => fail(`it exited with code ${code}`));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      const match = /serving flow "[^"]+" at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (!match) return;
      child.removeAllListeners('exit');
      child.stderr.removeAllListeners('data');
      child.stderr.resume();
      resolve({
        baseUrl: match[1]!,
        pid: child.pid!,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * With --url: a running server (loopback only, unless --allow-remote), signed
 * with its token. Without: a server started here on 127.0.0.1 for the flow,
 * following the emulator's clock, with the sample case directory, on the
 * memory store (or SQLite with --db).
 */
export async function targetServer(
  flags: TargetFlags,
  flow: FlowDefinition,
  env: NodeJS.ProcessEnv,
  cwd: string,
  command: string,
): Promise<TargetServer> {
  const adminToken = env.HOTLINE_ADMIN_TOKEN ?? null;
  const transferNumbers = parseTransferNumbers(env.HOTLINE_TRANSFER_NUMBERS ?? '');
  if (flags.url) {
    const baseUrl = flags.url.replace(/\/+$/, '');
    if (!isLoopbackUrl(baseUrl) && !flags.allowRemote) {
      throw new HotlineError(
        'HOTLINE_REMOTE_URL_REFUSED',
        `--url ${baseUrl} is not a loopback address; \`hotline ${command}\` sends many calls, so pass --allow-remote to target another host on purpose.`,
      );
    }
    const publicUrl = flags.publicUrl?.replace(/\/+$/, '');
    return {
      baseUrl,
      authToken: readAuthToken(env, cwd, command),
      adminToken,
      transferNumbers,
      ...(publicUrl ? { publicUrl } : {}),
      description: `the server at ${baseUrl}`,
      close: async () => undefined,
    };
  }
  const authToken = randomBytes(16).toString('hex');
  const store: CallStore = flags.db ? new SqliteCallStore(flags.db) : new MemoryCallStore();
  const time = new EmulatorTime(systemClock.now);
  const app = await buildApp({
    flow,
    store,
    publicUrl: null,
    authToken,
    clock: time.now,
    lookups: { caseStatus: loadCaseDirectory(SAMPLE_CASES) },
    transferNumbers,
  });
  time.install(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    baseUrl,
    authToken,
    adminToken: null,
    transferNumbers,
    description: `an in-process server at ${baseUrl} (${flags.db ? `SQLite ${flags.db}` : 'memory store'})`,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
