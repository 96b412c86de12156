import { describe, expect, it } from 'vitest';
import type { ContractSummary } from '../../src/planning/contract-summary.js';
import { contractHtml, contractText } from '../../src/report/contract-text.js';
import { escapeHtml } from '../../src/report/html-report.js';

const est = (mean: number, halfWidth = 0) => ({
  mean,
  ci: [mean - halfWidth, mean + halfWidth] as const,
  halfWidth,
  n: 3,
});

const summary: ContractSummary = {
  name: 'Vendor <A>',
  file: 'contracts/vendor-a.yaml',
  pools: ['vendor-a'],
  currency: 'RMB',
  period: 'month',
  judgeOn: 'interval',
  note: 'each replication is one month',
  targets: [
    {
      target: 'service_level',
      min: 0.9,
      max: null,
      actual: est(0.85, 0.01),
      missed: 2,
      judged: 3,
      penalty: est(40_000, 5000),
    },
    { target: 'aht', min: 120, max: 420, actual: est(300), missed: 0, judged: 3, penalty: est(0) },
  ],
  pricePerPeriod: est(200_000),
  penaltyPerPeriod: est(20_000),
  payablePerPeriod: est(180_000),
  capped: 1,
};

describe('contractText', () => {
  it('prints each target with its estimate, bound, misses and penalty, then the price, penalty and payable', () => {
    expect(contractText([summary])).toBe(
      [
        'Contract Vendor <A> (contracts/vendor-a.yaml, pools vendor-a; judged on the 95 % interval): each replication is one month.',
        '    answered within the target wait / offered 85.0 ± 1.0 % (target ≥ 90.0 %): missed in 2 of 3 replications, penalty 40,000 ± 5,000 per period',
        '    AHT 300.0 ± 0.0 s (target 120.0 s–420.0 s): missed in 0 of 3 replications, penalty 0.00 ± 0.00 per period',
        '    per month: price 200,000 ± 0 RMB, penalties 20,000 ± 0 (capped in 1 replications), payable 180,000 ± 0',
      ].join('\n'),
    );
    expect(contractText([])).toBe('');
  });

  it('escapes the HTML version', () => {
    const html = contractHtml('City <1>', [summary], escapeHtml);
    expect(html).toContain('<h3>City &lt;1&gt;: contract Vendor &lt;A&gt;</h3>');
    expect(html).toContain('<li>answered within the target wait / offered 85.0 ± 1.0 %');
  });
});
