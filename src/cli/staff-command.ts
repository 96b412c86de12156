import type { Command } from 'commander';
import { planStaffing, type StaffingPlan } from '../planning/staffing-plan.js';
import type { StaffingTotals } from '../planning/staffing-totals.js';
import type { HourFigure } from '../analysis/staffing-revision.js';
import { HotlineError } from '../errors.js';
import { checkRunSize, DEFAULT_MAX_SIM_CALLS, integerOption, type PlanningDeps } from './command-options.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { SCENARIOS_DIR } from './simulate-command.js';

/** What the staff command needs from outside; injected so tests capture it. */
export type StaffDeps = PlanningDeps;

/** The raw flags of one `hotline staff` run. */
interface StaffFlags extends FlowFlags {
  readonly target?: string;
  readonly within?: string;
  readonly maxAbandon?: string;
  readonly replications?: string;
  readonly seed?: string;
  readonly workers: string;
  readonly maxRounds: string;
  readonly maxCalls?: string;
  readonly json?: boolean;
}

/**
 * Adds `hotline staff SCENARIO` to `program`: an hourly staffing plan that
 * starts from Erlang A on the busiest day's demand and is confirmed (agents
 * added or removed hour by hour) by simulation; see `planStaffing`. Prints an
 * hourly table and totals (agent-hours, FTE, cost per year), or one JSON
 * object with `--json`. Bad flags throw HotlineError HOTLINE_OPTION_INVALID
 * naming the flag; `main` prints it.
 *
 * @example registerStaffCommand(program, deps) // then: hotline staff midsize-city-inhouse --target 0.8 --within 15 --replications 10
 */
export function registerStaffCommand(program: Command, deps: StaffDeps): Command {
  return withFlowOptions(program.command('staff'))
    .argument('<scenario>', 'scenario YAML file, or a name in scenarios/')
    .description('plan hourly staffing: Erlang A on the busiest day, then confirmed and adjusted by simulation')
    .option(
      '--target <sl>',
      "service level to reach in every hour, a fraction (default: the scenario's targets.service_level)",
    )
    .option(
      '--within <sec>',
      'answer-time threshold of the service level in seconds (default: targets.answer_within_sec)',
    )
    .option(
      '--max-abandon <rate>',
      'greatest abandon rate in every hour, a fraction (default: targets.abandon_rate_max)',
    )
    .option('--replications <n>', "replications per simulation round (default: the scenario's)")
    .option('--seed <s>', "random seed (default: the scenario's)")
    .option('--workers <n>', 'worker threads for replications (results are identical to a serial run)', '1')
    .option('--max-rounds <n>', 'simulation rounds at most', '10')
    .option(
      '--max-calls <n>',
      `refuse runs estimated above this many simulated calls (default ${DEFAULT_MAX_SIM_CALLS.toLocaleString('en-US')})`,
    )
    .option('--json', 'print one JSON object on stdout')
    .action(async (spec: string, flags: StaffFlags) => {
      const serviceLevel = fraction(flags.target, '--target', 'a service level, e.g. 0.8 for 80 %');
      const targetSec = positive(flags.within, '--within', 'seconds, e.g. 15');
      const maxAbandonRate = fraction(flags.maxAbandon, '--max-abandon', 'an abandon rate, e.g. 0.05 for 5 %');
      const replications = integerOption(flags.replications, '--replications', 1, 10000);
      const seed = integerOption(flags.seed, '--seed', -2147483648, 4294967295);
      const workers = integerOption(flags.workers, '--workers', 1, 256);
      const maxRounds = integerOption(flags.maxRounds, '--max-rounds', 1, 100);
      const maxCalls = integerOption(flags.maxCalls, '--max-calls', 1, 1e12) ?? DEFAULT_MAX_SIM_CALLS;
      const { scenario, file } = await loadRunnableScenario(
        spec,
        deps.cwd,
        SCENARIOS_DIR,
        flowReferenceOptions(flags, deps.cwd),
      );
      // Each round simulates a week of busiest days (planStaffing's designDays = 7), then the plan runs on the scenario's horizon.
      checkRunSize('staff', [{ scenario, file }], {
        replications: replications ?? scenario.replications,
        maxCalls,
        extraDaysPerReplication: 7 * (maxRounds ?? 10),
      });
      const progress = deps.interactive && !flags.json;
      const started = deps.monotonicMs();
      const plan = await planStaffing(scenario, {
        ...(serviceLevel === undefined ? {} : { serviceLevel }),
        ...(targetSec === undefined ? {} : { targetSec }),
        ...(maxAbandonRate === undefined ? {} : { maxAbandonRate }),
        ...(replications === undefined ? {} : { replications }),
        ...(seed === undefined ? {} : { seed }),
        ...(workers === undefined ? {} : { workers }),
        ...(maxRounds === undefined ? {} : { maxRounds }),
        onRound: (r) => {
          if (progress)
            deps.stderr(
              `round ${r.round}: ${r.missed.length} hour${r.missed.length === 1 ? '' : 's'} short, +1 agent in [${r.added.join(', ')}], −1 in [${r.removed.join(', ')}]\n`,
            );
        },
      });
      if (flags.json) {
        deps.stdout(`${JSON.stringify(plan)}\n`);
        return;
      }
      deps.stdout(renderPlan(plan));
      deps.stdout(`  (${((deps.monotonicMs() - started) / 1000).toFixed(1)} s)\n`);
    });
}

/** The human report of a plan: assumptions, the hourly table, totals and the week's KPIs. */
export function renderPlan(plan: StaffingPlan): string {
  const t = plan.targets;
  const lines = [
    `${plan.scenario}: staffing for ${pct(t.serviceLevel, 0)} answered within ${t.targetSec} s and at most ${pct(t.maxAbandonRate, 0)} abandoned, in every hour`,
    `  demand: each hour's busiest day; AHT ${plan.ahtSec.toFixed(1)} s; ${plan.patienceSec === null ? 'no abandonment (Erlang C start)' : `mean patience ${plan.patienceSec.toFixed(0)} s (Erlang A start)`}`,
    `  pool: ${plan.pool.name} (${plan.pool.pool}), shrinkage ${pct(plan.pool.shrinkage, 0)}: scheduled = ⌈on-phone / (1 − shrinkage)⌉`,
    `  confirmed by simulation: ${plan.replications} replications × ${plan.designDays} busiest days, seed ${plan.seed}, ${plan.rounds.length} round${plan.rounds.length === 1 ? '' : 's'}`,
    '',
  ];
  const model = plan.analyticModel === 'erlang-c' ? 'Erlang C' : 'Erlang A';
  const header = ['hour', 'calls/h', model, 'scheduled', 'on-phone', 'SL', '95 % CI', 'abandon', '95 % CI', ''];
  const rows = plan.hours.map((h) => [
    `${String(h.hour).padStart(2, '0')}:00`,
    h.callsPerHour.toFixed(1),
    String(h.analytic.onPhone),
    String(h.scheduled),
    String(h.onPhone),
    pct(h.serviceLevel.mean, 1),
    ci(h.serviceLevel),
    pct(h.abandonRate.mean, 1),
    ci(h.abandonRate),
    h.verdict === 'miss' ? 'SHORT' : '',
  ]);
  lines.push(...table([header, ...rows], [false, true, true, true, true, true, false, true, false, false]));
  lines.push(
    '',
    `  (${model}: on-phone agents of the analytic start; scheduled/on-phone: the confirmed plan, every day)`,
    '',
  );
  const totalRows = [
    ['totals', 'agent-h/week', 'FTE', 'cost/year'],
    [`${model} start`, ...totalCells(plan.totals.analytic)],
    ['plan', ...totalCells(plan.totals.plan)],
    [`${model} sized day by day (not simulated)`, ...totalCells(plan.totals.analyticDayByDay)],
  ];
  lines.push(...table(totalRows, [false, true, true, true]), '');
  const week = plan.overall.scenario;
  const withCi = (f: HourFigure) => [pct(f.mean, 1), ci(f)].filter((x) => x !== '').join(' ');
  lines.push(
    `  the scenario's own demand with this plan: SL ${withCi(week.serviceLevel)}, abandon ${withCi(week.abandonRate)}, ASA ${week.asaSec.mean.toFixed(1)} s, occupancy ${pct(week.occupancy.mean, 1)}`,
  );
  if (!plan.meetsTarget) {
    const short = plan.hours.filter((h) => h.verdict === 'miss').map((h) => h.hour);
    lines.push(
      `  NOT CONFIRMED: hours ${short.join(', ')} still miss after ${plan.rounds.length} rounds; raise --max-rounds or --replications.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function totalCells(t: StaffingTotals): string[] {
  return [
    Math.round(t.agentHoursPerWeek).toLocaleString('en-US'),
    t.fte.toFixed(1),
    Math.round(t.costPerYear).toLocaleString('en-US'),
  ];
}

function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    `  ${r.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd(),
  );
}

function pct(x: number, digits: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '-';
}

/** A rate's CI for reading: the Student-t interval can stray outside 0–100 % with few replications; the JSON keeps it raw. */
function ci(f: HourFigure): string {
  const [low, high] = f.ci;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return Number.isFinite(low) && Number.isFinite(high) && low !== high
    ? `[${pct(clamp(low), 1)}, ${pct(clamp(high), 1)}]`
    : '';
}

function fraction(value: string | undefined, flag: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be ${what}: a number between 0 and 1 (exclusive), got "${value}".`,
    );
  return n;
}

function positive(value: string | undefined, flag: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `${flag} must be ${what}: a number greater than 0 and at most 86400, got "${value}".`,
    );
  return n;
}
