import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { attachContracts } from '../../src/scenario/scenario-contracts.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-scenario-contracts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'c'));
writeFileSync(join(dir, 'c/both.yaml'), 'name: Both\ngroup: [staff, vendor]\ntargets: { abandon_rate_max: 0.05 }\n');
writeFileSync(join(dir, 'c/vendor.yaml'), 'name: Vendor\ngroup: elsewhere\ntargets: { abandon_rate_max: 0.05 }\n');

function scenario(extra: string, vendorContract = '') {
  return parseScenario(
    `name: S
horizon: { calls: 100 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
pools:
  - { name: staff, pool: in-house, skills: [g], agents: 2 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 2${vendorContract} }
${extra}`,
    's.yaml',
  );
}

describe('attachContracts', () => {
  it('returns a scenario without contracts as it is', () => {
    const s = scenario('');
    expect(attachContracts(s, 's.yaml', dir)).toBe(s);
  });

  it("covers the pools named in a contract's group, and a pool's own contract (paths relative to the scenario)", () => {
    const s = attachContracts(scenario('contracts: [c/both.yaml]', ', contract: c/vendor.yaml'), 's.yaml', dir);
    expect(s.contractTerms!.map((t) => [t.file, t.contract.name, t.pools])).toEqual([
      ['c/both.yaml', 'Both', ['staff', 'vendor']],
      ['c/vendor.yaml', 'Vendor', ['vendor']],
    ]);
  });

  it('loads a file named both ways once', () => {
    const s = attachContracts(scenario('contracts: [c/both.yaml]', ', contract: c/both.yaml'), 's.yaml', dir);
    expect(s.contractTerms).toHaveLength(1);
  });

  it("refuses a contract whose group names none of the scenario's pools, and a missing file", () => {
    expect(() => attachContracts(scenario('contracts: [c/vendor.yaml]'), 's.yaml', dir)).toThrow(
      /^s\.yaml: contracts\[0\]: c\/vendor\.yaml covers group elsewhere, but the scenario's pools are staff, vendor/,
    );
    expect(() => attachContracts(scenario('contracts: [c/none.yaml]'), 's.yaml', dir)).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_CONTRACT_INVALID',
        message: expect.stringMatching(/^c\/none\.yaml: cannot read/),
      }),
    );
  });
});
