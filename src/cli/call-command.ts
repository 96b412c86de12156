import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { HotlineError } from '../errors.js';
import { Softphone, type SoftphoneIO } from '../twilio/emulator/softphone.js';
import { RealClock, type EmulatorClock } from '../twilio/emulator/emulator-clock.js';
import { loadFlow, DEFAULT_FLOW } from '../scenario/load-flow.js';
import { isLoopbackUrl } from './public-server-safety.js';
import { readAuthToken } from './target-server.js';
import { inProcessLine, remoteLine, type SoftphoneLine } from './softphone-line.js';
import type { CallRecord } from '../record/call-record.js';

/** Flags of `hotline call`. */
export interface CallFlags {
  readonly url?: string;
  readonly publicUrl?: string;
  /** Scripted answers, comma-separated ('' = no input), instead of reading the terminal. */
  readonly keys?: string;
  readonly from: string;
  readonly agentAfter: string;
  /** Seconds the bot agent talks; default 180 on a virtual clock, 20 against a server on real time. */
  readonly talk?: string;
  readonly allowRemote?: boolean;
  /** Call a server that has active agents of its own. */
  readonly allowAgents?: boolean;
}

/** What the command reads and writes. */
export interface CallDeps {
  readonly stdin: NodeJS.ReadableStream;
  readonly out: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now: () => number;
  /** Random bytes (crypto's by default): CallSids and the bot agent's id. */
  readonly random?: (bytes: number) => Buffer;
  /** The clock of a server on real time (default: the machine's); tests give a fake one shared with their server. */
  readonly realClock?: EmulatorClock;
  /** Hangs up when aborted (besides Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** Bot talk time against a server on real time, when --talk is not given: long enough to hear, short enough to wait for. */
const REAL_TIME_TALK_SEC = 20;
const VIRTUAL_TALK_SEC = 180;

function scriptedIO(keys: string, out: (line: string) => void): SoftphoneIO {
  const answers = keys.split(',');
  return {
    print: out,
    async ask(question) {
      const answer = answers.shift();
      if (answer === undefined) {
        out(`${question}(script ended: hanging up)`);
        return null;
      }
      out(`${question}${answer}`);
      return answer;
    },
  };
}

function terminalIO(stdin: NodeJS.ReadableStream, out: (line: string) => void): { io: SoftphoneIO; close(): void } {
  const rl = createInterface({ input: stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    io: {
      print: out,
      ask(question) {
        process.stdout.write(question);
        const line = lines.shift();
        if (line !== undefined) return Promise.resolve(line);
        if (closed) return Promise.resolve(null);
        return new Promise((resolve) => waiting.push(resolve));
      },
    },
    close: () => {
      if (!closed) rl.close();
    },
  };
}

function summary(record: CallRecord | undefined): string {
  if (!record) return 'no call record found';
  const wait =
    record.queueEntrySec !== null && (record.answerSec ?? record.abandonSec ?? record.endSec) !== null
      ? `${Math.round(((record.answerSec ?? record.abandonSec ?? record.endSec) as number) - record.queueEntrySec)} s`
      : '-';
  return `call record: outcome=${record.outcome ?? 'in progress'} skill=${record.skill ?? '-'} pool=${record.pool ?? '-'} agent=${record.agentId ?? '-'} wait=${wait} rating=${record.rating ?? '-'} last state=${record.lastState}`;
}

/** A Twilio-shaped CallSid: `CA` and 32 hex digits, from `random`. */
export function newCallSid(random: (bytes: number) => Buffer = randomBytes): string {
  return `CA${random(16).toString('hex')}`;
}

/** Twilio ends a call after 4 hours (its default time limit): no wait or talk can be longer. */
const MAX_CALL_SEC = 14_400;

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const sec = Number(value);
  if (value.trim() === '' || !Number.isFinite(sec) || sec < 0 || sec > MAX_CALL_SEC) {
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be seconds from 0 to ${MAX_CALL_SEC} (4 hours, Twilio's call limit), got "${value}".`,
    );
  }
  return sec;
}

/**
 * `hotline call [FLOW]`: a terminal softphone. Without --url it runs the flow
 * in-process (memory store, virtual clock: waiting costs no real time); with
 * --url it calls a running `hotline serve` on loopback (elsewhere only with
 * --allow-remote), signing requests like Twilio, and refuses a server with
 * active agents of its own unless --allow-agents. Each call has a random
 * CallSid; the bot agent that answers exists only for the pick-up and is
 * removed after, also on errors and Ctrl-C. Holds and talk take their time on
 * the server's clock. Exit 0, 1 when the call failed, 130 when hung up with Ctrl-C.
 */
export async function runCall(flowSpec: string | undefined, flags: CallFlags, deps: CallDeps): Promise<number> {
  const agentAfterSec = seconds(flags.agentAfter, '--agent-after')!;
  const talkFlagSec = seconds(flags.talk, '--talk');
  const random = deps.random ?? randomBytes;
  const callSid = newCallSid(random);
  let line: SoftphoneLine;
  if (flags.url) {
    const base = flags.url.replace(/\/+$/, '');
    if (!isLoopbackUrl(base) && !flags.allowRemote) {
      throw new HotlineError(
        'HOTLINE_REMOTE_URL_REFUSED',
        `--url ${base} is not a loopback address; pass --allow-remote to call another host.`,
      );
    }
    line = await remoteLine({
      baseUrl: base,
      publicUrl: (flags.publicUrl ?? base).replace(/\/+$/, ''),
      authToken: readAuthToken(deps.env, deps.cwd, 'call'),
      adminToken: deps.env.HOTLINE_ADMIN_TOKEN ?? null,
      realClock: deps.realClock ?? new RealClock(deps.now(), 1, () => performance.now()),
      startMs: deps.now(),
      random,
      allowAgents: flags.allowAgents ?? false,
    });
  } else {
    line = await inProcessLine(await loadFlow(flowSpec ?? DEFAULT_FLOW, deps.cwd), deps.now());
  }
  const talkSec = talkFlagSec ?? (line.virtualTime ? VIRTUAL_TALK_SEC : REAL_TIME_TALK_SEC);
  deps.out(
    `hotline call: ${flags.url ? `calling ${flags.url}` : `flow "${flowSpec ?? DEFAULT_FLOW}" in-process`} on ${line.description}; the bot agent answers after ${agentAfterSec} s of waiting and talks ${talkSec} s; Ctrl-C hangs up`,
  );

  const hangUp = new AbortController();
  const onInterrupt = () => hangUp.abort();
  deps.signal?.addEventListener('abort', onInterrupt, { once: true });
  process.once('SIGINT', onInterrupt);
  const terminal = flags.keys === undefined ? terminalIO(deps.stdin, deps.out) : undefined;
  hangUp.signal.addEventListener('abort', () => terminal?.close(), { once: true });
  try {
    const io = terminal?.io ?? scriptedIO(flags.keys ?? '', deps.out);
    const phone = new Softphone(io, {
      emulator: line.emulator,
      clock: line.clock,
      baseUrl: line.baseUrl,
      callSid,
      from: flags.from,
      to: '+8653112345',
      agentLegSid: newCallSid(random),
      botAgent: line.botAgent,
      agentAfterSec,
      talkSec,
      signal: hangUp.signal,
      readsPrompts: !line.virtualTime,
    });
    const result = await phone.run();
    deps.out(
      `call ${callSid} ended (${result.endedBy}) after ${result.requests} webhook requests${result.heldSec === null ? '' : `, ${result.heldSec.toFixed(1)} s in the queue (measured on the ${line.virtualTime ? 'virtual' : 'real'} clock)`}`,
    );
    deps.out(summary(await line.fetchRecord(callSid)));
    return hangUp.signal.aborted ? 130 : result.failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    deps.signal?.removeEventListener('abort', onInterrupt);
    terminal?.close();
    try {
      await line.botAgent.release();
    } catch (error) {
      deps.out(`!! the bot agent could not be removed: ${(error as Error).message}`);
    }
    await line.close();
  }
}
