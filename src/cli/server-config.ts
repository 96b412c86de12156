import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseKpiQuery } from '../store/kpi-query.js';
import { HotlineError } from '../errors.js';
import { DEFAULT_LIVE_CLIENTS } from '../server/routes/admin-live.js';
import { DEFAULT_REDIAL_WINDOW_SEC } from '../server/services/call-progression.js';
import type { AgentPool } from '../record/call-record.js';
import { E164 } from '../server/services/e164.js';
import { DEFAULT_WRAP_UP_LIMIT_SEC } from '../server/services/agent-states.js';
import { LOG_LEVELS, type LogLevel } from '../server/server-log.js';
import { FLOWS_DIR } from '../scenario/load-flow.js';
import { canonicalPath } from './canonical-path.js';
import { localTokenFile, readOrCreateLocalToken } from './local-auth-token.js';
import { checkPublicServerSafety, checkUnsignedServer } from './public-server-safety.js';

/** Where `hotline serve` keeps its files by default (git-ignored). */
export const DEFAULT_DB = 'data/hotline.db';

/** Seconds a booked callback's number is kept after its due time, placed or not: one day. */
export const DEFAULT_CALLBACK_RETENTION_SEC = 86_400;

/** The demo case directory used when --cases is not given. */
export const SAMPLE_CASES = join(FLOWS_DIR, 'data', 'sample-cases.json');

/** Options of `hotline serve`, after parsing flags and environment. */
export interface ServeSettings {
  readonly flow: string;
  readonly host: string;
  readonly port: number;
  /** SQLite file, or null for the in-memory store. */
  readonly db: string | null;
  /** Null when not configured: local mode, signatures checked against the request's own Host. */
  readonly publicUrl: string | null;
  readonly authToken: string;
  /** True when no TWILIO_AUTH_TOKEN was given and a local token file is used. */
  readonly localToken: boolean;
  readonly insecureSkipSignature: boolean;
  readonly cases: string;
  readonly accountSid: string | null;
  readonly hotlineNumber: string | null;
  readonly adminToken: string | null;
  readonly salt: string | null;
  /** HOTLINE_HASH_KEY_FILE: the file holding the caller-hash key (mode 0600, outside the database). */
  readonly hashKeyFile: string | null;
  /** Seconds after a callback's due time its number is erased, placed or not (--callback-retention). */
  readonly callbackRetentionSec: number;
  /** Seconds after an abandoned call within which the caller's next call is a redial (--redial-window-hours). */
  readonly redialWindowSec: number;
  /** The hotline's IANA zone: the live feed's "today" (--tz). */
  readonly timeZone: string;
  /** Local hour the hotline's day starts at (--day-start-hour). */
  readonly dayStartHour: number;
  /** Wallboards GET /admin/live serves at once (--live-clients). */
  readonly liveClients: number;
  readonly overflowAfterSec: number | null;
  readonly callbackDelaySec: number;
  /** Seconds of an agent's wrap-up counted at most in handle time (--wrap-up-limit-sec; default 120). */
  readonly wrapUpLimitSec: number;
  /** The agent group behind each pool's queues (--pool-groups; default each pool's name). */
  readonly poolGroups: Partial<Record<AgentPool, string>>;
  /** Dialable numbers for flow transfer targets (HOTLINE_TRANSFER_NUMBERS="119=+86531119,120=+86531120"). */
  readonly transferNumbers: Readonly<Record<string, string>>;
  /** Where Media Streams recordings are written (WAV + JSON). */
  readonly recordingsDir: string;
  /** The console: the planner's scenarios folder, the flows folder, and where the softphone saves recordings. */
  readonly console: {
    readonly scenariosDir: string;
    readonly flowsDir: string;
    readonly recordingsDir: string;
    /** Contract files the wallboard holds each contracted group against (--contract). */
    readonly contracts: readonly string[];
    /** The scenario whose expected calls per hour the wallboard shows (--expect), or null. */
    readonly expectScenario: string | null;
  };
  /** Follow the Twilio emulator's time header (local testing in virtual or accelerated time). */
  readonly emulatorClock: boolean;
  /** Request and error log level (--log-level, HOTLINE_LOG_LEVEL; default info). */
  readonly logLevel: LogLevel;
  /** Log lines as JSON, readable ('pretty'), or 'auto': pretty on a terminal (HOTLINE_LOG_FORMAT). */
  readonly logFormat: 'json' | 'pretty' | 'auto';
}

/** Parses "119=+86531119,120=+86531120". */
export function parseTransferNumbers(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([0-9+]+)=(.+)$/.exec(pair);
    if (!match || !E164.test(match[2] as string))
      throw new HotlineError(
        'HOTLINE_ENV_INVALID',
        `HOTLINE_TRANSFER_NUMBERS entry "${pair}" must look like 119=+86531119 (target=E.164 number).`,
      );
    map[match[1] as string] = match[2] as string;
  }
  return map;
}

/**
 * Parses `--pool-groups "in-house=City team,outsourced=Contractor A"`: the agent group behind each pool's
 * queues (records' agentGroup of unanswered calls). Pools not named keep their own name.
 */
export function parsePoolGroups(text: string): Partial<Record<AgentPool, string>> {
  const groups: Partial<Record<AgentPool, string>> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(in-house|outsourced)=(.{1,100})$/.exec(pair);
    if (!match || (match[2] as string).trim() === '')
      throw new HotlineError(
        'HOTLINE_OPTION_INVALID',
        `--pool-groups entry "${pair}" must look like in-house=City team or outsourced=Contractor A (pool=group name, 1–100 characters).`,
      );
    groups[match[1] as AgentPool] = (match[2] as string).trim();
  }
  return groups;
}

/** The hotline's day for the live feed, checked by the schema `hotline kpis` uses (--tz, --day-start-hour). */
function hotlineDay(flags: ServeFlags): { timeZone: string; dayStartHour: number } {
  const parsed = parseKpiQuery(
    {
      ...(flags.tz === undefined ? {} : { tz: flags.tz }),
      ...(flags.dayStartHour === undefined ? {} : { dayStartHour: flags.dayStartHour }),
    },
    'flag',
  );
  if (!parsed.ok) throw new HotlineError('HOTLINE_OPTION_INVALID', parsed.problem);
  return { timeZone: parsed.options.timeZone!, dayStartHour: parsed.options.dayStartHour! };
}

/** The raw flags of `hotline serve`. */
export interface ServeFlags {
  readonly flow?: string;
  readonly host?: string;
  readonly port?: string;
  readonly db?: string;
  readonly memory?: boolean;
  readonly publicUrl?: string;
  readonly insecureSkipSignature?: boolean;
  readonly cases?: string;
  /** The planner workspace's scenarios folder (console). */
  readonly scenarios?: string;
  /** Contract files for the wallboard (console). */
  readonly contract?: readonly string[];
  /** The scenario of the wallboard's expected calls per hour (console). */
  readonly expect?: string;
  readonly overflowAfter?: string;
  readonly callbackDelay?: string;
  readonly callbackRetention?: string;
  readonly redialWindowHours?: string;
  readonly wrapUpLimitSec?: string;
  readonly poolGroups?: string;
  readonly tz?: string;
  readonly dayStartHour?: string;
  readonly liveClients?: string;
  readonly recordings?: string;
  readonly emulatorClock?: boolean;
  readonly logLevel?: string;
}

function number(value: string, flag: string, min: number, max: number, whole = false): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}, got "${value}".`,
    );
  }
  return n;
}

/** A host name as DNS allows it (labels of letters, digits and hyphens), or an IPv4/IPv6 address. */
function checkHost(host: string): string {
  const name =
    /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
  if (isIP(host) === 0 && !name.test(host)) {
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--host / HOST "${host}" is not an IP address or host name; give an address of this machine, e.g. --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).`,
    );
  }
  return host;
}

/** Turns flags and environment into settings, with a clear error for each bad value. */
export function serveSettings(flags: ServeFlags, env: NodeJS.ProcessEnv, cwd: string): ServeSettings {
  const port = number(flags.port ?? env.PORT ?? '3000', '--port', 0, 65535, true);
  const host = checkHost(flags.host ?? env.HOST ?? '127.0.0.1');
  const db = flags.memory ? null : canonicalPath(resolve(cwd, flags.db ?? env.HOTLINE_DB ?? DEFAULT_DB));
  const configured = flags.publicUrl ?? env.PUBLIC_URL;
  const publicUrl = configured ? configured.replace(/\/+$/, '') : null;
  if (publicUrl !== null) {
    let protocol = '';
    try {
      protocol = new URL(publicUrl).protocol;
    } catch {
      throw new HotlineError(
        'HOTLINE_PUBLIC_URL_INVALID',
        `PUBLIC_URL / --public-url "${publicUrl}" is not a URL; give the https URL Twilio calls, e.g. https://hotline.example.cn.`,
      );
    }
    // Signatures are checked over this URL and the Media Streams URL is made from it: any other scheme fails every webhook.
    if (protocol !== 'https:' && protocol !== 'http:') {
      throw new HotlineError(
        'HOTLINE_PUBLIC_URL_INVALID',
        `PUBLIC_URL / --public-url "${publicUrl}" is not an http(s) URL; give the https URL Twilio calls, e.g. https://hotline.example.cn.`,
      );
    }
  }
  const insecureSkipSignature = Boolean(flags.insecureSkipSignature) || env.HOTLINE_INSECURE_SKIP_SIGNATURE === '1';
  let authToken = env.TWILIO_AUTH_TOKEN ?? '';
  // Twilio's tokens are 32 hex digits; a blank or a stray CR (a .env file with CRLF ends) would fail every signature as 403.
  if (authToken !== '' && !/^[\x21-\x7e]+$/.test(authToken)) {
    throw new HotlineError(
      'HOTLINE_AUTH_TOKEN_INVALID',
      'TWILIO_AUTH_TOKEN holds a space, a control character (a stray CR or newline from a file?) or a non-ASCII character; every webhook signature would fail. Copy the Auth Token from the Twilio console again (32 hex digits).',
    );
  }
  let localToken = false;
  if (!authToken) {
    checkUnsignedServer({ publicUrl, insecureSkipSignature });
    authToken = readOrCreateLocalToken(localTokenFile(cwd));
    localToken = true;
  }
  const adminToken = env.HOTLINE_ADMIN_TOKEN ?? null;
  const emulatorClock = Boolean(flags.emulatorClock) || env.HOTLINE_EMULATOR_CLOCK === '1';
  const salt = env.HOTLINE_HASH_SALT || null;
  const hashKeyFile = env.HOTLINE_HASH_KEY_FILE ? resolve(cwd, env.HOTLINE_HASH_KEY_FILE) : null;
  checkPublicServerSafety({ publicUrl, host, emulatorClock, adminToken, salt, hashKeyFile, db });
  const retention = flags.callbackRetention ?? env.HOTLINE_CALLBACK_RETENTION_SEC;
  const logLevel = flags.logLevel ?? env.HOTLINE_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--log-level / HOTLINE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`,
    );
  }
  const logFormat = env.HOTLINE_LOG_FORMAT ?? 'auto';
  if (logFormat !== 'json' && logFormat !== 'pretty' && logFormat !== 'auto') {
    throw new HotlineError(
      'HOTLINE_ENV_INVALID',
      `HOTLINE_LOG_FORMAT must be json, pretty or auto (pretty on a terminal); got "${logFormat}".`,
    );
  }
  return {
    logLevel: logLevel as LogLevel,
    logFormat,
    flow: flags.flow ?? env.HOTLINE_FLOW ?? 'hotline-12345-direct',
    host,
    port,
    db,
    publicUrl,
    authToken,
    localToken,
    insecureSkipSignature,
    cases: resolve(cwd, flags.cases ?? SAMPLE_CASES),
    accountSid: env.TWILIO_ACCOUNT_SID ?? null,
    hotlineNumber: env.HOTLINE_NUMBER ?? null,
    adminToken,
    transferNumbers: parseTransferNumbers(env.HOTLINE_TRANSFER_NUMBERS ?? ''),
    recordingsDir: resolve(cwd, flags.recordings ?? env.HOTLINE_RECORDINGS ?? 'data/recordings'),
    console: {
      scenariosDir: resolve(cwd, flags.scenarios ?? 'scenarios'),
      flowsDir: resolve(cwd, 'flows'),
      recordingsDir: resolve(cwd, 'recordings'),
      contracts: (flags.contract ?? []).map((file) => resolve(cwd, file)),
      expectScenario: flags.expect === undefined ? null : resolve(cwd, flags.expect),
    },
    salt,
    hashKeyFile,
    callbackRetentionSec:
      retention === undefined
        ? DEFAULT_CALLBACK_RETENTION_SEC
        : number(retention, '--callback-retention', 60, 30 * 86400),
    emulatorClock,
    redialWindowSec:
      flags.redialWindowHours === undefined
        ? DEFAULT_REDIAL_WINDOW_SEC
        : number(flags.redialWindowHours, '--redial-window-hours', 0, 30 * 24) * 3600,
    poolGroups: parsePoolGroups(flags.poolGroups ?? ''),
    wrapUpLimitSec:
      flags.wrapUpLimitSec === undefined
        ? DEFAULT_WRAP_UP_LIMIT_SEC
        : number(flags.wrapUpLimitSec, '--wrap-up-limit-sec', 0, 3600),
    ...hotlineDay(flags),
    liveClients:
      flags.liveClients === undefined ? DEFAULT_LIVE_CLIENTS : number(flags.liveClients, '--live-clients', 1, 1000),
    overflowAfterSec:
      flags.overflowAfter === undefined
        ? 30
        : flags.overflowAfter === 'never'
          ? null
          : number(flags.overflowAfter, '--overflow-after', 0, 86400),
    callbackDelaySec:
      flags.callbackDelay === undefined ? 300 : number(flags.callbackDelay, '--callback-delay', 0, 86400),
  };
}
