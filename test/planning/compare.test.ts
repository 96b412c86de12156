import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareScenarios, differenceRows } from '../../src/planning/compare.js';
import { meanCi } from '../../src/analysis/confidence.js';
import { isHotlineError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/planning/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small city: 12 Erlangs of load, impatient callers, `agents` on duty. */
function city(name: string, agents: number): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
seed: 7
replications: 6
horizon: { calls: 3000 }
demand: { calls_per_hour: 240 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers:
  patience_sec: { dist: exponential, mean: 90 }
  survey: { participation: 0.5, ratings: [0.5, 0.3, 0.1, 0.05, 0.05] }
pools: [{ name: staff, pool: in-house, skills: [g], agents: ${agents}, cost: { per_agent_year: 80000 } }]
`,
  );
  return file;
}

const run = (file: string, replications = 6) => {
  const { scenario } = loadScenario(file, dir, dir);
  return simulate(scenario, { seed: 7, replications });
};

const good = run(city('good', 16));
const worse = run(city('worse', 12));

describe('compareScenarios', () => {
  it('pairs by replication: a scenario against itself differs by exactly 0, CI [0, 0], never significant', () => {
    const c = compareScenarios([
      { name: 'good', summary: good },
      { name: 'good again', summary: run(city('good', 16)) },
    ]);
    expect(c.replications).toBe(6);
    for (const k of c.kpis) {
      const d = k.differences[1];
      expect(d, k.path).not.toBeNull();
      if (Number.isNaN(d!.mean)) continue;
      expect(d, k.path).toMatchObject({ mean: 0, ci: [0, 0], halfWidth: 0, significant: false });
    }
    expect(c.kpis.map((k) => k.path)).toEqual(
      expect.arrayContaining([
        'offered',
        'serviceLevel.15',
        'waitSec.p90',
        'occupancy.in-house',
        'cost.perYear',
        'satisfactionLenient',
      ]),
    );
  });

  it('flags worse staffing as significantly worse, with the right signs', () => {
    const c = compareScenarios([
      { name: 'good', summary: good },
      { name: 'worse', summary: worse },
    ]);
    const diff = (path: string) => c.kpis.find((k) => k.path === path)!.differences[1]!;
    expect(diff('serviceLevel.15').significant).toBe(true);
    expect(diff('serviceLevel.15').ci[1]).toBeLessThan(0);
    expect(diff('asaSec').significant).toBe(true);
    expect(diff('asaSec').ci[0]).toBeGreaterThan(0);
    expect(diff('abandonRate').ci[0]).toBeGreaterThan(0);
    expect(diff('cost.perYear').mean).toBeLessThan(0);
  });

  it('takes the CI of the per-replication differences, which common random numbers make narrow', () => {
    const c = compareScenarios([
      { name: 'good', summary: good },
      { name: 'worse', summary: worse },
    ]);
    const asa = c.kpis.find((x) => x.path === 'asaSec')!.differences[1]!;
    expect(asa).toMatchObject(
      meanCi(worse.replications.map((r, i) => r.kpis.asaSec - good.replications[i]!.kpis.asaSec)),
    );
    // Satisfaction draws come from the same streams in both runs: pairing removes most of their noise.
    const k = c.kpis.find((x) => x.path === 'satisfactionStrict')!;
    const [a, b] = [k.estimates[0]!, k.estimates[1]!];
    expect(a.halfWidth).toBeGreaterThan(0);
    expect(k.differences[1]!.halfWidth).toBeLessThan(Math.hypot(a.halfWidth, b.halfWidth) / 2);
  });

  it('lists the differences as flat rows against the first scenario', () => {
    const rows = differenceRows(
      compareScenarios([
        { name: 'good', summary: good },
        { name: 'worse', summary: worse },
      ]),
    );
    expect(rows.find((r) => r.kpi === 'asaSec')).toMatchObject({
      scenario: 'worse',
      baseline: 'good',
      n: 6,
      significant: true,
    });
  });

  it('refuses scenarios run with different replication counts', () => {
    let error: unknown;
    try {
      compareScenarios([
        { name: 'good', summary: good },
        { name: 'short', summary: run(city('short', 16), 4) },
      ]);
    } catch (e) {
      error = e;
    }
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_ARGUMENT_INVALID');
    expect((error as Error).message).toMatch(/"short" has 4 replications but "good" has 6/);
  });
});
