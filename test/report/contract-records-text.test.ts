import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ContractPeriodsBuilder } from '../../src/analysis/contract-periods.js';
import { contractRecordsCsv, contractRecordsText } from '../../src/report/contract-records-text.js';
import { handContract, handRecords } from '../helpers/contract-records.js';

function report(contract = handContract) {
  const b = new ContractPeriodsBuilder([contract], { timeZone: 'Asia/Shanghai' });
  for (const r of handRecords()) b.add(r);
  return b.result();
}

describe('contractRecordsText', () => {
  it('shows each period, each target with its interval and verdict, and the money', () => {
    const text = contractRecordsText(report());
    expect(text).toContain('Contract Vendor A (groups vendor-a; per month; judged on the point estimate)\n');
    expect(text).toMatch(
      / {2}2026-02 vendor-a: offered 5, answered 4\n {4}answered within the target wait \/ offered 40\.0 % \[11\.8–76\.9\] \(target ≥ 80\.0 %\): MISSED, penalty 4,000\n/,
    );
    expect(text).toContain('    abandon rate 20.0 % [3.6–62.4] (target ≤ 20.0 %): met, penalty 0.00\n');
    expect(text).toContain('    price 1,008 RMB, penalties 4,000, payable 0.00\n');
    expect(text).toMatch(/1 queued call\(s\) have no agent group/);
  });

  it('says when the price needs agent hours the records do not give', () => {
    const hourly = { ...handContract, price: { ...handContract.price, per_agent_hour: 10 } };
    expect(contractRecordsText(report(hourly))).toContain(
      'price not computable, penalties 4,000, payable not computable; agent hours unknown (records do not say): give --agent-hours vendor-a@2026-02=HOURS',
    );
  });
});

describe('contractRecordsCsv', () => {
  it('has one row per period and target, empty cells where nothing is computable', () => {
    const hourly = { ...handContract, price: { ...handContract.price, per_agent_hour: 10 } };
    const rows = parse(contractRecordsCsv(report(hourly)), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ contract: 'Vendor A', period: '2026-02', target: 'service_level', met: 'false' });
    expect(rows[0]).toMatchObject({ price: '', agentHours: '', payable: '', capped: 'false', min: '0.8', max: '' });
    expect(Number(rows[0]!.low)).toBeCloseTo(0.1176, 4);
  });
});
