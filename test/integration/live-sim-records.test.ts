/**
 * Issue 13's "done when": live and simulated records of the same scenario have the same meaning field by field.
 * A short scenario (test/fixtures/scenarios/live-sim-twin.yaml: fixed handle and after-call work, fixed patience,
 * the direct flow with its survey, an in-house team and a contractor taking overflow after 15 s, callers who
 * abandon and redial) is simulated, and its arrival stream is then replayed live: a real server (SQLite file,
 * loopback HTTP, following the emulator's virtual clock) driven by `hotline load`'s runner, with scenario callers
 * and bot agents of the two groups. The calls are matched by order of arrival and compared field by field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_RECORD_FIELDS, type CallRecord } from '../../src/record/call-record.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import type { LoadArrival } from '../../src/qa/load-test.js';
import { driveScenarioLive, LOGON_SEC } from '../helpers/own-line.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = 'test/fixtures/scenarios/live-sim-twin.yaml';
/** The scenario's figures (the fixture's). */
const HANDLE_SEC = 90;
const ACW_SEC = 30;
const REDIAL_DELAY_SEC = 120;
/**
 * Live timings are emulated, not sampled: the talk ends when the bot agent's emulated talk ends and the bridge's
 * webhooks come back, the wrap-up when its key 1 reaches the server after the after-call menu's prompt. In virtual
 * time the clock stands still while a webhook is served, but timers due within the same emulated second fire
 * together (VirtualClock's 1 s quantum), and the server keeps whole seconds in places: 2 s covers both.
 */
const AGENT_TIME_TOLERANCE_SEC = 2;

let dir: string;
let simulated: CallRecord[];
let live: CallRecord[];

/** The simulated records, in order of arrival. */
function simulate(scenario: Parameters<typeof runReplication>[0]): CallRecord[] {
  const records: CallRecord[] = [];
  // The sink's record object is reused: keep copies.
  runReplication(scenario, scenario.seed, 0, undefined, (record) => records.push({ ...record }));
  return records.sort((a, b) => a.arrivalSec - b.arrivalSec);
}

/**
 * The simulated arrival stream as live calls: each first call from a number of its own, each redial from the
 * number of the abandoned call it repeats (the one that abandoned REDIAL_DELAY_SEC before it arrived).
 */
function arrivalsOf(records: readonly CallRecord[]): LoadArrival[] {
  const numbers = new Map<CallRecord, string>();
  return records.map((record, n) => {
    let from = `+86138${String(n).padStart(8, '0')}`;
    if (record.attempt > 1) {
      const first = records.find(
        (r) => r.abandonSec !== null && Math.abs(r.abandonSec + REDIAL_DELAY_SEC - record.arrivalSec) < 1e-6,
      );
      if (!first) throw new Error(`no abandoned call before the redial at ${record.arrivalSec}`);
      from = numbers.get(first)!;
    }
    numbers.set(record, from);
    return { atSec: LOGON_SEC + record.arrivalSec, from };
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-live-sim-'));
  const { scenario } = loadScenario(SCENARIO, ROOT, join(ROOT, 'scenarios'));
  await prepareScenario(scenario, ROOT);
  simulated = simulate(scenario);
  // The whole simulated stream is replayed (redials from their abandoned call's number), so no live redials.
  const drive = await driveScenarioLive(
    scenario,
    join(dir, 'hotline.db'),
    Date.UTC(2026, 2, 2, 1, 0, 0),
    arrivalsOf(simulated),
    {
      liveRedials: false,
    },
  );
  const { report } = drive;
  expect(report.httpErrors + report.timeouts + report.connectionErrors + report.invalidTwiml).toBe(0);
  live = [...drive.records].sort((a, b) => a.arrivalSec - b.arrivalSec);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Simulated and live record of each call, by order of arrival. */
function pairs(): { sim: CallRecord; live: CallRecord; n: number }[] {
  return simulated.map((sim, n) => ({ sim, live: live[n]!, n }));
}

/** The fields a record has (non-null), for comparing shapes. */
function present(record: CallRecord): Set<string> {
  return new Set(CALL_RECORD_FIELDS.filter((field) => record[field] !== null));
}

/** The field one side cannot fill: the simulator knows the request type, the server does not. */
const SIM_ONLY = 'callType';

describe('live and simulated records of the same scenario', { timeout: 120_000 }, () => {
  it('have one record per call on both sides, arriving in the same order at the same offsets', () => {
    expect(simulated.length).toBeGreaterThanOrEqual(8);
    expect(live).toHaveLength(simulated.length);
    const t0 = live[0]!.arrivalSec - simulated[0]!.arrivalSec;
    // The virtual clock fires timers due within the same emulated second together (its 1 s quantum).
    for (const { sim, live: rec } of pairs()) expect(Math.abs(rec.arrivalSec - t0 - sim.arrivalSec)).toBeLessThan(1);
  });

  it('fill the same fields, except the request type (simulated only)', () => {
    for (const { sim, live: rec, n } of pairs()) {
      const simFields = present(sim);
      const liveFields = present(rec);
      expect(simFields.has(SIM_ONLY) && !liveFields.has(SIM_ONLY), `call ${n}: callType`).toBe(true);
      // Both carry a caller hash: the number's HMAC live, the simulated citizen's number in simulation.
      expect(liveFields.has('callerHash') && simFields.has('callerHash'), `call ${n}: callerHash`).toBe(true);
      simFields.delete(SIM_ONLY);
      expect([...liveFields].sort(), `call ${n}`).toEqual([...simFields].sort());
    }
  });

  it('end the same way, in the same pool and agent group, with the same direction, skill, flow and last state', () => {
    const keys = ['outcome', 'pool', 'agentGroup', 'direction', 'skill', 'flowId', 'lastState', 'language'] as const;
    for (const { sim, live: rec, n } of pairs()) {
      for (const key of keys) expect(rec[key], `call ${n}: ${key}`).toBe(sim[key]);
    }
    // The scenario makes every case happen: both groups answer, callers abandon after overflow.
    const seen = new Set(simulated.map((r) => `${r.outcome} ${r.agentGroup}`));
    expect([...seen].sort()).toEqual(['abandoned acme-contact', 'answered acme-contact', 'answered city-team']);
    expect(new Set(simulated.map((r) => r.pool))).toEqual(new Set(['in-house', 'outsourced']));
  });

  it('name the agent exactly when answered: `<group>-<n>` simulated, a registered agent of that group live', () => {
    const liveAgents = { 'city-team': new Set<string>(), 'acme-contact': new Set<string>() };
    for (const { sim, live: rec, n } of pairs()) {
      const answered = sim.outcome === 'answered';
      expect(sim.agentId !== null, `call ${n}`).toBe(answered);
      expect(rec.agentId !== null, `call ${n}`).toBe(answered);
      if (!answered) continue;
      expect(sim.agentId).toMatch(new RegExp(`^${sim.agentGroup}-[1-9][0-9]*$`));
      // The load registers 70000000 + i, its pools in the scenario's order: the in-house team first.
      expect(rec.agentId).toMatch(/^7000000[01]$/);
      liveAgents[rec.agentGroup as keyof typeof liveAgents].add(rec.agentId!);
    }
    // One agent a group on both sides: one id per group.
    expect([...liveAgents['city-team']]).toEqual(['70000000']);
    expect([...liveAgents['acme-contact']]).toEqual(['70000001']);
  });

  it('count talk and handle time alike: handle = talk + after-call work on both sides', () => {
    for (const { sim, live: rec, n } of pairs()) {
      if (sim.outcome !== 'answered') {
        expect([sim.talkSec, sim.handleSec, rec.talkSec, rec.handleSec], `call ${n}`).toEqual([null, null, null, null]);
        continue;
      }
      expect(sim.talkSec).toBe(HANDLE_SEC - ACW_SEC);
      expect(sim.handleSec).toBe(HANDLE_SEC);
      expect(Math.abs(rec.talkSec! - sim.talkSec!), `call ${n}: talkSec ${rec.talkSec}`).toBeLessThanOrEqual(
        AGENT_TIME_TOLERANCE_SEC,
      );
      expect(Math.abs(rec.handleSec! - sim.handleSec!), `call ${n}: handleSec ${rec.handleSec}`).toBeLessThanOrEqual(
        AGENT_TIME_TOLERANCE_SEC,
      );
      expect(Math.abs(rec.handleSec! - rec.talkSec! - ACW_SEC), `call ${n}: live wrap-up`).toBeLessThanOrEqual(
        AGENT_TIME_TOLERANCE_SEC,
      );
    }
  });

  it("time the IVR and the abandonment alike; live waits for an answer are longer by the agents' polling", () => {
    for (const { sim, live: rec, n } of pairs()) {
      // The IVR's prompts take the same speech model's time on both sides (the emulator's and the simulator's).
      expect(Math.abs(rec.queueEntrySec! - rec.arrivalSec - (sim.queueEntrySec! - sim.arrivalSec))).toBeLessThan(1);
      if (sim.outcome === 'abandoned') {
        // Fixed patience, counted from the first queue entry on both sides (overflow keeps it).
        expect(rec.abandonSec! - rec.queueEntrySec!, `call ${n}`).toBeCloseTo(sim.abandonSec! - sim.queueEntrySec!, 0);
      }
      if (sim.outcome === 'answered') {
        // Live, an idle agent looks at the queues every AGENT_POLL_SEC (10 s): an answer comes up to 10 s later.
        const late = rec.answerSec! - rec.queueEntrySec! - (sim.answerSec! - sim.queueEntrySec!);
        expect(late, `call ${n}`).toBeGreaterThan(-AGENT_TIME_TOLERANCE_SEC);
        expect(late, `call ${n}`).toBeLessThan(10 + AGENT_TIME_TOLERANCE_SEC);
      }
    }
  });

  it('invite to the survey and hold a rating exactly on the answered calls', () => {
    for (const { sim, live: rec, n } of pairs()) {
      const answered = sim.outcome === 'answered';
      expect([sim.surveyInvited, rec.surveyInvited], `call ${n}`).toEqual([answered, answered]);
      // The fixture's callers all press 2 in the survey.
      expect([sim.rating, rec.rating], `call ${n}`).toEqual(answered ? [2, 2] : [null, null]);
    }
  });

  it('count redials alike: attempt 2 for a caller whose previous call was abandoned', () => {
    const attempts = pairs().map(({ sim, live: rec }) => [sim.attempt, rec.attempt]);
    for (const [sim, rec] of attempts) expect(rec).toBe(sim);
    expect(attempts.filter(([sim]) => sim === 2).length).toBe(
      simulated.filter((r) => r.outcome === 'abandoned').length,
    );
    // On both sides the redial and the abandoned call share the caller hash.
    for (const { live: rec, sim } of pairs().filter((p) => p.live.attempt === 2)) {
      expect(live.some((r) => r.outcome === 'abandoned' && r.callerHash === rec.callerHash)).toBe(true);
      expect(simulated.some((r) => r.outcome === 'abandoned' && r.callerHash === sim.callerHash)).toBe(true);
    }
  });

  it('give every call a CallSid of its own on both sides', () => {
    expect(new Set(simulated.map((r) => r.callSid)).size).toBe(simulated.length);
    expect(new Set(live.map((r) => r.callSid)).size).toBe(live.length);
    for (const r of simulated) expect(r.callSid).toMatch(/^SIM0-[1-9]\d*$/);
    for (const r of live) expect(r.callSid).toMatch(/^CA[0-9a-f]{32}$/);
  });
});
