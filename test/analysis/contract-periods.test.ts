import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src/analysis/contract-assessment.js';
import { ContractPeriodsBuilder } from '../../src/analysis/contract-periods.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { handContract, handRecords } from '../helpers/contract-records.js';

function assess(contract: Contract, records: readonly CallRecord[] = handRecords()) {
  const b = new ContractPeriodsBuilder([contract], { timeZone: 'Asia/Shanghai' });
  for (const r of records) b.add(r);
  return b;
}

describe('ContractPeriodsBuilder', () => {
  it('assesses each month in the hotline zone: February missed (hand-computed), March met', () => {
    const report = assess(handContract).result();
    expect(report.queuedWithoutGroup).toBe(1);
    const [c] = report.contracts;
    expect(c).toMatchObject({ name: 'Vendor A', groups: ['vendor-a'], period: 'month' });
    const [feb, mar] = c!.periods;
    expect(c!.periods).toHaveLength(2);
    expect(feb).toMatchObject({ period: '2026-02', group: 'vendor-a', offered: 5, answered: 4 });
    const [sl, ab] = feb!.targets;
    // 2 of 5 within 15 s: 40 %, 40 points short of 80 % → 4,000; abandonment 1 of 5 = 20 %: met.
    expect(sl).toMatchObject({ target: 'service_level', met: false, min: 0.8 });
    expect(sl!.actual).toBeCloseTo(0.4, 12);
    expect(sl!.shortfall).toBeCloseTo(40, 9);
    expect(sl!.penalty).toBeCloseTo(4000, 6);
    expect(sl!.interval![0]).toBeCloseTo(0.1176, 4);
    expect(sl!.interval![1]).toBeCloseTo(0.7693, 4);
    expect(ab).toMatchObject({ target: 'abandon_rate', met: true, penalty: 0 });
    expect(feb!.price).toEqual({ fixed: 1000, agentHours: 0, answeredCalls: 8, total: 1008 });
    expect(feb!.penalty).toBeCloseTo(4000, 6);
    expect(feb!.payable).toBe(0);
    expect(mar).toMatchObject({ period: '2026-03', offered: 4, answered: 4, penalty: 0, payable: 1008 });
    expect(mar!.targets.map((t) => t.met)).toEqual([true, true]);
  });

  it('gives the same result whatever order the records come in', () => {
    const records = handRecords();
    const sorted = assess(handContract, records).result();
    const reversed = assess(handContract, [...records].reverse()).result();
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(sorted));
  });

  it('assesses a quarter as one period, at three months of the fixed price', () => {
    const [q] = assess({ ...handContract, period: 'quarter' }).result().contracts[0]!.periods;
    expect(q).toMatchObject({ period: '2026-Q1', offered: 9, answered: 8 });
    expect(q!.price.total).toBe(3000 + 16);
  });

  it('counts the contract’s own answer_within_sec (10 s: 2 of 5 in February as well, 4 of 4 in March)', () => {
    const ten = { ...handContract, targets: { ...handContract.targets, answer_within_sec: 10 } };
    const [feb, mar] = assess(ten).result().contracts[0]!.periods;
    expect(feb!.targets[0]!.actual).toBeCloseTo(0.4, 12);
    expect(mar!.targets[0]!.actual).toBe(1);
  });

  it('leaves a price per agent-hour not computable without agent hours, and uses them when given', () => {
    const hourly = { ...handContract, price: { ...handContract.price, per_agent_hour: 10 } };
    const b = assess(hourly);
    const unknown = b.result().contracts[0]!.periods[1]!;
    expect(unknown).toMatchObject({ agentHoursGiven: null, payable: null, price: { agentHours: null, total: null } });
    const known = b.result((group, period) => (group === 'vendor-a' && period === '2026-03' ? 100 : undefined));
    expect(known.contracts[0]!.periods[1]).toMatchObject({ agentHoursGiven: 100, payable: 2008 });
  });
});
