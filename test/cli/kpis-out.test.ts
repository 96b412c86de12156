import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareOutDir, writeKpisOut } from '../../src/cli/kpis-out.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-kpis-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareOutDir', () => {
  it('creates a missing folder with its parents', () => {
    const out = join(dir, 'a', 'b');
    expect(prepareOutDir(out)).toBe(out);
    expect(statSync(out).isDirectory()).toBe(true);
    expect(prepareOutDir(out)).toBe(out);
  });

  it('refuses a file with HOTLINE_FILE_ACCESS naming it', () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, 'x');
    expect(() => prepareOutDir(file)).toThrow(expect.objectContaining({ code: 'HOTLINE_FILE_ACCESS' }));
    expect(() => prepareOutDir(file)).toThrow(/report\.html exists and is not a folder; name a folder/);
  });
});

describe('writeKpisOut', () => {
  it('writes the three files, overwriting earlier ones', () => {
    const out = prepareOutDir(join(dir, 'out'));
    writeFileSync(join(out, 'kpis.csv'), 'old');
    const paths = writeKpisOut(out, { 'index.html': '<p>', 'kpis.json': '{}', 'kpis.csv': 'a,b\n' });
    expect(paths).toEqual(['index.html', 'kpis.json', 'kpis.csv'].map((f) => join(out, f)));
    expect(paths.every((p) => existsSync(p))).toBe(true);
    expect(readFileSync(join(out, 'kpis.csv'), 'utf8')).toBe('a,b\n');
  });
});
