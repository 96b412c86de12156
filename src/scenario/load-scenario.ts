import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { HotlineError } from '../errors.js';
import { readYamlInput, type SchemaIssue, schemaIssuesText, schemaPathText, yamlLocation } from '../schema-path.js';
import { behaviourProblems } from './behaviour-schema.js';
import { SCENARIO_LIMITS, scenarioSchema, type Scenario } from './scenario-schema.js';
import { estimateRun } from './run-estimate.js';
import { FLOWS_DIR } from './load-flow.js';
import { resolveFlowReference, type FlowReferenceOptions } from './flow-reference.js';

/** A loaded scenario and where it came from. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.message;
}

/** How a scenario's file is read: where its flow is looked up, and where the file is. */
export interface ScenarioReadOptions {
  /** Where `flow:` ids are looked up, and whether paths are allowed (`--flows`, `--allow-flow-paths`). */
  readonly flows?: FlowReferenceOptions;
  /** The file's path when `file` is only its display name (relative `flow:` paths are taken from its folder). */
  readonly path?: string;
}

/**
 * `flow:` as prepareScenario loads it: a shipped flow stays its id; any other
 * flow becomes its absolute file, resolved here once (a data file never
 * names code by path: see resolveFlowReference).
 */
function resolveScenarioFlow(scenario: Scenario, where: string, path: string, options: FlowReferenceOptions): Scenario {
  if (scenario.flow === 'none') return scenario;
  const file = resolveFlowReference(scenario.flow, { file: path, where }, options);
  const shipped =
    /\.(ts|js|mjs)$/.test(file) && file.replace(/\.(ts|js|mjs)$/, '') === resolve(FLOWS_DIR, scenario.flow);
  return shipped ? scenario : { ...scenario, flow: file };
}

/**
 * Schema issues as field errors keyed by dotted path (`pools.0.agents`, `(top level)` for the document itself),
 * the first message of each field: what HotlineError.fields carries for a scenario that fails its check.
 */
export function fieldErrors(issues: readonly SchemaIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(top level)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Largest scenario file read, bytes (the shipped ones are under 4 kB). */
export const MAX_SCENARIO_BYTES = 1_000_000;

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Why the warm-up leaves nothing to count, or undefined: warmup_minutes at
 * least the run's length (a days horizon, or the time a calls-only horizon's
 * calls take to arrive; `calls` overrides horizon.calls as --calls does).
 */
export function warmupCoversRun(scenario: Scenario, calls?: number): string | undefined {
  if (scenario.warmup_minutes === 0) return undefined;
  const { horizonSec } = estimateRun(scenario, calls);
  if (scenario.warmup_minutes * 60 < horizonSec) return undefined;
  const run =
    scenario.horizon.days !== undefined && (calls ?? scenario.horizon.calls) === undefined
      ? `the horizon (${scenario.horizon.days} days)`
      : `the run (about ${round(horizonSec / 60)} minutes for ${calls ?? scenario.horizon.calls} calls at the mean arrival rate)`;
  return `warmup_minutes (${scenario.warmup_minutes}) is at least ${run}, so no call would be counted; lower warmup_minutes or lengthen the run.`;
}

/**
 * Parses and validates a scenario (YAML text). Every problem is reported with
 * file, line, field path and what is expected, e.g.
 * `scenarios/city.yaml:31:14: pools[1].agents: Invalid input: expected number, received string`.
 * `flow:` must be a flow id (see resolveFlowReference); it is resolved here, without running the flow.
 */
export function parseScenario(text: string, file: string, options: ScenarioReadOptions = {}): Scenario {
  const input = readYamlInput(text, file, 'HOTLINE_SCENARIO_INVALID');
  const { doc, lines } = input;
  const invalid = (path: readonly PropertyKey[], text: string) => {
    const prefix = `${schemaPathText(path)}: `;
    const message = text.startsWith(prefix) ? text.slice(prefix.length) : text;
    return new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, path)}: ${text}`, {
      fields: fieldErrors([{ path, message }]),
    });
  };
  const parsed = scenarioSchema.safeParse(input.data);
  if (!parsed.success)
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      schemaIssuesText(input, file, parsed.error.issues, describeIssue),
      {
        fields: fieldErrors(parsed.error.issues.map((issue) => ({ path: issue.path, message: describeIssue(issue) }))),
      },
    );
  const scenario = resolveScenarioFlow(
    parsed.data,
    `${yamlLocation(doc, lines, file, ['flow'])}: flow`,
    resolve(options.path ?? file),
    options.flows ?? {},
  );
  const served = new Set(scenario.pools.flatMap((p) => p.skills));
  scenario.call_types.forEach((type, i) => {
    if (!served.has(type.skill)) {
      throw invalid(
        ['call_types', i, 'skill'],
        `call_types[${i}].skill: no pool serves skill "${type.skill}"; add it to a pool's skills (pools serve: ${[...served].join(', ')}).`,
      );
    }
  });
  const shares = scenario.call_types.reduce((sum, t) => sum + t.share, 0);
  if (Math.abs(shares - 1) > SCENARIO_LIMITS.shareSumTolerance) {
    throw invalid(
      ['call_types'],
      `call_types: the shares add up to ${round(shares)}, not 1 (±${SCENARIO_LIMITS.shareSumTolerance}); make them add up to 1, e.g. ${scenario.call_types
        .map((t) => `${t.name} ${round(t.share / (shares || 1))}`)
        .slice(0, 4)
        .join(', ')}${scenario.call_types.length > 4 ? ', …' : ''}.`,
    );
  }
  const names = new Set<string>();
  scenario.pools.forEach((pool, i) => {
    if (names.has(pool.name))
      throw invalid(
        ['pools', i, 'name'],
        `pools[${i}].name: "${pool.name}" is used twice; pool names label costs and agents, give each its own.`,
      );
    names.add(pool.name);
  });
  for (const problem of behaviourProblems(scenario))
    throw invalid(problem.path, `${schemaPathText(problem.path)}: ${problem.message}`);
  const factors = scenario.demand.day_of_week_factor;
  if (factors && Object.values(factors).length === 7 && Object.values(factors).every((f) => f === 0)) {
    throw invalid(
      ['demand', 'day_of_week_factor'],
      `demand.day_of_week_factor: every day is 0, so no call would arrive.`,
    );
  }
  const profile = scenario.demand.hourly_profile_pct;
  const profileSum = profile?.reduce((a, b) => a + b, 0) ?? 100;
  if (Math.abs(profileSum - 100) > SCENARIO_LIMITS.profileSumTolerancePct) {
    throw invalid(
      ['demand', 'hourly_profile_pct'],
      `demand.hourly_profile_pct: the 24 values add up to ${round(profileSum)} %, not 100 % (±${SCENARIO_LIMITS.profileSumTolerancePct}); give each hour's percentage of the day's calls${profileSum > 0 ? ` (multiply each by ${round(100 / profileSum)})` : ''}.`,
    );
  }
  const warmupProblem = warmupCoversRun(scenario);
  if (warmupProblem) throw invalid(['warmup_minutes'], `${warmupProblem}`);
  return scenario;
}

/** Reads and validates a scenario file (a path, or a name in `scenarios/`); `flows` as in parseScenario. */
export function loadScenario(
  spec: string,
  cwd: string,
  scenariosDir: string,
  flows: FlowReferenceOptions = {},
): LoadedScenario {
  const candidates = isAbsolute(spec)
    ? [spec]
    : [resolve(cwd, spec), resolve(scenariosDir, spec), resolve(scenariosDir, `${spec}.yaml`)];
  for (const file of candidates) {
    let text: string;
    try {
      if (statSync(file).size > MAX_SCENARIO_BYTES)
        throw new HotlineError(
          'HOTLINE_SCENARIO_INVALID',
          `${file}: the file is larger than ${MAX_SCENARIO_BYTES} bytes; a scenario is a few kilobytes of YAML: check the path.`,
        );
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof HotlineError) throw error;
      continue;
    }
    return {
      scenario: parseScenario(text, spec.includes('/') || spec.endsWith('.yaml') ? spec : file, { flows, path: file }),
      file,
    };
  }
  throw new HotlineError(
    'HOTLINE_SCENARIO_NOT_FOUND',
    `No scenario "${spec}": looked at ${candidates.join(', ')}. Give a YAML file path or a name in scenarios/.`,
  );
}
