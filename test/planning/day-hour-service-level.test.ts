import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DayHourCounter } from '../../src/planning/day-hour-service-level.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const FIXTURE = new URL('../fixtures/planner/small-line.yaml', import.meta.url).pathname;

describe('DayHourCounter', () => {
  it('counts a replication by day and hour with the KPI module: the cells add up to its KPIs', () => {
    const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');
    const counter = new DayHourCounter(scenario);
    const result = runReplication(scenario, 7, 0, 1500, counter.sink);
    const map = counter.result();
    const offered = map.offered.flat().reduce((a, b) => a + b, 0);
    expect(offered).toBe(result.kpis.offered);
    const within = map.values
      .flatMap((row, d) => row.map((v, h) => (v ?? 0) * map.offered[d]![h]!))
      .reduce((a, b) => a + b, 0);
    expect(within / offered).toBeCloseTo(result.kpis.serviceLevel['15']!, 10);
    expect(map.values[0]!.every((v) => v === null || (v >= 0 && v <= 1))).toBe(true);
    expect(map.thresholdSec).toBe(15);
  });
});
