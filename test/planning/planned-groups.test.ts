import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { busiestDayCallsPerHour } from '../../src/planning/busiest-day-demand.js';
import { lineModel, plannedGroups } from '../../src/planning/planned-groups.js';
import { staffingPools } from '../../src/planning/staffing-pools.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const hybrid = loadScenario('midsize-city-hybrid', process.cwd(), SCENARIOS_DIR).scenario;
const inhouse = loadScenario('midsize-city-inhouse', process.cwd(), SCENARIOS_DIR).scenario;
const TARGETS = { serviceLevel: 0.8, targetSec: 15, maxAbandonRate: 0.05, patienceSec: 120 };

describe('plannedGroups', () => {
  it('sizes one group for every call of a one-pool scenario', () => {
    const rates = busiestDayCallsPerHour(inhouse);
    const [only, ...rest] = plannedGroups(inhouse, staffingPools(inhouse), rates, TARGETS);
    expect(rest).toHaveLength(0);
    expect(only!.role).toBe('only');
    expect(only!.start[10]!.onPhone).toBe(only!.model.minimum(rates[10]!).onPhone);
  });

  it("sizes the hybrid city's primary for its share and starts the overflow pool with the line's remaining need", () => {
    const rates = busiestDayCallsPerHour(hybrid);
    const routing = staffingPools(hybrid, 0.7);
    const [primary, overflow] = plannedGroups(hybrid, routing, rates, TARGETS);
    expect(primary!.role).toBe('primary');
    expect(overflow!.role).toBe('overflow');
    expect(overflow!.ahtSec).toBeGreaterThan(primary!.ahtSec);
    for (let hour = 0; hour < 24; hour += 1) {
      expect(primary!.start[hour]!.onPhone).toBe(primary!.model.minimum(rates[hour]! * 0.7).onPhone);
      expect(overflow!.start[hour]!.onPhone, `hour ${hour}`).toBeGreaterThanOrEqual(1);
      // Together at least what the line needs as one group.
      const line = primary!.model.minimum(rates[hour]!).onPhone;
      expect(primary!.start[hour]!.onPhone + overflow!.start[hour]!.onPhone).toBeGreaterThanOrEqual(line);
    }
  });

  it("prices one overflow agent on the line's figures: its own step scaled by its share", () => {
    const rates = busiestDayCallsPerHour(hybrid);
    const [, overflow] = plannedGroups(hybrid, staffingPools(hybrid, 0.7), rates, TARGETS);
    const own = overflow!.model.oneAgentLess(100, 10);
    const line = lineModel(overflow!).oneAgentLess(100, 10);
    expect(line.serviceLevel).toBeCloseTo(own.serviceLevel * 0.3, 12);
    expect(line.abandonRate).toBeCloseTo(own.abandonRate * 0.3, 12);
  });
});
