import { describe, expect, it } from 'vitest';
import { agentHoursOption, contractPeriodsOf, unusedAgentHours } from '../../src/cli/kpis-contracts.js';
import { ContractPeriodsBuilder } from '../../src/analysis/contract-periods.js';
import { handContract, handRecords } from '../helpers/contract-records.js';
import { ROOT } from '../helpers/run-cli.js';

describe('agentHoursOption', () => {
  it('looks hours up by group label and period label', () => {
    const hours = agentHoursOption(['vendor-a@2026-03=7200', 'a+b@2026-Q1=21000.5']);
    expect(hours('vendor-a', '2026-03')).toBe(7200);
    expect(hours('a+b', '2026-Q1')).toBe(21000.5);
    expect(hours('vendor-a', '2026-04')).toBeUndefined();
  });

  it.each(['vendor-a=1', 'vendor-a@2026-3=1', 'vendor-a@2026-03=', 'vendor-a@2026-03=-1', 'g@2026-Q5=1'])(
    'refuses %s with HOTLINE_OPTION_INVALID',
    (value) => {
      expect(() => agentHoursOption([value])).toThrow(/--agent-hours must be GROUP@PERIOD=HOURS/);
    },
  );
});

describe('contractPeriodsOf', () => {
  it('loads the contract files from the working folder, in the report’s zone', () => {
    const builder = contractPeriodsOf(['contracts/vendor-a.yaml'], ROOT, { timeZone: 'Asia/Shanghai' });
    expect(builder.result().contracts[0]).toMatchObject({ groups: ['vendor-a'], period: 'month', periods: [] });
  });
});

describe('unusedAgentHours', () => {
  it('warns of values naming no assessed group and period, listing those assessed', () => {
    const b = new ContractPeriodsBuilder([handContract], { timeZone: 'Asia/Shanghai' });
    for (const r of handRecords()) b.add(r);
    const warnings = unusedAgentHours(['vendor-a@2026-03=10', 'vendor-b@2026-03=10'], b.result());
    expect(warnings).toEqual([
      'hotline: --agent-hours vendor-b@2026-03=10: no contract period of that group and period was assessed (assessed: vendor-a@2026-02, vendor-a@2026-03)\n',
    ]);
  });
});
