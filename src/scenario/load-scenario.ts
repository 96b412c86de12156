import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { HotlineError } from '../errors.js';
import { schemaPathText, yamlLocation } from '../schema-path.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';
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
  const shipped = /\.(ts|js|mjs)$/.test(file) && file.replace(/\.(ts|js|mjs)$/, '') === resolve(FLOWS_DIR, scenario.flow);
  return shipped ? scenario : { ...scenario, flow: file };
}

/**
 * Parses and validates a scenario (YAML text). Every problem is reported with
 * file, line, field path and what is expected, e.g.
 * `scenarios/city.yaml:31:14: pools[1].agents: Invalid input: expected number, received string`.
 * `flow:` must be a flow id (see resolveFlowReference); it is resolved here, without running the flow.
 */
export function parseScenario(text: string, file: string, options: ScenarioReadOptions = {}): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`);
  }
  const parsed = scenarioSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${yamlLocation(doc, lines, file, issue.path)}: ${schemaPathText(issue.path) || '(top level)'}: ${describeIssue(issue)}`);
    const more = parsed.error.issues.length > 5 ? `\n(and ${parsed.error.issues.length - 5} more)` : '';
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${problems.join('\n')}${more}`);
  }
  const scenario = resolveScenarioFlow(parsed.data, `${yamlLocation(doc, lines, file, ['flow'])}: flow`, resolve(options.path ?? file), options.flows ?? {});
  const served = new Set(scenario.pools.flatMap((p) => p.skills));
  scenario.call_types.forEach((type, i) => {
    if (!served.has(type.skill)) {
      throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['call_types', i, 'skill'])}: call_types[${i}].skill: no pool serves skill "${type.skill}"; add it to a pool's skills (pools serve: ${[...served].join(', ')}).`);
    }
  });
  if (scenario.call_types.reduce((sum, t) => sum + t.share, 0) <= 0) {
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['call_types'])}: call_types: the shares add up to 0; give each type its share of calls.`);
  }
  const names = new Set<string>();
  scenario.pools.forEach((pool, i) => {
    if (names.has(pool.name)) throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['pools', i, 'name'])}: pools[${i}].name: "${pool.name}" is used twice; pool names label costs and agents, give each its own.`);
    names.add(pool.name);
  });
  const factors = scenario.demand.day_of_week_factor;
  if (factors && Object.values(factors).length === 7 && Object.values(factors).every((f) => f === 0)) {
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['demand', 'day_of_week_factor'])}: demand.day_of_week_factor: every day is 0, so no call would arrive.`);
  }
  if (scenario.horizon.days !== undefined && scenario.warmup_minutes * 60 >= scenario.horizon.days * 86400) {
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['warmup_minutes'])}: warmup_minutes (${scenario.warmup_minutes}) covers the whole horizon (${scenario.horizon.days} days); nothing would be counted.`);
  }
  const profile = scenario.demand.hourly_profile_pct;
  if (profile && profile.reduce((a, b) => a + b, 0) <= 0) {
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${yamlLocation(doc, lines, file, ['demand', 'hourly_profile_pct'])}: demand.hourly_profile_pct: all 24 values are 0.`);
  }
  return scenario;
}

/** Reads and validates a scenario file (a path, or a name in `scenarios/`); `flows` as in parseScenario. */
export function loadScenario(spec: string, cwd: string, scenariosDir: string, flows: FlowReferenceOptions = {}): LoadedScenario {
  const candidates = isAbsolute(spec) ? [spec] : [resolve(cwd, spec), resolve(scenariosDir, spec), resolve(scenariosDir, `${spec}.yaml`)];
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return { scenario: parseScenario(text, spec.includes('/') || spec.endsWith('.yaml') ? spec : file, { flows, path: file }), file };
  }
  throw new HotlineError('HOTLINE_SCENARIO_NOT_FOUND', `No scenario "${spec}": looked at ${candidates.join(', ')}. Give a YAML file path or a name in scenarios/.`);
}
