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
 * Adds `hotline erlang b|c|a` to `program`:
 * - `erlang b --rate CALLS_PER_HOUR --aht SEC --agents N`: Erlang B blocking;
 * - `erlang c … [--target SEC]`: Erlang C waiting probability, ASA, service level, occupancy;
 * - `erlang a … --patience SEC [--target SEC] [--lines K]`: Erlang A, adding abandonment.
 * `--json` prints one JSON object (the inputs echoed, then the measures; an
 * infinite value, as in an overloaded Erlang C, prints as null). Bad flags
 * throw HotlineError HOTLINE_CONFIG_INVALID naming the flag; `main` prints it.
 *
 * @returns the `erlang` command.
 * @example registerErlangCommand(program, deps) // then: hotline erlang c --rate 200 --aht 180 --agents 14 --json
 */
export function registerErlangCommand(program: Command, deps: ErlangCommandDeps): Command {
  const erlang = program
    .command('erlang')
    .description('analytic queueing models: Erlang B (blocked calls lost), C (callers wait), A (callers wait and may hang up)');
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
  const callsPerHour = positive(flags.rate, '--rate', 'calls per hour');
  const ahtSec = positive(flags.aht, '--aht', 'seconds');
  const agents = wholeNumber(flags.agents, '--agents', 1);
  const offeredErlangs = (callsPerHour * ahtSec) / 3600;
  if (model === 'b') {
    const blocking = erlangB(agents, offeredErlangs);
    return { model, callsPerHour, ahtSec, agents, offeredErlangs, blocking, occupancy: (offeredErlangs * (1 - blocking)) / agents };
  }
  const targetSec = nonNegative(flags.target, '--target');
  if (model === 'c') {
    const c = erlangC({ callsPerHour, ahtSec, agents, targetSec });
    return { model, callsPerHour, ahtSec, agents, targetSec, offeredErlangs, stable: c.stable, pWait: c.pWait, asaSec: c.asaSec, serviceLevel: c.serviceLevel, occupancy: c.occupancy };
  }
  if (flags.patience === undefined) {
    throw new HotlineError('HOTLINE_CONFIG_INVALID', `--patience is required for Erlang A: give the callers' mean patience in seconds, e.g. hotline erlang a --rate 200 --aht 180 --agents 14 --patience 300.`);
  }
  const patienceSec = positive(flags.patience, '--patience', 'seconds');
  const lines = flags.lines === undefined ? undefined : wholeNumber(flags.lines, '--lines', agents);
  const a = erlangA({ callsPerHour, ahtSec, agents, patienceSec, targetSec, ...(lines === undefined ? {} : { lines }) });
  return {
    model, callsPerHour, ahtSec, agents, patienceSec, targetSec, ...(lines === undefined ? {} : { lines }), offeredErlangs,
    pWait: a.pWait, pAbandon: a.pAbandon, asaSec: a.asaSec, serviceLevel: a.serviceLevel, serviceLevelOfAnswered: a.serviceLevelOfAnswered, occupancy: a.occupancy,
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
  const seconds = (v: unknown) => (Number.isFinite(Number(v)) ? `${Number(v).toFixed(1)} s` : 'infinite (offered load ≥ agents: the queue never empties)');
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
    rows.push([`answered in ${String(r.targetSec)} s`, model === 'a' ? `${percent(r.serviceLevel)} of all calls, ${percent(r.serviceLevelOfAnswered)} of answered` : percent(r.serviceLevel)]);
  }
  rows.push(['occupancy', percent(r.occupancy)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${TITLES[model]}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function number(raw: string | undefined, flag: string, rule: string): number {
  if (raw === undefined) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} is required: ${rule}, ${USAGE}.`);
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be ${rule}, got "${raw}"; ${USAGE}.`);
  return value;
}

function positive(raw: string | undefined, flag: string, unit: string): number {
  const rule = `a number greater than 0 (${unit})`;
  const value = number(raw, flag, rule);
  if (value <= 0) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE}.`);
  return value;
}

function nonNegative(raw: string | undefined, flag: string): number {
  const rule = 'a number of seconds, 0 or more';
  const value = number(raw, flag, rule);
  if (value < 0) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE} --target 20.`);
  return value;
}

function wholeNumber(raw: string | undefined, flag: string, min: number): number {
  const rule = flag === '--lines' ? `a whole number, at least --agents (${min})` : `a whole number, at least ${min}`;
  const value = number(raw, flag, rule);
  if (!Number.isSafeInteger(value) || value < min) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be ${rule}, got "${String(raw)}"; ${USAGE}.`);
  return value;
}
