import { mkdirSync, writeFileSync } from 'node:fs';
import { replicationProgress } from './replication-progress.js';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareScenarios, differenceRows, type ScenarioComparison } from '../planning/compare.js';
import { cheapestMeetingTargets, checkTargets, type ServiceTargets } from '../planning/target-check.js';
import { HotlineError } from '../errors.js';
import { checkRunSize, DEFAULT_MAX_SIM_CALLS, integerOption } from './command-options.js';
import { renderReport } from '../report/html-report.js';
import { formatDifference, formatEstimate, formatValue } from '../report/kpi-format.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { prepareScenario } from '../planning/flow-registry.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { simulateReplications } from '../planning/parallel-replications.js';
import type { SimulationSummary } from '../planning/run-scenario.js';
import { summariseContracts } from '../planning/contract-summary.js';
import { contractText } from '../report/contract-text.js';
import { SCENARIOS_DIR, type SimulateDeps } from './simulate-command.js';

/** What the compare command needs from outside (the same as `hotline simulate`). */
export type CompareDeps = SimulateDeps;

/** A simulated scenario of a comparison. */
interface Compared {
  readonly name: string;
  readonly summary: SimulationSummary;
  readonly targets: ServiceTargets;
}

/** Scenario names, made unique (`name (2)`) so a scenario can be compared with itself. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

const letter = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');

function pad(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`.trimEnd(),
    )
    .join('\n');
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** The human table: a legend of scenario letters, KPI rows, estimates ± half-width, Δ vs the first with CI, and the verdict. */
function humanText(c: ScenarioComparison, compared: readonly Compared[], seed: number): string {
  const legend = compared.map((s, i) => `  ${letter(i)} = ${s.name}`).join('\n');
  const header = [
    'KPI',
    ...c.scenarios.flatMap((_, i) => (i === 0 ? [letter(0)] : [letter(i), `${letter(i)} − ${letter(0)} [95 % CI]`])),
  ];
  const rows = c.kpis.map((k) => [
    k.label,
    ...k.estimates.flatMap((e, i) => {
      const est = formatEstimate(e, k.unit);
      if (i === 0) return [est];
      const d = k.differences[i];
      return [est, `${formatDifference(d, k.unit)}${d?.significant ? ' *' : '  '}`];
    }),
  ]);
  const notes =
    c.replications > 1
      ? '  ± = half-width of the 95 % CI; differences are paired by replication (same seed); * = the CI excludes 0; rates in %, their differences in percentage points.'
      : '  One replication: no confidence intervals; run with --replications 2 or more to tell real differences from noise.';
  const best = cheapestMeetingTargets(compared);
  const targetText = (t: ServiceTargets) =>
    `≥ ${pct(t.service_level)} answered within ${t.answer_within_sec} s, abandon rate ≤ ${pct(t.abandon_rate_max)}`;
  let verdict: string;
  if (best) {
    const { check, scenario } = best;
    const sure = check.metWithConfidence
      ? ''
      : ' (by the estimates only: a 95 % CI reaches past a target; more replications would settle it)';
    verdict = `Cheapest scenario meeting its targets: ${scenario.name}, ${formatValue(check.costPerYear?.mean, 'money')} per year (${targetText(scenario.targets)}: ${formatValue(check.serviceLevel?.mean, 'rate')}, ${formatValue(check.abandonRate?.mean, 'rate')})${sure}.`;
  } else {
    const misses = compared
      .map((s) => {
        const check = checkTargets(s.summary, s.targets);
        return `${s.name} ${formatValue(check.serviceLevel?.mean, 'rate')} within ${s.targets.answer_within_sec} s, abandon ${formatValue(check.abandonRate?.mean, 'rate')}`;
      })
      .join('; ');
    verdict = `No scenario meets its targets (${targetText(compared[0]!.targets)}): ${misses}.`;
  }
  const contracts = compared
    .map((s, i) => {
      const text = contractText(summariseContracts(s.summary.replications));
      return text === '' ? '' : `${letter(i)}: ${text}`;
    })
    .filter((t) => t !== '')
    .join('\n');
  return `Comparing ${c.scenarios.length} scenarios: ${c.replications} replication${c.replications === 1 ? '' : 's'} each, seed ${seed}\n${legend}\n\n${pad([header, ...rows])}\n${notes}\n${contracts === '' ? '' : `\n${contracts}\n`}\n${verdict}\n`;
}

function csvField(v: unknown): string {
  const text =
    typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** comparison.csv: one row per KPI and scenario, with the paired difference from the first scenario. */
function comparisonCsv(c: ScenarioComparison): string {
  const header = [
    'kpi',
    'label',
    'scenario',
    'mean',
    'ci_low',
    'ci_high',
    'half_width',
    'n',
    'baseline',
    'diff_mean',
    'diff_ci_low',
    'diff_ci_high',
    'significant',
  ];
  const lines = c.kpis.flatMap((k) =>
    c.scenarios.map((name, i) => {
      const e = k.estimates[i];
      const d = k.differences[i];
      return [
        k.path,
        k.label,
        name,
        e?.mean,
        e?.ci[0],
        e?.ci[1],
        e?.halfWidth,
        e?.n,
        i === 0 ? '' : c.scenarios[0],
        d?.mean,
        d?.ci[0],
        d?.ci[1],
        d ? String(d.significant) : '',
      ]
        .map(csvField)
        .join(',');
    }),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

/**
 * `hotline compare SCENARIO...`: runs every scenario with the same seed and
 * replication count (common random numbers) and prints a KPI table with each
 * scenario's estimates, paired differences from the first with 95 % CIs, and
 * the cheapest scenario meeting its targets. `--json` prints one object;
 * `--out DIR` writes comparison.json, comparison.csv and report.html.
 */
export function registerCompareCommand(program: Command, deps: CompareDeps): void {
  withFlowOptions(program.command('compare'))
    .argument('<scenarios...>', 'two or more scenario YAML files or names in scenarios/; the first is the baseline')
    .description(
      'compare scenarios on the same random numbers: KPIs, paired differences with 95 % CIs, the cheapest meeting its targets',
    )
    .option('--replications <n>', "replications of every scenario (default: the largest of the scenarios')")
    .option('--seed <s>', "random seed of every scenario (default: the first scenario's)")
    .option('--calls <n>', 'first calls per replication (overrides horizon.calls)')
    .option('--workers <n>', 'worker threads for replications (results are identical to a serial run)', '1')
    .option(
      '--max-calls <n>',
      `refuse runs estimated above this many simulated calls (default ${DEFAULT_MAX_SIM_CALLS.toLocaleString('en-US')})`,
    )
    .option('--json', 'print one JSON object on stdout')
    .option('--out <dir>', 'also write comparison.json, comparison.csv and report.html to this folder')
    .action(
      async (
        specs: string[],
        flags: FlowFlags & {
          replications?: string;
          seed?: string;
          calls?: string;
          workers: string;
          json?: boolean;
          out?: string;
          maxCalls?: string;
        },
      ) => {
        if (specs.length < 2)
          throw new HotlineError(
            'HOTLINE_OPTION_INVALID',
            `hotline compare needs two or more scenarios, got ${specs.length}; to see one scenario use hotline simulate ${specs[0] ?? 'SCENARIO'}.`,
          );
        const flagReplications = integerOption(flags.replications, '--replications', 1, 10000);
        const flagSeed = integerOption(flags.seed, '--seed', -2147483648, 4294967295);
        const calls = integerOption(flags.calls, '--calls', 1, 1e9);
        const workers = integerOption(flags.workers, '--workers', 1, 256) ?? 1;
        const maxCalls = integerOption(flags.maxCalls, '--max-calls', 1, 1e12) ?? DEFAULT_MAX_SIM_CALLS;
        const flows = flowReferenceOptions(flags, deps.cwd);
        const loaded = [];
        for (const spec of specs) loaded.push(await loadRunnableScenario(spec, deps.cwd, SCENARIOS_DIR, flows));
        const scenarios: Scenario[] = loaded.map((l) => l.scenario);
        const replications = flagReplications ?? Math.max(...scenarios.map((s) => s.replications));
        const seed = flagSeed ?? scenarios[0]!.seed;
        checkRunSize('compare', loaded, { replications, maxCalls, ...(calls === undefined ? {} : { calls }) });
        // Flows named by path resolve against the user's folder, as in hotline simulate.
        for (const scenario of scenarios) await prepareScenario(scenario, deps.cwd);
        const names = uniqueNames(scenarios.map((s) => s.name));
        const total = replications * scenarios.length;
        const bar = replicationProgress({ interactive: deps.interactive, json: Boolean(flags.json) });
        bar?.start(total, 0);
        const compared: Compared[] = [];
        for (const [i, scenario] of scenarios.entries()) {
          const summary = await simulateReplications(scenario, {
            seed,
            replications,
            workers,
            ...(calls === undefined ? {} : { calls }),
            onProgress: (done) => bar?.update(i * replications + done),
          });
          compared.push({ name: names[i]!, summary, targets: scenario.targets });
        }
        bar?.stop();
        const comparison = compareScenarios(compared);
        const best = cheapestMeetingTargets(compared);
        const result = {
          seed,
          replications,
          scenarios: compared.map((s) => ({
            name: s.name,
            targets: s.targets,
            kpis: s.summary.kpis,
            ci: s.summary.ci,
            ...(summariseContracts(s.summary.replications).length > 0
              ? { contracts: summariseContracts(s.summary.replications) }
              : {}),
          })),
          differences: differenceRows(comparison),
          cheapestMeetingTargets: best?.scenario.name ?? null,
        };
        if (flags.out) {
          const dir = resolve(deps.cwd, flags.out);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'comparison.json'), `${JSON.stringify(result, null, 2)}\n`);
          writeFileSync(join(dir, 'comparison.csv'), comparisonCsv(comparison));
          writeFileSync(
            join(dir, 'report.html'),
            renderReport({
              title: `Scenario comparison: ${names.join(' vs ')}`,
              scenarios: compared,
              comparison,
              seed,
            }),
          );
        }
        if (flags.json) {
          deps.stdout(`${JSON.stringify(result)}\n`);
          return;
        }
        deps.stdout(humanText(comparison, compared, seed));
      },
    );
}
