import { readFileSync } from 'node:fs';
import { HotlineError } from '../errors.js';

/** A case-status lookup: case number → status text, for the `caseStatus` lookup service. */
export type CaseLookup = (caseNumber: string) => Promise<{ found: boolean; data?: Record<string, string> }>;

/**
 * Loads a case directory from a JSON file mapping case numbers to status text
 * (keys starting with `_` are comments). Stands in for the work-order system a
 * city would connect; the file is read once.
 */
export function loadCaseDirectory(file: string): CaseLookup {
  let cases: Record<string, unknown>;
  try {
    cases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_CASE_DIRECTORY_INVALID',
      `Cannot read the case directory ${file}: ${(error as Error).message}. It must be a JSON object of "caseNumber": "status text".`,
    );
  }
  const table = new Map<string, string>();
  for (const [key, value] of Object.entries(cases)) {
    if (key.startsWith('_')) continue;
    if (typeof value !== 'string')
      throw new HotlineError(
        'HOTLINE_CASE_DIRECTORY_INVALID',
        `${file}: case "${key}" must map to a status text, not ${JSON.stringify(value)}.`,
      );
    table.set(key, value);
  }
  return async (caseNumber) => {
    const status = table.get(caseNumber);
    return status === undefined ? { found: false } : { found: true, data: { status } };
  };
}
