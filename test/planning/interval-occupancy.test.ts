import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intervalOccupancy } from '../../src/planning/interval-occupancy.js';
import type { ReplicationResult } from '../../src/planning/run-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const FIXTURE = new URL('../fixtures/planner/small-line.yaml', import.meta.url).pathname;

/** A replication with these busy seconds by hour (the rest of a result is not read). */
function replication(busyByHour: readonly number[], arrivalsEndSec: number): ReplicationResult {
  const byInterval = Array.from({ length: 24 }, (_, h) => ({ busySecByPool: { agents: busyByHour[h] ?? 0 } }));
  return { byInterval, stats: { arrivalsEndSec } } as unknown as ReplicationResult;
}

describe('intervalOccupancy', () => {
  it("divides each hour's busy time by the on-phone agent time scheduled in it, after shrinkage", () => {
    const base = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');
    const scenario = { ...base, pools: [{ ...base.pools[0]!, agents: 4, shrinkage: 0.5 }] };
    // Two hours of arrivals; 2 agents on the phone (4 × (1 − 0.5)): 7,200 agent-seconds an hour.
    const occupancy = intervalOccupancy(scenario, [replication([3600, 7200], 7200)]);
    expect(occupancy.slice(0, 3)).toEqual([0.5, 1, null]);
  });

  it('averages the replications and leaves out the warm-up', () => {
    const base = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');
    const scenario = { ...base, warmup_minutes: 60, pools: [{ ...base.pools[0]!, agents: 2 }] };
    const occupancy = intervalOccupancy(scenario, [replication([0, 3600], 7200), replication([0, 7200], 7200)]);
    expect(occupancy.slice(0, 2)).toEqual([null, 0.75]);
  });
});
