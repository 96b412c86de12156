import { dirname, resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import { loadContract } from './load-contract.js';
import type { Scenario, ScenarioContract } from './scenario-schema.js';

/**
 * The scenario with the contracts it names loaded into `contractTerms`:
 * each `contracts:` file covers the pool entries named in its `group`; a
 * pool's own `contract:` covers that pool entry. Paths are relative to the
 * scenario file. A scenario naming no contract is returned as it is.
 * @throws HotlineError HOTLINE_CONTRACT_INVALID for a missing or invalid file, or a `group` naming no pool entry.
 */
export function attachContracts(scenario: Scenario, scenarioFile: string, cwd: string): Scenario {
  const dir = dirname(resolve(cwd, scenarioFile));
  const poolNames = scenario.pools.map((p) => p.name);
  const terms: ScenarioContract[] = [];
  (scenario.contracts ?? []).forEach((file, i) => {
    const contract = loadContract(resolve(dir, file), file);
    const pools = contract.group.filter((g) => poolNames.includes(g));
    if (pools.length === 0)
      throw new HotlineError(
        'HOTLINE_CONTRACT_INVALID',
        `${scenarioFile}: contracts[${i}]: ${file} covers group ${contract.group.join(', ')}, but the scenario's pools are ${poolNames.join(', ')}; name a pool after the group, or give the pool "contract: ${file}".`,
      );
    terms.push({ file, contract, pools });
  });
  scenario.pools.forEach((pool) => {
    if (pool.contract === undefined) return;
    const file = pool.contract;
    const known = terms.find((t) => t.file === file);
    if (known) {
      if (!known.pools.includes(pool.name))
        terms[terms.indexOf(known)] = { ...known, pools: [...known.pools, pool.name] };
      return;
    }
    terms.push({ file, contract: loadContract(resolve(dir, file), file), pools: [pool.name] });
  });
  return terms.length === 0 ? scenario : { ...scenario, contractTerms: terms };
}
