import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioCharts } from '../../../src/console/planner/planner-chart-data.js';
import { simulate } from '../../../src/planning/run-scenario.js';
import { parseScenario } from '../../../src/scenario/load-scenario.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');

describe('scenarioCharts', () => {
  const summary = simulate(scenario, { seed: 3, replications: 3, calls: 1200 });
  const charts = scenarioCharts('Small', scenario, summary, { replications: 3, seed: 3, heatmap: null });

  it("takes every hour's service level and CI from the planning layer's summary, null where nobody called", () => {
    expect(charts.hours.slice(0, 2)).toEqual(['00:00', '01:00']);
    const e = summary.estimates.get('byInterval.1.serviceLevel.15')!;
    expect(charts.serviceLevelByHour[1]).toEqual({ mean: e.mean, low: e.ci[0], high: e.ci[1] });
    const quiet = charts.offeredByHour.findIndex((n) => (n ?? 0) === 0);
    expect(charts.serviceLevelByHour[quiet]).toEqual({ mean: null, low: null, high: null });
  });

  it("draws the wait's tail as a falling share of answered calls waiting longer than t", () => {
    const { sec, share } = charts.waitTail;
    expect(sec[0]).toBe(5);
    expect(share.every((s, i) => s > 0 && s <= 1 && (i === 0 || s <= share[i - 1]!))).toBe(true);
  });

  it('splits the cost per year into its parts, and checks the targets as the CLI does', () => {
    expect(charts.cost.perYear.mean).toBeCloseTo(charts.cost.staffPerYear + charts.cost.penaltiesPerYear, 6);
    expect(Object.keys(charts.cost.byPool)).toEqual(['agents']);
    expect(charts.inputs.pools).toEqual([{ name: 'agents', pool: 'in-house', agents: 6, shrinkage: 0 }]);
    expect(typeof charts.meetsTargets).toBe('boolean');
  });
});
