import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const TEST = new URL('.', import.meta.url).pathname;
const SRC = new URL('../src/', import.meta.url).pathname;

/** Folders of test/ that mirror nothing by design. */
const APART = ['integration/', 'helpers/', 'fixtures/'];

/** Checks of the whole project at test/'s root, each with what it crosses. */
const CROSS_CUTTING: Readonly<Record<string, string>> = {
  'architecture.test.ts': 'the folder graph of all of src/ (ARCHITECTURE.md)',
  'errors-table.test.ts': 'src/errors.ts against the README table and every code literal in src/',
  'public-api.test.ts': 'the barrel src/index.ts against what the README documents',
  'setup-agreement.test.ts': 'the README set-up against .ci/run and the scripts',
  'test-layout.test.ts': 'this file: the layout of test/ against src/',
};

/** Test files that mirror no src path, each with the reason; empty today, and a stale entry fails. */
const EXCEPTIONS: Readonly<Record<string, string>> = {};

/**
 * The src/ path a test file mirrors: test/<path>/<module>[.<aspect>].test.ts tests src/<path>/<module>.ts. A test
 * named after a folder (test/server/services.test.ts) does not mirror anything: it would be a grab-bag under a
 * respectable name; tests of several modules of a room end to end go to test/integration/. The optional aspect (`html-report.browser`, `call-store.final-record`)
 * splits a long or slow test of one module into files without losing the mirror.
 */
function mirroredSource(testFile: string): string {
  const slash = testFile.lastIndexOf('/');
  const module = testFile
    .slice(slash + 1)
    .replace(/\.test\.ts$/, '')
    .split('.')[0]!;
  return `${testFile.slice(0, slash + 1)}${module}`;
}

/** The test files (paths relative to test/) that mirror no src path and are not apart, cross-cutting or excepted. */
function layoutOffenders(testFiles: readonly string[], sourceExists: (path: string) => boolean): string[] {
  return testFiles.filter((file) => {
    if (APART.some((folder) => file.startsWith(folder))) return false;
    if (!file.includes('/')) return CROSS_CUTTING[file] === undefined && !sourceExists(`${mirroredSource(file)}.ts`);
    if (EXCEPTIONS[file] !== undefined) return false;
    const source = mirroredSource(file);
    return !sourceExists(`${source}.ts`);
  });
}

const testFiles = readdirSync(TEST, { recursive: true, encoding: 'utf8' })
  .map((file) => file.split('\\').join('/'))
  .filter((file) => file.endsWith('.test.ts'))
  .sort();
const onDisk = (path: string) => existsSync(`${SRC}${path}`);

describe('test/ mirrors src/ by path (CONVENTIONS.md habit 11)', () => {
  it('has every test file at the path of the src file or folder it tests, or apart, cross-cutting or excepted with a reason', () => {
    // A file listed here: rename it to test/<path>/<module>[.<aspect>].test.ts after the src module it tests, move it to
    // test/integration/ if it starts processes or runs many rooms end to end, or add it to EXCEPTIONS with the reason.
    expect(layoutOffenders(testFiles, onDisk)).toEqual([]);
  });

  it('keeps no stale entry: every cross-cutting and excepted file exists', () => {
    const listed = [...Object.keys(CROSS_CUTTING), ...Object.keys(EXCEPTIONS)];
    expect(listed.filter((file) => !testFiles.includes(file))).toEqual([]);
  });

  it('keeps test files out of helpers and fixtures', () => {
    expect(testFiles.filter((file) => file.startsWith('helpers/') || file.startsWith('fixtures/'))).toEqual([]);
  });
});

describe('the layout check itself', () => {
  const sources = new Set([
    'sim/call-centre-sim.ts',
    'flow/runtime/compiled-flow.ts',
    'twilio/emulator/',
    'bounded-memo.ts',
  ]);
  const exists = (path: string) => sources.has(path);

  it('maps a test file, with or without an aspect, to its module', () => {
    expect(mirroredSource('sim/call-centre-sim.test.ts')).toBe('sim/call-centre-sim');
    expect(mirroredSource('report/html-report.browser.test.ts')).toBe('report/html-report');
    expect(mirroredSource('bounded-memo.test.ts')).toBe('bounded-memo');
  });

  it('accepts mirrors of files, the apart folders and the cross-cutting checks', () => {
    const good = [
      'sim/call-centre-sim.test.ts',
      'sim/call-centre-sim.long-runs.test.ts',
      'flow/runtime/compiled-flow.test.ts',
      'bounded-memo.test.ts',
      'integration/anything.test.ts',
      'architecture.test.ts',
    ];
    expect(layoutOffenders(good, exists)).toEqual([]);
  });

  it('flags a test named after a feature or a folder, a test in the wrong room and an unlisted test at the root', () => {
    const bad = [
      'twilio/emulator.test.ts',
      'sim/review-regressions.test.ts',
      'flow/call-centre-sim.test.ts',
      'flow/compiled-flow.test.ts',
      'hardening.test.ts',
    ];
    expect(layoutOffenders(bad, exists)).toEqual(bad);
  });
});
