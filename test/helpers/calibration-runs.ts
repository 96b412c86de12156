import type { CalibrationPart, CalibrationResult } from '../../src/planning/calibration-part.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';

/** The records of one simulated replication of a scenario (YAML text), in arrival order. */
export function simulatedRecords(yaml: string, seed: number): CallRecord[] {
  const scenario = parseScenario(yaml, 'calibration-test.yaml');
  const out: CallRecord[] = [];
  runCallCentre(buildSimModel(scenario, { seed, replication: 0 }), seed, 0, (r) => out.push({ ...r }));
  return out.sort((a, b) => a.arrivalSec - b.arrivalSec);
}

/** Feeds records to a part as the calibrate command does, and finishes it. */
export function runPart(part: CalibrationPart, records: readonly CallRecord[]): CalibrationResult {
  for (const r of records) {
    const hour = Math.floor(r.arrivalSec / 3600) % 24;
    const dayIndex = Math.floor(r.arrivalSec / 86400);
    part.add(r, { dayIndex, hour, weekday: dayIndex % 7 });
  }
  const last = records.length > 0 ? records[records.length - 1]!.arrivalSec : 0;
  const days = Math.max(1, Math.ceil(last / 86400));
  return part.finish({
    timeZone: 'UTC',
    fromSec: 0,
    toSec: days * 86400,
    days,
    firstWeekday: 0,
    records: records.length,
    source: 'simulated',
  });
}
