import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';

describe('the README error table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(HOTLINE_[A-Z_]+)` \| (\d+|-) \|/gm)].map((m) => ({ code: m[1]!, status: m[2]! }));

  it('lists every error code exactly once', () => {
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('gives each code its HTTP status ("-" for errors that are not HTTP answers)', () => {
    for (const row of rows) {
      const status = ERROR_CODES[row.code as keyof typeof ERROR_CODES].status;
      expect(row.status, row.code).toBe(status === 0 ? '-' : String(status));
    }
  });
});
