import { describe, expect, it } from 'vitest';
import { Calibration } from '../../src/planning/calibrate.js';
import { MONDAY_SHANGHAI_SEC, simulatedRecords, scenarioOf } from '../helpers/simulated-records.js';

// A profile peaking in office hours, weekday factors averaging 1 (so the mean day is calls_per_day), day noise.
const PROFILE = [0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 7, 10, 10, 7, 5, 6.5, 9, 9, 7, 5.5, 4, 3.5, 3, 2.2, 1.5, 1.5];
const FACTORS = { Mon: 1.25, Tue: 1.1, Wed: 1.0, Thu: 1.0, Fri: 0.95, Sat: 0.9, Sun: 0.8 };
const WEEKDAYS = Object.keys(FACTORS) as (keyof typeof FACTORS)[];

const scenario = (noiseCv: number, days = 56, agents = 12) =>
  scenarioOf(`
name: demand-truth
horizon: { days: ${days}, start_day: Mon }
demand:
  calls_per_day: 2000
  hourly_profile_pct: [${PROFILE.join(', ')}]
  day_of_week_factor: ${JSON.stringify(FACTORS)}
  day_noise_cv: ${noiseCv}
call_types:
  - { name: consult, share: 0.7, skill: general, handle_sec: { dist: exponential, mean: 60 } }
  - { name: complaint, share: 0.3, skill: general, handle_sec: { dist: exponential, mean: 60 } }
callers:
  patience_sec: { dist: exponential, mean: 30 }
  redial: { probability: 0.5, delay_sec: { dist: exponential, mean: 600 } }
pools:
  - { name: city, pool: in-house, skills: [general], agents: ${agents} }
`);

interface Fitted {
  callsPerDay: number;
  hourlyProfilePct: number[];
  dayOfWeekFactor: Record<string, number>;
  dayNoiseCv: number;
  callTypeMix: Record<string, number>;
  redials: { firstAttempts: number; redials: number };
}

/** Calibrates one replication's records over exactly the simulated days (redials after the horizon left out). */
function fitted(noiseCv: number, seed: number, days = 56, agents = 12): Fitted {
  const records = simulatedRecords(scenario(noiseCv, days, agents), seed);
  const calibration = new Calibration({
    source: 'sim',
    fromSec: MONDAY_SHANGHAI_SEC,
    toSec: MONDAY_SHANGHAI_SEC + days * 86_400,
  });
  for (const r of records) calibration.add(r);
  return calibration.result().summary.fitted as unknown as Fitted;
}

// Tolerances, for 56 days of 2,000 calls a day (about 112,000 first attempts) per seed:
// - calls per day: a day's count has variance μ + μ²·cv² (≈ 303² at cv 0.15), so the mean of 56 days has an SE of
//   about 40 calls (2 %): 6 % is 3 SE.
// - hourly shares: binomial SE of a 10 % hour over 112,000 calls is 0.09 points: 0.3 points is over 3 SE.
// - weekday factors: each rests on 8 days of CV ≈ 0.15, SE ≈ 5.5 %: 16 % relative is 3 SE.
// - day noise CV: the variance of 49 degrees of freedom has a relative SE of about 0.2, the CV half that (≈ 0.015
//   at 0.15): 0.05 is over 3 SE; without noise the Poisson part alone leaves under 0.03.
// - call-type shares: binomial SE 0.0014: 0.01.
describe('DemandPart recovers the demand of simulated records', () => {
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: calls per day, profile, weekday factors, noise CV and mix within tolerance`, () => {
      const f = fitted(0.15, seed);
      expect(Math.abs(f.callsPerDay / 2000 - 1)).toBeLessThan(0.06);
      for (const [h, pct] of PROFILE.entries()) expect(Math.abs(f.hourlyProfilePct[h]! - pct)).toBeLessThan(0.3);
      expect(f.hourlyProfilePct.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
      for (const day of WEEKDAYS) expect(Math.abs(f.dayOfWeekFactor[day]! / FACTORS[day] - 1)).toBeLessThan(0.16);
      expect(Math.abs(f.dayNoiseCv - 0.15)).toBeLessThan(0.05);
      expect(Math.abs(f.callTypeMix.consult! - 0.7)).toBeLessThan(0.01);
      expect(Math.abs(f.callTypeMix.complaint! - 0.3)).toBeLessThan(0.01);
    });

  it('finds no day noise in Poisson days (day_noise_cv 0)', () => {
    for (const seed of [4, 5]) expect(fitted(0, seed).dayNoiseCv).toBeLessThan(0.03);
  });

  it('counts redials apart: they are many, and calls per day still matches the first calls', () => {
    // 4 agents for up to 4.2 erlangs at the peak: many abandon, half of them call again.
    const f = fitted(0, 6, 21, 4);
    expect(f.redials.redials).toBeGreaterThan(0.05 * f.redials.firstAttempts);
    expect(Math.abs(f.callsPerDay / 2000 - 1)).toBeLessThan(0.03);
  });
});

// Repeat calls of unresolved requests carry attempt 1 (the record's meaning), and imports without an attempt column
// carry 1 everywhere: the follow-up classifier links both by caller, so neither counts as demand. 14 days of 1,500
// first calls: the mean per day has a Poisson SE of about 10 calls (0.7 %): 3 % is over 4 SE, and counting the
// follow-ups as demand (as before) was +15 % (+21 % without attempt numbers).
const repeatScenario = () =>
  scenarioOf(`
name: repeats
horizon: { days: 14, start_day: Mon }
demand:
  calls_per_day: 1500
  hourly_profile_pct: [1, 1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 6, 6, 8, 8, 7, 6, 4, 3, 2, 2, 2, 1]
call_types:
  - { name: general, share: 1, skill: general, handle_sec: { dist: lognormal, mean: 240, cv: 0.8 } }
callers:
  patience_sec: { dist: exponential, mean: 120 }
  redial: { probability: 0.5, delay_sec: { dist: exponential, mean: 600 } }
pools:
  - { name: city, pool: in-house, skills: [general], agents_by_hour: [2,2,2,2,2,2,3,6,10,13,13,12,9,9,12,12,10,9,6,5,3,3,3,2] }
behaviour:
  resolution:
    first_contact: 0.7
    repeat: { probability: 0.5, delay_sec: { dist: exponential, mean: 86400 } }
`);

interface FollowUpFitted {
  callsPerDay: number;
  redials: { firstAttempts: number; redials: number; redialsByCaller: number; repeats: number };
  redial: { afterAbandon: { followed: number }; afterUnresolved: { followed: number } };
}

function fittedRepeats(seed: number, attemptsKnown: boolean) {
  const toSec = MONDAY_SHANGHAI_SEC + 14 * 86_400;
  const records = simulatedRecords(repeatScenario(), seed)
    .filter((r) => r.arrivalSec < toSec)
    .map((r) => (attemptsKnown ? r : { ...r, attempt: 1 }));
  const calibration = new Calibration({ source: 'sim', fromSec: MONDAY_SHANGHAI_SEC, toSec });
  for (const r of records) calibration.add(r);
  const f = calibration.result().summary.fitted as unknown as FollowUpFitted;
  // Each simulated caller makes one request: its first call is the first attempt, every later one a follow-up.
  const callers = new Set(records.map((r) => r.callerHash)).size;
  const laterAttempts = records.filter((r) => r.attempt > 1).length;
  return { f, callers, laterAttempts, inbound: records.length };
}

describe('DemandPart leaves follow-up calls out of demand', () => {
  for (const seed of [11, 12, 13])
    for (const attemptsKnown of [true, false])
      it(`seed ${seed}, ${attemptsKnown ? 'attempt numbers recorded' : 'every attempt 1 (no column)'}: calls per day within 3 %`, () => {
        const { f, callers, inbound } = fittedRepeats(seed, attemptsKnown);
        expect(Math.abs(f.callsPerDay / 1500 - 1)).toBeLessThan(0.03);
        // First attempts are the callers, up to the few redials later than the shrunk window (counted as demand).
        expect(Math.abs(f.redials.firstAttempts / callers - 1)).toBeLessThan(0.005);
        expect(f.redials.firstAttempts + f.redials.redials + f.redials.repeats).toBe(inbound);
      });

  it('splits redials and repeats as the redial part links them, by attempt or by caller', () => {
    const known = fittedRepeats(14, true);
    const unknown = fittedRepeats(14, false);
    expect(known.f.redials.redials).toBe(known.laterAttempts);
    expect(known.f.redials.redialsByCaller).toBe(0);
    expect(unknown.f.redials.redialsByCaller).toBe(unknown.f.redials.redials);
    expect(Math.abs(unknown.f.redials.redials / known.laterAttempts - 1)).toBeLessThan(0.02);
    // The redial part's follow-ups are the very calls demand left out (those of trials inside the period).
    expect(unknown.f.redial.afterAbandon.followed).toBeLessThanOrEqual(unknown.f.redials.redials);
    expect(known.f.redial.afterUnresolved.followed).toBeLessThanOrEqual(known.f.redials.repeats);
    expect(known.f.redials.repeats).toBe(unknown.f.redials.repeats);
  });
});
