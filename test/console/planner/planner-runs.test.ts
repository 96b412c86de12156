import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLANNER_WORKERS_FROM, runSimulations, runStaffing } from '../../../src/console/planner/planner-runs.js';
import { simulate } from '../../../src/planning/run-scenario.js';
import { parseScenario } from '../../../src/scenario/load-scenario.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');
const more = { ...scenario, name: 'Eight', pools: [{ ...scenario.pools[0]!, agents: 8 }] };

describe('runSimulations', () => {
  it('compares on common random numbers: a scenario against itself differs by exactly 0', async () => {
    const progress: number[] = [];
    const context = { signal: new AbortController().signal, progress: (done: number) => progress.push(done) };
    const runs = [
      { name: 'A', scenario },
      { name: 'B', scenario },
      { name: 'Eight', scenario: more },
    ];
    const { result, report } = await runSimulations('compare', runs, { replications: 2 }, context);
    expect(progress.at(-1)).toBe(6);
    const sl = result.differences.filter((d) => d.kpi === 'serviceLevel.15');
    expect(sl.map((d) => d.scenario)).toEqual(['B', 'Eight']);
    expect(sl[0]!.mean).toBe(0);
    expect(sl[1]!.mean).toBeGreaterThan(0);
    expect(report.comparison?.scenarios).toEqual(['A', 'B', 'Eight']);
    expect(result.scenarios[0]!.heatmap?.values.length).toBeGreaterThan(0);
  });

  it('gives the same figures on worker threads as on one thread', async () => {
    const context = { signal: new AbortController().signal, progress: () => undefined };
    const runs = [{ name: 'A', scenario }];
    const threads = await runSimulations('simulate', runs, { replications: PLANNER_WORKERS_FROM }, context);
    const serial = simulate(scenario, { seed: scenario.seed, replications: PLANNER_WORKERS_FROM });
    expect(threads.result.scenarios[0]!.serviceLevel.mean).toBe(serial.estimates.get('serviceLevel.15')!.mean);
    expect(threads.report.scenarios[0]!.summary.kpis).toEqual(serial.kpis);
  }, 60_000);

  it('stops when its signal aborts', async () => {
    const abort = new AbortController();
    const context = { signal: abort.signal, progress: () => abort.abort(new Error('cancelled')) };
    await expect(runSimulations('simulate', [{ name: 'A', scenario }], { replications: 5 }, context)).rejects.toThrow(
      'cancelled',
    );
  });

  it("stops a staffing plan at the next round when its signal aborts (planStaffing's signal)", async () => {
    const abort = new AbortController();
    const progress: number[] = [];
    const context = {
      signal: abort.signal,
      progress: (done: number) => {
        progress.push(done);
        if (done === 1) abort.abort(new Error('cancelled'));
      },
    };
    await expect(runStaffing(scenario, { replications: 2, maxRounds: 5 }, context)).rejects.toThrow('cancelled');
    expect(progress).toEqual([0, 1]);
  }, 60_000);
});
