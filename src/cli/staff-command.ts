import type { Command } from 'commander';
import { planStaffing } from '../planning/staffing-plan.js';
import type { StaffingPlanOptions } from '../planning/staffing-plan-options.js';
import { planStaffingWeek } from '../planning/weekly-staffing-plan.js';
import type { PlanDay } from '../planning/busiest-day-demand.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';
import { HotlineError } from '../errors.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderPlan, renderWeek } from './staff-report.js';
import { writePlanScenario } from './staff-plan-file.js';
import { checkRunSize, DEFAULT_MAX_SIM_CALLS, integerOption, type PlanningDeps } from './command-options.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { SCENARIOS_DIR } from './simulate-command.js';

/** What the staff command needs from outside; injected so tests capture it. */
export interface StaffDeps extends PlanningDeps {
  /** Stops the planning at its next round (e.g. on Ctrl-C); the command then fails with the signal's reason. */
  readonly signal?: AbortSignal;
}

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
  readonly day: string;
  readonly keep?: string;
  readonly out?: string;
}

/**
 * Adds `hotline staff SCENARIO` to `program`: an hourly staffing plan of every
 * pool (one, or a primary pool and its overflow pool) that starts from Erlang
 * A on the busiest day's demand (`--day`: or a weekday, or each weekday) and is
 * confirmed (agents added or removed hour by hour) by simulation; see
 * `planStaffing` and `planStaffingWeek`. Prints an hourly table and totals
 * (agent-hours, FTE, cost per year), or one JSON object with `--json`;
 * `--out` writes the scenario with the planned headcount (`writePlanScenario`). Bad flags throw HotlineError HOTLINE_OPTION_INVALID
 * naming the flag; `main` prints it.
 *
 * @example registerStaffCommand(program, deps) // then: hotline staff midsize-city-inhouse --target 0.8 --within 15 --replications 10
 */
export function registerStaffCommand(program: Command, deps: StaffDeps): Command {
  return withFlowOptions(program.command('staff'))
    .argument('<scenario>', 'scenario YAML file, or a name in scenarios/')
    .description(
      'plan hourly staffing of every pool (one, or a primary and its overflow): Erlang A on the busiest day (or a weekday), then confirmed and adjusted by simulation',
    )
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
    .option(
      '--day <day>',
      "the day to plan for: busiest (each hour's busiest day), Mon … Sun, or all (each weekday its own plan)",
      'busiest',
    )
    .option(
      '--keep <share>',
      "with a primary and an overflow pool: share of calls the primary is sized for (default: its share of the scenario's agent-hours)",
    )
    .option(
      '--out <file>',
      "write the scenario with the planned pools' agents_by_hour (or weekday shifts) to this YAML file",
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
      const day = dayOption(flags.day);
      const keep = fraction(flags.keep, '--keep', "the primary pool's share of the calls, e.g. 0.7");
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
        extraDaysPerReplication: 7 * (maxRounds ?? 10) * (day === 'all' ? 7 : 1),
      });
      const outFile = flags.out === undefined ? undefined : checkOutFile(resolve(deps.cwd, flags.out), file);
      const progress = deps.interactive && !flags.json;
      const started = deps.monotonicMs();
      const options: StaffingPlanOptions = {
        ...(serviceLevel === undefined ? {} : { serviceLevel }),
        ...(targetSec === undefined ? {} : { targetSec }),
        ...(maxAbandonRate === undefined ? {} : { maxAbandonRate }),
        ...(replications === undefined ? {} : { replications }),
        ...(seed === undefined ? {} : { seed }),
        ...(workers === undefined ? {} : { workers }),
        ...(maxRounds === undefined ? {} : { maxRounds }),
        ...(keep === undefined ? {} : { keep }),
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
        onRound: (r) => {
          if (progress)
            deps.stderr(
              `round ${r.round}: ${r.missed.length} hour${r.missed.length === 1 ? '' : 's'} short, +1 agent in [${r.added.join(', ')}], −1 in [${r.removed.join(', ')}]\n`,
            );
        },
      };
      const plan =
        day === 'all' ? await planStaffingWeek(scenario, options) : await planStaffing(scenario, { ...options, day });
      if (outFile !== undefined) writePlanScenario(file, outFile, plan);
      if (flags.json) {
        deps.stdout(`${JSON.stringify(plan)}\n`);
        return;
      }
      deps.stdout(plan.day === 'all' ? renderWeek(plan) : renderPlan(plan));
      if (flags.out !== undefined) deps.stdout(`  plan written to ${flags.out} (hotline simulate ${flags.out})\n`);
      deps.stdout(`  (${((deps.monotonicMs() - started) / 1000).toFixed(1)} s)\n`);
    });
}

/** `--out` is checked before the planning runs: a folder that exists, and not the scenario file itself. */
function checkOutFile(outFile: string, scenarioFile: string): string {
  if (outFile === resolve(scenarioFile))
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--out ${outFile} is the scenario file itself; write the plan to a new file (e.g. plan.yaml).`,
    );
  if (!existsSync(dirname(outFile)) || !statSync(dirname(outFile)).isDirectory())
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--out ${outFile}: the folder ${dirname(outFile)} does not exist; create it or name a file in an existing folder.`,
    );
  if (existsSync(outFile) && statSync(outFile).isDirectory())
    throw new HotlineError('HOTLINE_OPTION_INVALID', `--out ${outFile} is a folder; name a YAML file, e.g. plan.yaml.`);
  return outFile;
}

function dayOption(value: string): PlanDay | 'all' {
  if (value === 'busiest' || value === 'all') return value;
  const day = WEEKDAYS.find((d) => d.toLowerCase() === value.toLowerCase());
  if (day === undefined)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--day must be busiest, all or a weekday (${WEEKDAYS.join(', ')}), got "${value}".`,
    );
  return day;
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
