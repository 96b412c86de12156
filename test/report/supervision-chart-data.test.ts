import { describe, expect, it } from 'vitest';
import { assessContract } from '../../src/analysis/contract-assessment.js';
import { ALL_GROUPS, supervisionChartData } from '../../src/report/supervision-chart-data.js';
import { supervisionData } from '../../src/report/supervision-data.js';
import { ACME_CONTRACT, HOSTILE_GROUP, supervisionRecords } from '../fixtures/supervision-records.js';

const data = await supervisionData(supervisionRecords(), { timeZone: 'Asia/Shanghai' });

describe('supervisionChartData', () => {
  it('gives service level and abandonment per hour of day, all groups first, null where nothing was offered', () => {
    const chart = supervisionChartData(data);
    expect(chart.hours[9]).toBe('09:00');
    expect(chart.serviceLevel.map((s) => s.name)).toEqual([ALL_GROUPS, '(none)', HOSTILE_GROUP, 'acme']);
    const all = chart.serviceLevel[0]!;
    expect([all.valuesPct[9], all.valuesPct[10], all.valuesPct[14], all.valuesPct[11]]).toEqual([66.6667, 0, 50, null]);
    expect(all.lowPct[9]).toBeCloseTo(20.77, 1);
    expect(chart.abandonRate[3]!.valuesPct[10]).toBe(100);
    expect(chart.abandonRate[3]!.valuesPct[14]).toBeNull();
  });

  it('gives the wait distribution in shares of answered calls per group', () => {
    const chart = supervisionChartData(data);
    expect(chart.waitBins[0]).toBe('0–5');
    expect(chart.waitBins.at(-1)).toBe('≥120');
    const acme = chart.wait.find((w) => w.name === 'acme')!;
    // Waits 5, 40, 10 s: bins 5–10, 40–45, 10–15.
    expect([acme.sharePct[1], acme.sharePct[2], acme.sharePct[8]]).toEqual([33.3333, 33.3333, 33.3333]);
    expect(chart.wait.find((w) => w.name === '(none)')!.sharePct.every((x) => x === null)).toBe(true);
  });

  it('draws the contract’s bounds as targets when assessed', () => {
    const acme = data.byGroup.groups.find((g) => g.key.group === 'acme')!;
    const assessment = assessContract(ACME_CONTRACT, [{ group: 'acme', period: 'all', kpis: acme.kpis }]);
    const chart = supervisionChartData(data, assessment);
    expect(chart.serviceLevelTargetsPct).toEqual([80]);
    expect(chart.abandonRateMaxPct).toEqual([5]);
    expect(supervisionChartData(data).serviceLevelTargetsPct).toEqual([]);
  });
});
