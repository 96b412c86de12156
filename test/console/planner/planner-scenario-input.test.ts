import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkScenario,
  inputText,
  referenceRoots,
  runnableInput,
} from '../../../src/console/planner/planner-scenario-input.js';
import type { HotlineError } from '../../../src/errors.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-scenario-input-'));
  copyFileSync(FIXTURE, join(dir, 'small-line.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failure(run: () => unknown): HotlineError {
  try {
    run();
  } catch (error) {
    return error as HotlineError;
  }
  throw new Error('expected a failure');
}

describe('scenario inputs of the planner', () => {
  it('reads a file, YAML text or an edited object into the same scenario', async () => {
    const fromFile = checkScenario(dir, { file: 'small-line.yaml' });
    const data = parse(inputText(dir, { file: 'small-line.yaml' }));
    const fromData = checkScenario(dir, { data });
    expect(fromData.scenario).toEqual(fromFile.scenario);
    expect(checkScenario(dir, { yaml: fromFile.yaml }).scenario).toEqual(fromFile.scenario);
    expect((await runnableInput(fromFile, dir)).pools[0]!.agents).toBe(6);
  });

  it("answers a 400 with the loader's field errors by path", () => {
    const data = parse(inputText(dir, { file: 'small-line.yaml' }));
    data.pools[0].agents = 'six';
    data.targets.service_level = 2;
    const error = failure(() => checkScenario(dir, { data }));
    expect(error.code).toBe('HOTLINE_PLANNER_REQUEST_INVALID');
    expect(error.statusCode).toBe(400);
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['pools.0.agents', 'targets.service_level']);
    expect(failure(() => checkScenario(dir, {})).message).toMatch(/needs file/);
  });

  it('refuses a scenario naming a file outside the folders the planner reads, at its field', () => {
    const roots = referenceRoots(dir, dir, join(dir, 'recordings'));
    const data = parse(inputText(dir, { file: 'small-line.yaml' }));
    for (const [change, field] of [
      [{ contracts: ['/etc/passwd'] }, 'contracts.0'],
      [{ contracts: ['../../elsewhere.yaml'] }, 'contracts.0'],
      [{ pools: [{ ...data.pools[0], contract: '../x/c.yaml' }] }, 'pools.0.contract'],
      [{ recordings: { dir: '/' } }, 'recordings.dir'],
    ] as const) {
      const error = failure(() => checkScenario(dir, { data: { ...data, ...change } }, roots));
      expect(Object.keys(error.fields ?? {}), field).toEqual([field]);
    }
    expect(checkScenario(dir, { data: { ...data, contracts: ['city.yaml'] } }, roots).scenario.contracts).toEqual([
      'city.yaml',
    ]);
  });
});
