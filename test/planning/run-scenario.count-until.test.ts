import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/record/call-record.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { twinTestScenario } from '../helpers/twin-records.js';

const DAY = 86400;

describe('runReplication countUntilSec', () => {
  it('leaves calls arriving at or after it out of the KPIs (redials after the horizon), and runs the same calls', () => {
    const scenario = twinTestScenario(5);
    const all: CallRecord[] = [];
    const counted: CallRecord[] = [];
    const whole = runReplication(scenario, 3, 0, undefined, (r) => all.push({ ...r }));
    const period = runReplication(scenario, 3, 0, undefined, (r) => counted.push({ ...r }), DAY);
    expect(counted).toEqual(all);
    const late = all.filter((r) => r.arrivalSec >= DAY);
    expect(late.length).toBeGreaterThan(0);
    expect(whole.kpis.arrivals).toBe(all.length);
    expect(period.kpis.arrivals).toBe(all.length - late.length);
    expect(period.kpis.offered).toBe(all.filter((r) => r.arrivalSec < DAY && r.queueEntrySec !== null).length);
  }, 30_000);
});
