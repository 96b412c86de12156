import type { Command } from 'commander';
import { erlangA } from '../analysis/erlang-a.js';
import { erlangB } from '../analysis/erlang-b.js';
import { DEFAULT_TARGET_SEC, erlangC } from '../analysis/erlang-c.js';
import { HotlineError } from '../errors.js';

/** What `hotline erlang` writes to; injected so tests capture it. */
export interface ErlangCommandDeps {
  stdout(text: string): void;
}

/** The parsed flags of one `hotline erlang` run. */
interface ErlangFlags {
  readonly rate?: string;
  readonly aht?: string;
  readonly agents?: string;
  readonly patience?: string;
  readonly target?: string;
  readonly lines?: string;
  readonly json?: boolean;
}

type Model = 'b' | 'c' | 'a';

const USAGE = 'e.g. hotline erlang c --rate 200 --aht 180 --agents 14';

/**
 * Ranges of the flags (README, "Commands"): past them the sums over agents or
 * queue states would take minutes, and no hotline is that large.
 */
export const ERLANG_LIMITS = {
  callsPerHour: 10_000_000,
  seconds: 86_400,
  agents: 100_000,
  lines: 1_000_000,
  erlangAWork: 2e9,
} as const;

/**
 * Rough cost of Erlang A's service level: the queue states it sums over
 * (agents plus a tail of about 10 standard deviations of the queue with
 * impatient callers) times the uniformisation terms (service rate × target).
 * Measured: 1e9 takes about 4 s on one core.
 */
function erlangAWork(
  agents: number,
  ahtSec: number,
  patienceSec: number,
  targetSec: number,
  lines: number | undefined,
): number {
  const states = Math.min(lines ?? Infinity, agents + 10 * Math.sqrt((agents * patienceSec) / ahtSec) + 100);
  return states * Math.max(1, (agents / ahtSec) * targetSec);
}

/**
 * Adds `hotline erlang b|c|a` to `program`:
 * - `erlang b --rate CALLS_PER_HOUR --aht SEC --agents N`: Erlang B blocking;
 * - `erlang c … [--target SEC]`: Erlang C waiting probability, ASA, service level, occupancy;
 * - `erlang a … --patience SEC [--target SEC] [--lines K]`: Erlang A, adding abandonment.
 * `--json` prints one JSON object (the inputs echoed, then the measures; an
 * infinite value, as in an overloaded Erlang C, prints as null). Bad flags
 * throw HotlineError HOTLINE_OPTION_INVALID naming the flag; `main` prints it.
 *
 * @returns the `erlang` command.
 * @example registerErlangCommand(program, deps) // then: hotline erlang c --rate 200 --aht 180 --agents 14 --json
 */
export function registerErlangCommand(program: Command, deps: ErlangCommandDeps): Command {
  const erlang = program
    .command('erlang')
    .description(
      'analytic queueing models: Erlang B (blocked calls lost), C (callers wait), A (callers wait and may hang up)',
    );
  const model = (name: Model, description: string): Command =>
    erlang
      .command(name)
      .description(description)
      .option('--rate <callsPerHour>', 'arriving calls per hour')
      .option('--aht <sec>', 'mean handling time in seconds (talk + hold + wrap-up)')
      .option('--agents <n>', name === 'b' ? 'agents (or lines): calls beyond them are lost' : 'agents on the phones');
  model('b', 'Erlang B: fraction of calls blocked when all agents are busy')
    .option('--json', 'print one JSON object')
    .action((flags: ErlangFlags) => run('b', flags, deps));
  model('c', 'Erlang C: waiting probability, ASA, service level and occupancy (no abandonment)')
    .option('--target <sec>', 'service-level threshold in seconds', String(DEFAULT_TARGET_SEC))
    .option('--json', 'print one JSON object')
    .action((flags: ErlangFlags) => run('c', flags, deps));
  model('a', 'Erlang A: Erlang C with impatient callers (abandonment), optionally with a finite number of lines')
    .option('--patience <sec>', 'mean patience in seconds before a waiting caller hangs up (required)')
    .option('--target <sec>', 'service-level threshold in seconds', String(DEFAULT_TARGET_SEC))
    .option('--lines <k>', 'trunk lines (talking + waiting); callers beyond them are blocked')
    .option('--json', 'print one JSON object')
    .action((flags: ErlangFlags) => run('a', flags, deps));
  return erlang;
}

function run(model: Model, flags: ErlangFlags, deps: ErlangCommandDeps): void {
  const report = erlangReport(model, flags);
  deps.stdout(flags.json ? `${JSON.stringify(report)}\n` : renderTable(model, report));
}

/** Inputs echoed, then the measures that apply to the model. */
type Report = Record<string, number | boolean | string>;

function erlangReport(model: Model, flags: ErlangFlags): Report {
  const callsPerHour = positive(flags.rate, '--rate', 'calls per hour', ERLANG_LIMITS.callsPerHour);
  const ahtSec = positive(flags.aht, '--aht', 'seconds', ERLANG_LIMITS.seconds);
  const agents = wholeNumber(flags.agents, '--agents', 1, ERLANG_LIMITS.agents);
  const offeredErlangs = (callsPerHour * ahtSec) / 3600;
  if (model === 'b') {
    const blocking = erlangB(agents, offeredErlangs);
    return {
      model,
      callsPerHour,
      ahtSec,
      agents,
      offeredErlangs,
      blocking,
      occupancy: (offeredErlangs * (1 - blocking)) / agents,
    };
  }
  const targetSec = nonNegative(flags.target, '--target');
  if (model === 'c') {
    const c = erlangC({ callsPerHour, ahtSec, agents, targetSec });
    return {
      model,
      callsPerHour,
      ahtSec,
      agents,
      targetSec,
      offeredErlangs,
      stable: c.stable,
      pWait: c.pWait,
      asaSec: c.asaSec,
      serviceLevel: c.serviceLevel,
      occupancy: c.occupancy,
    };
  }
  if (flags.patience === undefined) {
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--patience is required for Erlang A: give the callers' mean patience in seconds, e.g. hotline erlang a --rate 200 --aht 180 --agents 14 --patience 300.`,
    );
  }
  const patienceSec = positive(flags.patience, '--patience', 'seconds', ERLANG_LIMITS.seconds);
  const lines =
    flags.lines === undefined ? undefined : wholeNumber(flags.lines, '--lines', agents, ERLANG_LIMITS.lines);
  const work = erlangAWork(agents, ahtSec, patienceSec, targetSec, lines);
  if (work > ERLANG_LIMITS.erlangAWork) {
    throw new HotlineError(
      'HOTLINE_RUN_TOO_LARGE',
      `Erlang A with ${agents} agents, --aht ${ahtSec}, --patience ${patienceSec} and --target ${targetSec} needs about ${work.toExponential(1)} steps (about ${Math.round(work / 2.5e8)} s), more than the bound of ${ERLANG_LIMITS.erlangAWork.toExponential(0)}; lower --target (the service-level threshold, usually 15–60 s), --patience or set --lines.`,
    );
  }
  const a = erlangA({
    callsPerHour,
    ahtSec,
    agents,
    patienceSec,
    targetSec,
    ...(lines === undefined ? {} : { lines }),
  });
  return {
    model,
    callsPerHour,
    ahtSec,
    agents,
    patienceSec,
    targetSec,
    ...(lines === undefined ? {} : { lines }),
    offeredErlangs,
    pWait: a.pWait,
    pAbandon: a.pAbandon,
    asaSec: a.asaSec,
    serviceLevel: a.serviceLevel,
    serviceLevelOfAnswered: a.serviceLevelOfAnswered,
    occupancy: a.occupancy,
    ...(lines === undefined ? {} : { blocking: a.blocking }),
  };
}

const TITLES: Record<Model, string> = {
  b: 'Erlang B (M/M/n/n: blocked calls are lost)',
  c: 'Erlang C (M/M/n: callers wait, never hang up)',
  a: 'Erlang A (M/M/n+M: callers wait and may hang up)',
};

function renderTable(model: Model, r: Report): string {
  const percent = (v: unknown) => `${(Number(v) * 100).toFixed(2)} %`;
  const seconds = (v: unknown) =>
    Number.isFinite(Number(v))
      ? `${Number(v).toFixed(1)} s`
      : 'infinite (offered load ≥ agents: the queue never empties)';
  const rows: [string, string][] = [
    ['calls per hour', String(r.callsPerHour)],
    ['handling time', `${String(r.ahtSec)} s`],
    ['agents', String(r.agents)],
  ];
  if (r.patienceSec !== undefined) rows.push(['mean patience', `${String(r.patienceSec)} s`]);
  if (r.lines !== undefined) rows.push(['lines', String(r.lines)]);
  rows.push(['offered load', `${Number(r.offeredErlangs).toFixed(2)} Erlang`]);
  if (model === 'b') rows.push(['blocked', percent(r.blocking)]);
  if (r.lines !== undefined) rows.push(['blocked', percent(r.blocking)]);
  if (model !== 'b') {
    rows.push(['must wait', percent(r.pWait)]);
    if (model === 'a') rows.push(['hang up', percent(r.pAbandon)]);
    rows.push([model === 'a' ? 'mean wait (ASA)' : 'ASA', seconds(r.asaSec)]);
    rows.push([
      `answered in ${String(r.targetSec)} s`,
      model === 'a'
        ? `${percent(r.serviceLevel)} of all calls, ${percent(r.serviceLevelOfAnswered)} of answered`
        : percent(r.serviceLevel),
    ]);
  }
  rows.push(['occupancy', percent(r.occupancy)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${TITLES[model]}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function number(raw: string | undefined, flag: string, rule: string): number {
  if (raw === undefined) throw new HotlineError('HOTLINE_OPTION_INVALID', `${flag} is required: ${rule}, ${USAGE}.`);
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value))
    throw new HotlineError('HOTLINE_OPTION_INVALID', `${flag} must be ${rule}, got "${raw}"; ${USAGE}.`);
  return value;
}

function positive(raw: string | undefined, flag: string, unit: string, max: number): number {
  const rule = `a number greater than 0 and at most ${max.toLocaleString('en-US')} (${unit})`;
  const value = number(raw, flag, rule);
  if (value <= 0 || value > max)
    throw new HotlineError('HOTLINE_OPTION_INVALID', `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE}.`);
  return value;
}

function nonNegative(raw: string | undefined, flag: string): number {
  const rule = `a number of seconds from 0 to ${ERLANG_LIMITS.seconds}`;
  const value = number(raw, flag, rule);
  if (value < 0 || value > ERLANG_LIMITS.seconds)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE} --target 20.`,
    );
  return value;
}

function wholeNumber(raw: string | undefined, flag: string, min: number, max: number): number {
  const rule =
    flag === '--lines'
      ? `a whole number from --agents (${min}) to ${max.toLocaleString('en-US')}`
      : `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
  const value = number(raw, flag, rule);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new HotlineError('HOTLINE_OPTION_INVALID', `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE}.`);
  return value;
}
