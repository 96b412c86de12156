import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { HotlineError } from '../errors.js';
import { schemaPathText, yamlLocation } from '../schema-path.js';
import type { Contract } from '../analysis/contract-assessment.js';
import { asContract, contractSchema } from './contract-schema.js';
import { MAX_SCENARIO_BYTES, yamlData } from './load-scenario.js';

const FIELDS =
  'Fields: name, description, group, pool, currency, period (month | quarter), judge_on (point | interval), price {fixed_per_month, per_agent_hour, per_answered_call}, targets, penalties.';

/**
 * Parses and validates a contract (YAML text). Every problem is reported with
 * file, line, column, field path and what is expected, e.g.
 * `contracts/vendor-a.yaml:12:22: targets.service_level_min: Too big: expected number to be <=1`.
 * @throws HotlineError HOTLINE_CONTRACT_INVALID
 */
export function parseContract(text: string, file: string): Contract {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    throw new HotlineError(
      'HOTLINE_CONTRACT_INVALID',
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
    );
  }
  const parsed = contractSchema.safeParse(yamlData(doc, text, lines, file, 'HOTLINE_CONTRACT_INVALID'));
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map(
        (issue) =>
          `${yamlLocation(doc, lines, file, issue.path)}: ${schemaPathText(issue.path) || '(top level)'}: ${issue.message}`,
      );
    const more = parsed.error.issues.length > 5 ? `\n(and ${parsed.error.issues.length - 5} more)` : '';
    throw new HotlineError('HOTLINE_CONTRACT_INVALID', `${problems.join('\n')}${more}\n${FIELDS}`);
  }
  return asContract(parsed.data);
}

/**
 * Reads and validates a contract file (an absolute or working-folder path).
 * @throws HotlineError HOTLINE_CONTRACT_INVALID when it is missing, too large or invalid.
 */
export function loadContract(path: string, shownAs: string = path): Contract {
  let text: string;
  try {
    if (statSync(path).size > MAX_SCENARIO_BYTES)
      throw new HotlineError(
        'HOTLINE_CONTRACT_INVALID',
        `${shownAs}: the file is larger than ${MAX_SCENARIO_BYTES} bytes; a contract is a few hundred bytes of YAML: check the path.`,
      );
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    throw new HotlineError(
      'HOTLINE_CONTRACT_INVALID',
      `${shownAs}: cannot read the contract file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a YAML contract file (paths in a scenario are relative to the scenario file).`,
      { cause: error },
    );
  }
  return parseContract(text, shownAs);
}
