import { parse } from 'yaml';
import type { CallRecord } from '../../src/record/call-record.js';
import { simulate } from '../../src/planning/run-scenario.js';
import { type Scenario, scenarioSchema } from '../../src/scenario/scenario-schema.js';

/** Monday 2026-03-02 00:00 in Asia/Shanghai, epoch seconds. */
export const MONDAY_SHANGHAI_SEC = Date.parse('2026-03-02T00:00:00+08:00') / 1000;

/** What twinScenarioYaml varies beyond the agents (the defaults are the one-day twin test's). */
export interface TwinScenarioShape {
  readonly name?: string;
  readonly replications?: number;
  readonly days?: number;
  readonly startDay?: string;
  readonly callsPerHour?: number;
  readonly handleMeanSec?: number;
}

/**
 * A small scenario with `agents` agents on one pool: by default one Monday, 60 calls an hour, handle 210 s (3.5
 * Erlangs): 5 agents answer about 76 % within 15 s, 4 (20 % fewer) about 55 %. Patience, redials and a survey make
 * every twin KPI computable.
 */
export function twinScenarioYaml(agents: number, shape: TwinScenarioShape = {}): string {
  return `name: ${shape.name ?? 'twin test'} (${agents} agents)
flow: none
seed: 7
replications: ${shape.replications ?? 40}
horizon: { days: ${shape.days ?? 1}, start_day: ${shape.startDay ?? 'Mon'} }
demand:
  calls_per_hour: ${shape.callsPerHour ?? 60}
call_types:
  - { name: general, share: 1, skill: general, handle_sec: { dist: lognormal, mean: ${shape.handleMeanSec ?? 210}, cv: 0.8 }, acw_sec: { dist: deterministic, value: 30 } }
callers:
  patience_sec: { dist: exponential, mean: 120 }
  redial: { probability: 0.5, delay_sec: { dist: exponential, mean: 600 } }
  survey: { participation: 0.5, ratings: [0.5, 0.3, 0.1, 0.05, 0.05] }
pools:
  - { name: city, pool: in-house, skills: [general], agents: ${agents} }
`;
}

/** The scenario of twinScenarioYaml, validated. */
export const twinTestScenario = (agents: number): Scenario => scenarioSchema.parse(parse(twinScenarioYaml(agents)));

const TIMES = ['arrivalSec', 'ivrExitSec', 'queueEntrySec', 'answerSec', 'abandonSec', 'endSec'] as const;

/**
 * One replication of `scenario` as a line's records: simulated times (seconds since the run's start) shifted to
 * epoch seconds from `startSec`, each record copied (the simulator reuses its object). `untilSec` (run seconds)
 * drops calls arriving at or after it.
 */
export function simulatedRecords(
  scenario: Scenario,
  seed: number,
  startSec: number,
  untilSec = Infinity,
): CallRecord[] {
  const records: CallRecord[] = [];
  simulate(scenario, {
    seed,
    replications: 1,
    sink: () => (r) => {
      if (r.arrivalSec >= untilSec) return;
      const shifted: Record<string, unknown> = { ...r };
      for (const key of TIMES) if (r[key] !== null) shifted[key] = (r[key] as number) + startSec;
      records.push(shifted as unknown as CallRecord);
    },
  });
  return records;
}
