import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildSimModel } from '../../src/planning/build-model.js';
import { runCallCentre } from '../../src/sim/call-centre-sim.js';
import { simulate } from '../../src/planning/run-scenario.js';

function records(yaml: string, seed = 5, replication = 0): CallRecord[] {
  const scenario = parseScenario(yaml, 'test.yaml');
  const out: CallRecord[] = [];
  runCallCentre(buildSimModel(scenario, { seed, replication }), seed, replication, (r) => out.push({ ...r }));
  return out;
}

const BUSY = `name: busy
horizon: { calls: 5000 }
demand: { calls_per_hour: 240 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers:
  patience_sec: { dist: exponential, mean: 60 }
  redial: { probability: 0.5, delay_sec: { dist: deterministic, value: 300 } }
pools: [{ name: a, pool: in-house, skills: [g], agents: 10 }]
`;

describe('call-centre simulation', () => {
  it('serves waiting callers first come, first served, even when abandoned slots are reused', () => {
    const answered = records(BUSY).filter((r) => r.answerSec !== null && r.answerSec > r.queueEntrySec!);
    const byEntry = [...answered].sort((a, b) => a.queueEntrySec! - b.queueEntrySec!);
    for (let i = 1; i < byEntry.length; i += 1)
      expect(byEntry[i]!.answerSec!).toBeGreaterThanOrEqual(byEntry[i - 1]!.answerSec!);
    expect(answered.length).toBeGreaterThan(1000);
  });

  it('redials: an abandoning caller calls again after the delay, as attempt 2', () => {
    const all = records(BUSY);
    const redials = all.filter((r) => r.attempt === 2);
    expect(redials.length).toBeGreaterThan(50);
    const abandoned = all.filter((r) => r.outcome === 'abandoned').length;
    // Half of the abandoners redial (probability 0.5), within sampling error.
    expect(redials.length / abandoned).toBeGreaterThan(0.4);
    expect(redials.length / abandoned).toBeLessThan(0.6);
  });

  it('gives the same records for the same seed and different ones for another seed', () => {
    expect(JSON.stringify(records(BUSY, 5))).toBe(JSON.stringify(records(BUSY, 5)));
    expect(JSON.stringify(records(BUSY, 6))).not.toBe(JSON.stringify(records(BUSY, 5)));
  });

  it('keeps memory with concurrent calls: the peak of live calls is far below the total', () => {
    const scenario = parseScenario(BUSY.replace('calls: 5000', 'calls: 50000'), 't.yaml');
    const stats = runCallCentre(buildSimModel(scenario, { seed: 1, replication: 0 }), 1, 0, () => undefined);
    expect(stats.calls).toBe(50000);
    expect(stats.peakConcurrent).toBeLessThan(200);
  });

  it('routes to the outsourced group only after its minimum wait', () => {
    const out = records(`name: overflow
horizon: { calls: 4000 }
demand: { calls_per_hour: 400 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
pools:
  - { name: city, pool: in-house, skills: [g], agents: 18 }
  - { name: vendor, pool: outsourced, skills: [g], agents: 4, min_wait_sec: 30 }
`);
    const vendor = out.filter((r) => r.pool === 'outsourced');
    expect(vendor.length).toBeGreaterThan(50);
    for (const r of vendor) expect(r.answerSec! - r.queueEntrySec!).toBeGreaterThanOrEqual(30 - 1e-9);
    expect(out.filter((r) => r.pool === 'in-house').some((r) => r.answerSec === r.queueEntrySec)).toBe(true);
  });

  it('follows the staffing plan hour by hour: nobody is answered in an hour with no agents', () => {
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 12 : 0));
    const out = records(`name: daytime
horizon: { days: 1 }
demand: { calls_per_hour: 100 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: deterministic, value: 60 } }]
callers: { patience_sec: { dist: deterministic, value: 600 } }
pools: [{ name: day, pool: in-house, skills: [g], agents_by_hour: [${hours.join(', ')}] }]
`);
    for (const r of out.filter((x) => x.answerSec !== null)) {
      const hour = Math.floor(r.answerSec! / 3600);
      expect(hour >= 8 && hour < 21, `answered at hour ${hour}`).toBe(true);
    }
    const night = out.filter((r) => r.arrivalSec < 7 * 3600);
    expect(night.every((r) => r.outcome === 'abandoned')).toBe(true);
  });

  it('summarises replications with confidence intervals that narrow with more replications', () => {
    const scenario = parseScenario(BUSY, 't.yaml');
    const few = simulate(scenario, { seed: 1, replications: 4 });
    const many = simulate(scenario, { seed: 1, replications: 16 });
    const hw = (s: typeof few) => s.estimates.get('asaSec')!.halfWidth;
    expect(hw(many)).toBeLessThan(hw(few));
    expect(many.ci).toHaveProperty('serviceLevel.15');
  });
});

describe('shift plans, surges and seat costs', () => {
  it('staffs from shifts by weekday, including a shift past midnight', async () => {
    const { scheduledAgentsAt } = await import('../../src/scenario/pool-schedule.js');
    const scenario = parseScenario(
      `name: shifts
horizon: { days: 7, start_day: Mon }
demand: { calls_per_hour: 10 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
pools:
  - name: a
    pool: in-house
    skills: [g]
    shifts:
      - { start_hour: 8, hours: 8, agents: 10, days: [Mon, Tue, Wed, Thu, Fri] }
      - { start_hour: 22, hours: 8, agents: 2 }
    cost: { per_seat_year: 1000 }
`,
      't.yaml',
    );
    const pool = scenario.pools[0]!;
    expect(scheduledAgentsAt(pool, 9 * 3600, 'Mon')).toBe(10);
    expect(scheduledAgentsAt(pool, 5 * 86400 + 9 * 3600, 'Mon')).toBe(0); // Saturday
    expect(scheduledAgentsAt(pool, 86400 + 3 * 3600, 'Mon')).toBe(2); // Tuesday 03:00, Monday's night shift
    expect(scheduledAgentsAt(pool, 3 * 3600, 'Mon')).toBe(2); // Monday 03:00: the week repeats, Sunday's night shift
    const model = buildSimModel(scenario, { seed: 1, replication: 0 });
    expect(model.groups[0]!.agentsByInterval[9]).toBe(10);
    expect(model.groups[0]!.agentsByInterval[5 * 24 + 9]).toBe(0);
  });

  it('multiplies demand on surge days', () => {
    const base = `name: surge
horizon: { days: 4 }
demand:
  calls_per_day: 1000
  hourly_profile_pct: [${Array(24)
    .fill(100 / 24)
    .join(', ')}]
  surges: [{ name: rainstorm, start_day: 2, days: 1, multiplier: 3 }]
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
pools: [{ name: a, pool: in-house, skills: [g], agents: 50 }]
`;
    const perDay = [0, 0, 0, 0];
    for (const r of records(base)) perDay[Math.floor(r.arrivalSec / 86400)]! += 1;
    expect(perDay[2]! / perDay[1]!).toBeGreaterThan(2.6);
    expect(perDay[2]! / perDay[1]!).toBeLessThan(3.4);
  });
});

const ONE_SKILL = `call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]`;

describe('simulator regressions found in review', () => {
  it('keeps staffing right on long runs with short intervals (no overflow of the staffing event index)', () => {
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 3 : 1));
    const out = records(
      `name: long
horizon: { days: 25 }
interval_minutes: 1
demand: { calls_per_hour: 6 }
${ONE_SKILL}
callers: { patience_sec: { dist: exponential, mean: 300 } }
pools: [{ name: a, pool: in-house, skills: [g], agents_by_hour: [${hours.join(', ')}] }]
`,
      1,
    );
    const lastDays = out.filter((r) => r.arrivalSec > 23 * 86400);
    expect(lastDays.length).toBeGreaterThan(200);
    expect(lastDays.filter((r) => r.outcome === 'answered').length / lastDays.length).toBeGreaterThan(0.95);
  });

  it('records callers left waiting at the end as queue-failed instead of dropping them', () => {
    const out = records(
      `name: nobody
horizon: { calls: 50 }
demand: { calls_per_hour: 60 }
${ONE_SKILL}
pools: [{ name: a, pool: in-house, skills: [g], agents: 0 }]
`,
      1,
    );
    expect(out).toHaveLength(50);
    expect(out.every((r) => r.outcome === 'queue-failed')).toBe(true);
    const kpis = new KpiAccumulator();
    for (const r of out) kpis.add(r);
    expect(kpis.result().offered).toBe(50);
    expect(kpis.result().answerRate).toBe(0);
  });
});
