import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract, parseContract } from '../../src/scenario/load-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thrown = (f: () => unknown): { code?: string; message: string } => {
  try {
    f();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected an error');
};

describe('loadContract', () => {
  it('loads the shipped contracts', () => {
    const vendor = loadContract(resolve('contracts/vendor-a.yaml'));
    expect(vendor).toMatchObject({ group: ['vendor-a'], period: 'month', judge_on: 'point', currency: 'RMB' });
    expect(vendor.penalties.cap_share_of_price).toBe(0.1);
    const staff = loadContract(resolve('contracts/city-staff.yaml'));
    expect(staff).toMatchObject({
      group: ['city-staff'],
      judge_on: 'interval',
      penalties: { cap_share_of_price: null },
    });
  });

  it('names file:line:column and the field of a schema error', () => {
    const text = 'name: X\ngroup: vendor-a\ntargets:\n  service_level_min: 1.5\n';
    const e = thrown(() => parseContract(text, 'contracts/x.yaml'));
    expect(e.code).toBe('HOTLINE_CONTRACT_INVALID');
    expect(e.message).toMatch(/^contracts\/x\.yaml:4:22: targets\.service_level_min: .*1/);
  });

  it('refuses an unknown field, a penalty without its target, and a wrong judge_on, each with its line', () => {
    expect(thrown(() => parseContract('name: X\ngroup: g\ntargets: {}\nbonus: 3\n', 'c.yaml')).message).toMatch(
      /^c\.yaml:1:1: \(top level\): .*bonus/,
    );
    const penalty = 'name: X\ngroup: g\ntargets: {}\npenalties:\n  aht: { fixed: 5 }\n';
    expect(thrown(() => parseContract(penalty, 'c.yaml')).message).toMatch(
      /^c\.yaml:5:8: penalties\.aht: .*needs its target/,
    );
    const judge = 'name: X\ngroup: [a, b]\njudge_on: median\ntargets: {}\n';
    expect(thrown(() => parseContract(judge, 'c.yaml')).message).toMatch(/^c\.yaml:3:11: judge_on: /);
  });

  it('reports bad YAML and a missing file as HOTLINE_CONTRACT_INVALID', () => {
    expect(thrown(() => parseContract('name: [x\n', 'c.yaml'))).toMatchObject({ code: 'HOTLINE_CONTRACT_INVALID' });
    const missing = thrown(() => loadContract(join(dir, 'nope.yaml'), 'nope.yaml'));
    expect(missing.code).toBe('HOTLINE_CONTRACT_INVALID');
    expect(missing.message).toMatch(/^nope\.yaml: cannot read the contract file \(ENOENT\)/);
  });

  it('turns a single group into a list and applies the defaults', () => {
    writeFileSync(join(dir, 'min.yaml'), 'name: Min\ngroup: team\ntargets: { abandon_rate_max: 0.05 }\n');
    expect(loadContract(join(dir, 'min.yaml'))).toMatchObject({
      group: ['team'],
      currency: 'RMB',
      period: 'month',
      judge_on: 'point',
      price: { fixed_per_month: 0, per_agent_hour: 0, per_answered_call: 0 },
      targets: { answer_within_sec: 15, satisfaction_definition: 'strict', abandon_rate_max: 0.05 },
    });
  });
});
