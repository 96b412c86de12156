import { describe, expect, it } from 'vitest';
import { erlangA } from '../../src/analysis/erlang-a.js';
import { erlangC } from '../../src/analysis/erlang-c.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/planning/run-scenario.js';

/** A single-queue M/M/n(+M) scenario, as YAML a planner would write. */
function mmn(
  callsPerHour: number,
  ahtSec: number,
  agents: number,
  patienceSec: number | null,
  targetSec: number,
  calls: number,
  warmupMinutes: number,
) {
  const patience =
    patienceSec === null ? '' : `callers:\n  patience_sec: { dist: exponential, mean: ${patienceSec} }\n`;
  return parseScenario(
    `name: mmn
horizon: { calls: ${calls} }
warmup_minutes: ${warmupMinutes}
demand: { calls_per_hour: ${callsPerHour} }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: ${ahtSec} } }]
${patience}pools: [{ name: agents, pool: in-house, skills: [g], agents: ${agents} }]
targets: { answer_within_sec: ${targetSec} }
`,
    'test.yaml',
  );
}

const REPLICATIONS = 20;

function inside(label: string, value: number, ci: readonly [number, number]): void {
  expect(
    value,
    `${label}: analytic ${value} outside the simulation's 95 % CI [${ci[0]}, ${ci[1]}]`,
  ).toBeGreaterThanOrEqual(ci[0]);
  expect(
    value,
    `${label}: analytic ${value} outside the simulation's 95 % CI [${ci[0]}, ${ci[1]}]`,
  ).toBeLessThanOrEqual(ci[1]);
}

describe('the simulator agrees with Erlang A (M/M/n+M)', () => {
  it.each([
    { name: 'A1', cph: 200, aht: 180, n: 14, patience: 300, t: 20, calls: 20000, warmup: 120 },
    { name: 'A3', cph: 210, aht: 180, n: 13, patience: 300, t: 20, calls: 20000, warmup: 120 },
    { name: 'A4', cph: 210, aht: 180, n: 9, patience: 300, t: 20, calls: 20000, warmup: 120 },
    { name: 'A5 (benchmark)', cph: 6000, aht: 180, n: 310, patience: 120, t: 20, calls: 60000, warmup: 60 },
  ])(
    '$name: abandonment, mean wait, service level and occupancy',
    ({ name, cph, aht, n, patience, t, calls, warmup }) => {
      const analytic = erlangA({ callsPerHour: cph, ahtSec: aht, agents: n, patienceSec: patience, targetSec: t });
      const sim = simulate(mmn(cph, aht, n, patience, t, calls, warmup), { seed: 7, replications: REPLICATIONS });
      inside(`${name} P(Ab)`, analytic.pAbandon, sim.estimates.get('abandonRate')!.ci);
      inside(`${name} E[W]`, analytic.asaSec, sim.estimates.get('meanWaitAllSec')!.ci);
      inside(`${name} SL(${t})`, analytic.serviceLevel, sim.estimates.get(`serviceLevel.${t}`)!.ci);
      inside(`${name} occupancy`, analytic.occupancy, sim.estimates.get('occupancy.in-house')!.ci);
    },
  );
});

describe('the simulator agrees with Erlang C (M/M/n, no abandonment)', () => {
  it.each([
    { name: 'C1', cph: 200, aht: 180, n: 14, t: 20, calls: 20000, warmup: 120 },
    { name: 'C5', cph: 210, aht: 180, n: 13, t: 20, calls: 20000, warmup: 120 },
    { name: 'C4', cph: 720, aht: 240, n: 55, t: 15, calls: 30000, warmup: 120 },
    { name: 'C7 (benchmark)', cph: 6000, aht: 180, n: 310, t: 20, calls: 60000, warmup: 60 },
  ])('$name: ASA, service level and occupancy', ({ name, cph, aht, n, t, calls, warmup }) => {
    const analytic = erlangC({ callsPerHour: cph, ahtSec: aht, agents: n, targetSec: t });
    const sim = simulate(mmn(cph, aht, n, null, t, calls, warmup), { seed: 11, replications: REPLICATIONS });
    expect(sim.estimates.get('abandoned')!.mean).toBe(0);
    inside(`${name} ASA`, analytic.asaSec, sim.estimates.get('asaSec')!.ci);
    inside(`${name} SL(${t})`, analytic.serviceLevel, sim.estimates.get(`serviceLevel.${t}`)!.ci);
    inside(`${name} occupancy`, analytic.occupancy, sim.estimates.get('occupancy.in-house')!.ci);
  });
});
