import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

/** The shell lines of the README's quick start block (the newcomer's whole set-up). */
function quickStart(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe('the README set-up and CI do the same thing', () => {
  it('both install the Debian packages with the one script, and the script installs chromium and the compiler', () => {
    const ci = read('.ci/run')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(quickStart()).toContain('sudo bash scripts/install-debian-packages.sh');
    expect(ci).toContain('bash scripts/install-debian-packages.sh');
    const packages = /^PACKAGES=\(([^)]*)\)/m.exec(read('scripts/install-debian-packages.sh'))?.[1]?.split(/\s+/) ?? [];
    expect(packages).toEqual(expect.arrayContaining(['chromium', 'python3', 'make', 'g++']));
  });

  it('CI runs the README test command after installing from the lock file, and nothing else', () => {
    const ci = read('.ci/run')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(quickStart()).toContain('npm test');
    expect(ci.at(-1)).toBe('npm test');
    expect(ci.filter((line) => /^(npm|npx|node|bash|apt|sudo)\b/.test(line))).toEqual([
      'bash scripts/install-debian-packages.sh',
      'node --version',
      'npm --version',
      'npm ci --no-audit --no-fund',
      'npm test',
    ]);
  });

  it('the browser test looks for chromium where the Debian package puts it', () => {
    expect(read('test/report/html-report.browser.test.ts')).toContain("'/usr/bin/chromium'");
  });
});
