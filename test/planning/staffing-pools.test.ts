import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { isHotlineError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { staffingPools } from '../../src/planning/staffing-pools.js';

const hybrid = loadScenario('midsize-city-hybrid', process.cwd(), SCENARIOS_DIR).scenario;
const inhouse = loadScenario('midsize-city-inhouse', process.cwd(), SCENARIOS_DIR).scenario;
const [city, vendor] = hybrid.pools as [Scenario['pools'][number], Scenario['pools'][number]];

function refusal(scenario: Scenario): string {
  try {
    staffingPools(scenario);
  } catch (error) {
    expect(isHotlineError(error) && error.code).toBe('HOTLINE_PLAN_UNSUPPORTED');
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected a refusal');
}

describe('staffingPools', () => {
  it('plans a one-pool scenario as one group', () => {
    expect(staffingPools(inhouse)).toEqual({ kind: 'single' });
  });

  it('reads the hybrid city as a primary and an overflow pool, the primary kept at its share of the agent-hours', () => {
    const routing = staffingPools(hybrid);
    expect(routing.kind).toBe('overflow');
    if (routing.kind !== 'overflow') return;
    expect(routing.primary.name).toBe('city-staff');
    expect(routing.overflow.name).toBe('vendor-overflow');
    const sum = (p: Scenario['pools'][number]) => p.agents_by_hour!.reduce((a, b) => a + b, 0);
    expect(routing.keep).toBeCloseTo(sum(city) / (sum(city) + sum(vendor)), 9);
    expect((staffingPools(hybrid, 0.8) as { keep: number }).keep).toBe(0.8);
  });

  it('orders by priority whatever the file order', () => {
    const swapped = { ...hybrid, pools: [vendor, city] };
    expect(staffingPools(swapped)).toMatchObject({
      primary: { name: 'city-staff' },
      overflow: { name: 'vendor-overflow' },
    });
  });

  it('refuses two pools of the same priority sharing skills without an overflow rule, naming both and the fix', () => {
    const message = refusal({ ...hybrid, pools: [city, { ...vendor, priority: 1, min_wait_sec: 0 }] });
    expect(message).toContain('"city-staff"');
    expect(message).toContain('"vendor-overflow"');
    expect(message).toContain('same priority');
    expect(message).toMatch(/min_wait_sec/);
  });

  it('takes the same priority with a minimum wait as an overflow rule', () => {
    expect(staffingPools({ ...hybrid, pools: [city, { ...vendor, priority: 1 }] }).kind).toBe('overflow');
  });

  it('refuses more than two pools, pools serving different skills and a preferred pool that makes callers wait', () => {
    expect(refusal({ ...hybrid, pools: [city, vendor, { ...vendor, name: 'third', priority: 3 }] })).toMatch(
      /3 pools .*"third"/,
    );
    expect(refusal({ ...hybrid, pools: [city, { ...vendor, skills: ['other'] }] })).toMatch(/different skills/);
    expect(refusal({ ...hybrid, pools: [{ ...city, min_wait_sec: 5 }, vendor] })).toMatch(
      /"city-staff" has min_wait_sec 5/,
    );
  });
});
