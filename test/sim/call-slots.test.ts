import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunnableScenario } from '../../src/planning/recorded-behaviour.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';
import { CallSlots, CallState } from '../../src/sim/call-slots.js';
import type { RecordSink } from '../../src/sim/sim-state.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs replication 0 and checks, at every record, that it arrives no earlier than the watermark read at the last. */
function watermarkHolds(scenario: Scenario, calls: number): { records: number; late: number } {
  let watermark = -Infinity;
  let records = 0;
  let late = 0;
  const sink: RecordSink = (record, run) => {
    records += 1;
    if (record.arrivalSec < watermark) late += 1;
    watermark = run.watermarkSec();
    expect(watermark).toBeLessThanOrEqual(record.endSec!);
  };
  runReplication(scenario, 11, 0, calls, sink);
  return { records, late };
}

describe('CallSlots.oldestOpenArrivalSec', () => {
  it('is the earliest arrival of calls in the flow, waiting or with an agent; free and pending slots do not count', () => {
    const slots = new CallSlots();
    expect(slots.oldestOpenArrivalSec()).toBe(Infinity);
    const states = [CallState.InFlow, CallState.Waiting, CallState.WithAgent, CallState.Pending, CallState.Free];
    const arrivals = [50, 40, 30, 5, 1];
    for (const [i, state] of states.entries()) {
      const slot = slots.alloc();
      slots.arrival[slot] = arrivals[i]!;
      slots.state[slot] = state;
    }
    expect(slots.oldestOpenArrivalSec()).toBe(30);
    slots.release(2);
    expect(slots.oldestOpenArrivalSec()).toBe(40);
  });

  it('bounds every later record of a flow run with callbacks and redials (the sink watermark is never passed)', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu', ROOT, resolve(ROOT, 'scenarios'));
    await prepareScenario(scenario, ROOT);
    const { records, late } = watermarkHolds(scenario, 4000);
    expect(records).toBeGreaterThan(4000);
    expect(late).toBe(0);
  }, 60_000);

  it('holds with repeat calls of unresolved requests and callers who wait all night for the morning shift', () => {
    const scenario = parseScenario(
      `name: nights
flow: none
horizon: { days: 2, start_day: Mon }
demand: { calls_per_hour: 30 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 240 } }]
callers:
  redial: { probability: 0.5, delay_sec: { dist: exponential, mean: 600 } }
behaviour:
  resolution: { first_contact: 0.6, repeat: { probability: 0.8, delay_sec: { dist: exponential, mean: 3600 } } }
pools:
  - { name: a, pool: in-house, skills: [g], agents_by_hour: [0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0] }
`,
      'nights.yaml',
    );
    const { records, late } = watermarkHolds(scenario, 10_000);
    expect(records).toBeGreaterThan(1000);
    expect(late).toBe(0);
  });
});
