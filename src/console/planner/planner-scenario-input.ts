import { realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { HotlineError, isHotlineError } from '../../errors.js';
import { runnableScenario } from '../../planning/recorded-behaviour.js';
import { parseScenario } from '../../scenario/load-scenario.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import { readScenarioText, scenarioPath } from './scenario-files.js';

/** A scenario as the page sends it: a file of the folder, or YAML text, or an edited object (as the YAML's data). */
export interface ScenarioInput {
  /** A file of the scenarios folder: read when neither `yaml` nor `data` is given; else what the edit started from. */
  readonly file?: string | undefined;
  readonly yaml?: string | undefined;
  readonly data?: unknown;
}

/** A checked scenario input: its YAML text, the scenario, and the file it stands for (relative paths start there). */
export interface CheckedScenario {
  readonly yaml: string;
  readonly scenario: Scenario;
  readonly path: string;
}

/** The YAML text of an input: as given, the edited object written as YAML, or the file's text. */
export function inputText(dir: string, input: ScenarioInput): string {
  if (input.yaml !== undefined) return input.yaml;
  if (input.data !== undefined) return stringify(input.data, { lineWidth: 0 });
  if (input.file !== undefined) return readScenarioText(dir, input.file);
  throw new HotlineError(
    'HOTLINE_PLANNER_REQUEST_INVALID',
    'a scenario needs file (a name from GET /console/api/planner/scenarios), yaml (its text) or data (an edited object).',
  );
}

/**
 * Checks a scenario input with the loader `hotline simulate` uses (parseScenario: the same schema, the same
 * cross-field checks); a failure becomes HOTLINE_PLANNER_REQUEST_INVALID (a 400) with the loader's message and its
 * field errors by dotted path (`pools.0.agents`). `flow:` ids are looked up in the shipped flows/; paths are refused.
 */
export function checkScenario(dir: string, input: ScenarioInput, roots?: readonly string[]): CheckedScenario {
  const yaml = inputText(dir, input);
  const path = input.file === undefined ? join(dir, 'edited.yaml') : scenarioPath(dir, input.file);
  let scenario: Scenario;
  try {
    scenario = parseScenario(yaml, input.file ?? 'edited scenario', { path });
  } catch (error) {
    throw asRequestError(error);
  }
  if (roots) checkReferences(scenario, path, roots);
  return { yaml, scenario, path };
}

/** The folders a scenario from the page may name files in: the working and scenarios folders and their neighbours. */
export function referenceRoots(cwd: string, scenariosDir: string, recordingsDir: string): string[] {
  return [
    cwd,
    scenariosDir,
    join(scenariosDir, '..', 'contracts'),
    join(scenariosDir, '..', 'recordings'),
    recordingsDir,
  ];
}

const inside = (path: string, root: string) => path === root || path.startsWith(`${root}${sep}`);

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The files a scenario names (contracts, a pool's contract, recordings.dir) must lie inside `roots`, links
 * followed: a scenario sent by a page cannot make the server read a file elsewhere (the CLI, run by the file's
 * owner, has no such rule). HOTLINE_PLANNER_REQUEST_INVALID at the field otherwise.
 */
function checkReferences(scenario: Scenario, path: string, roots: readonly string[]): void {
  const allowed = roots.map(real);
  const references: [string, string][] = [
    ...(scenario.contracts ?? []).map((file, i): [string, string] => [`contracts.${i}`, file]),
    ...scenario.pools.flatMap((pool, i): [string, string][] =>
      pool.contract ? [[`pools.${i}.contract`, pool.contract]] : [],
    ),
    ...(scenario.recordings ? [['recordings.dir', scenario.recordings.dir] as [string, string]] : []),
  ];
  for (const [field, file] of references) {
    const target = resolve(dirname(path), file);
    if (!allowed.some((root) => inside(resolve(target), root) && inside(real(target), root)))
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        `${field}: "${file.slice(0, 200)}" is outside the folders the planner reads (the working folder, the scenarios folder, contracts/ and recordings/ beside it); move the file there.`,
        { fields: { [field]: 'outside the folders the planner reads' } },
      );
  }
}

/** A checked scenario with its contracts and recorded behaviour taken in (what the planning layer runs). */
export async function runnableInput(checked: CheckedScenario, cwd: string): Promise<Scenario> {
  try {
    return (await runnableScenario({ scenario: checked.scenario, file: checked.path }, cwd)).scenario;
  } catch (error) {
    throw asRequestError(error);
  }
}

/** A loader's failure as the 400 the page shows (keeping its fields); anything else is rethrown. */
function asRequestError(error: unknown): unknown {
  if (!isHotlineError(error) || error.statusCode < 500) return error;
  return new HotlineError('HOTLINE_PLANNER_REQUEST_INVALID', error.message, {
    cause: error,
    ...(error.fields ? { fields: error.fields } : {}),
  });
}
