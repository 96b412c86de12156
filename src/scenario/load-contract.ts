import { readFileSync, statSync } from 'node:fs';
import { HotlineError } from '../errors.js';
import { readYamlInput, schemaIssuesText } from '../schema-path.js';
import type { Contract } from '../analysis/contract-assessment.js';
import { asContract, contractSchema } from './contract-schema.js';
import { MAX_SCENARIO_BYTES } from './load-scenario.js';

const FIELDS =
  'Fields: name, description, group, pool, currency, period (month | quarter), judge_on (point | interval), price {fixed_per_month, per_agent_hour, per_answered_call}, targets, penalties.';

/**
 * Parses and validates a contract (YAML text). Every problem is reported with
 * file, line, column, field path and what is expected, e.g.
 * `contracts/vendor-a.yaml:12:22: targets.service_level_min: Too big: expected number to be <=1`.
 * @throws HotlineError HOTLINE_CONTRACT_INVALID
 */
export function parseContract(text: string, file: string): Contract {
  const input = readYamlInput(text, file, 'HOTLINE_CONTRACT_INVALID');
  const parsed = contractSchema.safeParse(input.data);
  if (!parsed.success)
    throw new HotlineError(
      'HOTLINE_CONTRACT_INVALID',
      `${schemaIssuesText(input, file, parsed.error.issues)}\n${FIELDS}`,
    );
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
