import type { CallRecord } from '../../src/record/call-record.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';

/** 2026-02-02T00:00+08:00, a Monday in Asia/Shanghai, epoch seconds. */
export const MONDAY_SHANGHAI_SEC = Date.UTC(2026, 1, 1, 16) / 1000;

/**
 * The records of one replication of `scenario`, as a live line would store them: simulated times are seconds
 * since the run's start (day 0 = horizon.start_day, 00:00), so every time field is shifted by `startSec` (default
 * MONDAY_SHANGHAI_SEC: a scenario starting on Mon then lands on local Mondays in Asia/Shanghai). The simulator
 * reuses its record object, so each is copied.
 */
export function simulatedRecords(scenario: Scenario, seed: number, startSec = MONDAY_SHANGHAI_SEC): CallRecord[] {
  const out: CallRecord[] = [];
  const shift = (t: number | null): number | null => (t === null ? null : t + startSec);
  runReplication(scenario, seed, 0, undefined, (r) => {
    out.push({
      ...r,
      arrivalSec: r.arrivalSec + startSec,
      ivrExitSec: shift(r.ivrExitSec),
      queueEntrySec: shift(r.queueEntrySec),
      answerSec: shift(r.answerSec),
      abandonSec: shift(r.abandonSec),
      endSec: shift(r.endSec),
    });
  });
  // Records are emitted as calls end: a store reads them back in arrival order.
  return out.sort((a, b) => a.arrivalSec - b.arrivalSec || (a.callSid < b.callSid ? -1 : 1));
}

/** A scenario from YAML text (validated as `hotline simulate` loads it). */
export const scenarioOf = (yaml: string): Scenario => parseScenario(yaml, 'test scenario');
