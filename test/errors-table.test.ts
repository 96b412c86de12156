import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../src/errors.js';

// Like fastify's test/internals/errors.test.js: the registry (src/errors.ts) and the README's error table are checked
// against each other both ways (code, HTTP status, meaning), and against the source (every code thrown, none unknown).

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SRC_DIR = fileURLToPath(new URL('../src/', import.meta.url));
const REGISTRY_FILE = join(SRC_DIR, 'errors.ts');

interface TableRow {
  readonly code: string;
  readonly status: string;
  readonly meaning: string;
}

/** The rows of the table under "## Error codes", up to the next heading of that level. */
function errorTable(readme: string): TableRow[] {
  const start = readme.indexOf('\n## Error codes\n');
  if (start < 0) throw new Error('README.md has no "## Error codes" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \| (.*) \|$/gm)].map((m) => ({
    code: m[1]!,
    status: m[2]!.trim(),
    meaning: m[3]!,
  }));
}

/** A meaning as text: Markdown code marks dropped, runs of white space made one space. */
function normalised(text: string): string {
  return text.replaceAll('`', '').replace(/\s+/g, ' ').trim();
}

/** The status as the table writes it: "-" for errors that are not HTTP answers (status 0 in the registry). */
function tableStatus(status: number): string {
  return status === 0 ? '-' : String(status);
}

/** Every .ts file under `dir`, with its text. */
function sourceFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}

const rows = errorTable(README);
const registry = Object.entries(ERROR_CODES) as [ErrorCode, (typeof ERROR_CODES)[ErrorCode]][];
const sources = sourceFiles(SRC_DIR).filter((s) => s.file !== REGISTRY_FILE);

describe('the README error table', () => {
  it('has rows', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('lists each code once', () => {
    const seen = rows.map((r) => r.code);
    expect(seen.filter((code, i) => seen.indexOf(code) !== i)).toEqual([]);
  });

  it('lists every code of the registry, with its HTTP status and its meaning', () => {
    for (const [code, { status, summary }] of registry) {
      const row = rows.find((r) => r.code === code);
      expect(row, `${code} is missing from the README error table`).toBeDefined();
      expect(row!.status, `${code}: HTTP status in the README`).toBe(tableStatus(status));
      expect(normalised(row!.meaning), `${code}: meaning in the README vs summary in src/errors.ts`).toBe(
        normalised(summary),
      );
    }
  });

  it('lists no code the registry lacks', () => {
    const unknown = rows.map((r) => r.code).filter((code) => !Object.hasOwn(ERROR_CODES, code));
    expect(unknown, 'codes in the README error table but not in src/errors.ts').toEqual([]);
  });
});

describe('the error registry against the source', () => {
  it('has no dead codes: every code is used somewhere in src/ besides src/errors.ts', () => {
    const unused = registry
      .map(([code]) => code)
      .filter((code) => !sources.some((s) => s.text.includes(`'${code}'`) || s.text.includes(`ERROR_CODES.${code}`)));
    expect(unused, 'codes in src/errors.ts that nothing throws: remove them (and their README rows)').toEqual([]);
  });

  it('has every code that src/ names', () => {
    // Quoted HOTLINE_ names that the code reads from the environment are variables, not codes.
    const envNames = new Set(
      sources.flatMap((s) => [...s.text.matchAll(/\benv(?:\.|\[')(HOTLINE_[A-Z0-9_]+)/g)].map((m) => m[1]!)),
    );
    const named = new Set(
      sources.flatMap((s) => [...s.text.matchAll(/['"`](HOTLINE_[A-Z0-9_]+)['"`]/g)].map((m) => m[1]!)),
    );
    const unknown = [...named].filter((name) => !envNames.has(name) && !Object.hasOwn(ERROR_CODES, name));
    expect(unknown, 'codes used in src/ but missing from src/errors.ts').toEqual([]);
  });
});
