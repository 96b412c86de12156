import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listScenarios,
  readScenarioText,
  saveScenarioText,
  scenarioPath,
} from '../../../src/console/planner/scenario-files.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-scenario-files-'));
  copyFileSync(FIXTURE, join(dir, 'small-line.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('scenario files of the planner', () => {
  it('lists YAML files with their titles, an unparsable one by its name, and nothing else', () => {
    writeFileSync(join(dir, 'broken.yaml'), 'name: [');
    writeFileSync(join(dir, 'notes.txt'), 'name: x');
    expect(listScenarios(dir)).toEqual([
      { file: 'broken.yaml', title: 'broken.yaml', description: null },
      { file: 'small-line.yaml', title: 'Small line', description: 'Six agents, an hour of calls.' },
    ]);
    expect(listScenarios(join(dir, 'missing'))).toEqual([]);
  });

  it('accepts only plain YAML file names of the folder', () => {
    expect(scenarioPath(dir, 'a-b_c.1.yaml')).toBe(join(dir, 'a-b_c.1.yaml'));
    for (const bad of ['../x.yaml', 'a/x.yaml', 'a\\x.yaml', '.x.yaml', 'x..yaml', 'x.json', '', 'x.yaml\0'])
      expect(() => scenarioPath(dir, bad), bad).toThrow(/plain file name/);
  });

  it('writes a new file and never over an existing one, nor through a link', () => {
    saveScenarioText(dir, 'new.yaml', 'name: x\n');
    expect(readScenarioText(dir, 'new.yaml')).toBe('name: x\n');
    expect(() => saveScenarioText(dir, 'small-line.yaml', 'name: y\n')).toThrow(/exists/);
    expect(readFileSync(join(dir, 'small-line.yaml'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    symlinkSync(join(dir, 'small-line.yaml'), join(dir, 'link.yaml'));
    expect(() => saveScenarioText(dir, 'link.yaml', 'name: y\n')).toThrow(/exists/);
    expect(() => readScenarioText(dir, 'none.yaml')).toThrow(/no scenario file/);
  });
});
