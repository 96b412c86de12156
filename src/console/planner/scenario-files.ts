import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HotlineError } from '../../errors.js';
import { MAX_SCENARIO_BYTES } from '../../scenario/load-scenario.js';
import type { ScenarioEntry } from './planner-wire.js';

/** A file name the planner reads or writes: letters, digits, `.`, `_`, `-`, ending .yaml or .yml; no folders. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/;

/**
 * The absolute path of scenario file `file` in `dir`, or a HOTLINE_PLANNER_REQUEST_INVALID naming the rule: a plain
 * file name (no `/`, `\`, `..`, leading dot), so no request reads or writes outside the folder.
 */
export function scenarioPath(dir: string, file: string): string {
  if (!FILE_NAME.test(file) || file.includes('..'))
    throw new HotlineError(
      'HOTLINE_PLANNER_REQUEST_INVALID',
      `scenario file "${file.slice(0, 120)}": give a plain file name in the scenarios folder: letters, digits, ".", "_", "-", ending .yaml (e.g. city-plus-5.yaml).`,
    );
  return join(dir, file);
}

/** The YAML scenario files of `dir` with their titles, by file name; an unreadable file is listed by its name. */
export function listScenarios(dir: string): ScenarioEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => FILE_NAME.test(name));
  } catch {
    return [];
  }
  return names.sort().flatMap((file): ScenarioEntry[] => {
    try {
      const path = join(dir, file);
      if (!statSync(path).isFile() || statSync(path).size > MAX_SCENARIO_BYTES) return [];
      const data = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 }) as Record<string, unknown> | null;
      const title = typeof data?.name === 'string' ? data.name : file;
      const description = typeof data?.description === 'string' ? data.description : null;
      return [{ file, title, description }];
    } catch {
      return [{ file, title: file, description: null }];
    }
  });
}

/** The text of scenario file `file` of `dir`; HOTLINE_PLANNER_NOT_FOUND when there is no such file. */
export function readScenarioText(dir: string, file: string): string {
  const path = scenarioPath(dir, file);
  try {
    if (statSync(path).size > MAX_SCENARIO_BYTES)
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        `scenario file "${file}" is larger than ${MAX_SCENARIO_BYTES} bytes; a scenario is a few kilobytes of YAML.`,
      );
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    throw new HotlineError(
      'HOTLINE_PLANNER_NOT_FOUND',
      `no scenario file "${file}" in the scenarios folder; pick one from GET /console/api/planner/scenarios.`,
    );
  }
}

/**
 * Writes `text` as NEW scenario file `file` of `dir` (exclusive create: an existing file is never overwritten, a
 * link in its place is not followed). HOTLINE_PLANNER_FILE_EXISTS when the name is taken.
 */
export function saveScenarioText(dir: string, file: string, text: string): string {
  const path = scenarioPath(dir, file);
  try {
    writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new HotlineError(
        'HOTLINE_PLANNER_FILE_EXISTS',
        `scenario file "${file}" exists; the planner saves a changed scenario as a new file: choose another name.`,
      );
    throw new HotlineError(
      'HOTLINE_PLANNER_REQUEST_INVALID',
      `cannot write scenario file "${file}" in the scenarios folder (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the folder exists and is writable.`,
    );
  }
  return path;
}
