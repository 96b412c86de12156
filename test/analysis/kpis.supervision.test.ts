import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { queued, record } from '../helpers/call-records.js';

const kpisOf = (records: CallRecord[], options: ConstructorParameters<typeof KpiAccumulator>[0] = {}) => {
  const acc = new KpiAccumulator(options);
  for (const r of records) acc.add(r);
  return acc.result();
};

/** Four queued calls: waits 5, 12, 40 s after 10, 10, 2 s of IVR; one abandon after 30 s. */
const FOUR = [
  queued(0, { ivrSec: 10, waitSec: 5, answered: true, talkSec: 100, handleSec: 130 }),
  queued(100, { ivrSec: 10, waitSec: 12, answered: true, talkSec: 200, handleSec: 230 }),
  queued(200, { ivrSec: 2, waitSec: 40, answered: true, talkSec: 300, handleSec: 300 }),
  queued(300, { ivrSec: 10, waitSec: 30, answered: false }),
];

describe('KpiAccumulator: service level from queue entry and from arrival', () => {
  it('counts both per threshold; the headline is from queue entry by default', () => {
    const k = kpisOf(FOUR);
    // From queue: waits 5, 12 within 15; 5, 12 within 20; 5, 12 within 30 (40 is not) → 2/4 each.
    expect(k.serviceLevelFromQueue).toEqual({ 15: 0.5, 20: 0.5, 30: 0.5 });
    // From arrival: 15, 22, 42 s → within 15: 1; within 20: 1; within 30: 2.
    expect(k.serviceLevelFromArrival).toEqual({ 15: 0.25, 20: 0.25, 30: 0.5 });
    expect(k.serviceLevel).toEqual(k.serviceLevelFromQueue);
    expect(k.counts['serviceLevelFromArrival.15']).toEqual({ numerator: 1, denominator: 4 });
  });

  it('makes the from-arrival figure the headline when asked', () => {
    const k = kpisOf(FOUR, { serviceLevelFrom: 'arrival' });
    expect(k.serviceLevel).toEqual(k.serviceLevelFromArrival);
    expect(k.counts['serviceLevel.15']).toEqual({ numerator: 1, denominator: 4 });
  });
});

describe('KpiAccumulator: talk and handle time', () => {
  it('averages talk apart from handle time over answered calls', () => {
    const k = kpisOf(FOUR);
    expect(k.avgTalkSec).toBe(200);
    expect(k.ahtSec).toBeCloseTo((130 + 230 + 300) / 3, 10);
  });
});

describe('KpiAccumulator: repeat callers', () => {
  const DAY = 86_400;
  const calls = [
    record(0, { callerHash: 'a' }),
    record(3 * DAY, { callerHash: 'a' }), // a: within 7 days → repeat
    record(0, { callerHash: 'b' }),
    record(8 * DAY, { callerHash: 'b' }), // b: 8 days apart → not a repeat
    record(0, { callerHash: 'c' }),
    record(10, { callerHash: null }),
    record(20, { callerHash: null }),
  ];

  it('is repeat callers / unique callers within the default 7-day window; calls without a hash are counted apart', () => {
    const k = kpisOf(calls);
    expect([k.uniqueCallers, k.repeatCallers, k.callsWithoutCallerHash]).toEqual([3, 1, 2]);
    expect(k.repeatCallRate).toBeCloseTo(1 / 3, 12);
    expect(k.counts.repeatCallRate).toEqual({ numerator: 1, denominator: 3 });
  });

  it('follows the window option (24 h: none of these callers repeats; 9 days: a and b do)', () => {
    expect(kpisOf(calls, { repeatWindowSec: DAY }).repeatCallers).toBe(0);
    expect(kpisOf(calls, { repeatWindowSec: 9 * DAY }).repeatCallers).toBe(2);
  });

  it('leaves callback legs out of repeat calls', () => {
    const k = kpisOf([record(0, { callerHash: 'x' }), record(60, { callerHash: 'x', direction: 'callback' })]);
    expect([k.uniqueCallers, k.repeatCallers]).toEqual([1, 0]);
  });
});

describe('KpiAccumulator: survey', () => {
  it('is ratings / answered callers invited to the survey; a rating counts as an invitation', () => {
    const a = (fields: Partial<CallRecord>) => queued(0, { ivrSec: 1, waitSec: 1, answered: true }, fields);
    const k = kpisOf([
      a({ surveyInvited: true, rating: 1 }),
      a({ surveyInvited: true, rating: 4 }),
      a({ surveyInvited: true, rating: null }),
      a({ surveyInvited: false, rating: 2 }),
      a({ surveyInvited: false, rating: null }),
    ]);
    expect([k.surveyInvited, k.ratings]).toEqual([4, 3]);
    expect(k.surveyParticipation).toBe(0.75);
    expect(k.satisfactionStrict).toBeCloseTo(2 / 3, 12);
  });
});

describe('KpiAccumulator: counts and intervals', () => {
  it('gives every rate its exact counts and its Wilson 95 % interval', () => {
    const k = kpisOf(FOUR);
    expect(k.counts.answerRate).toEqual({ numerator: 3, denominator: 4 });
    expect(k.counts.abandonRate).toEqual({ numerator: 1, denominator: 4 });
    // Wilson, 1 of 4: [0.0456, 0.6994] (z = 1.95996).
    expect(k.intervals.abandonRate!.low).toBeCloseTo(0.04559, 4);
    expect(k.intervals.abandonRate!.high).toBeCloseTo(0.69936, 4);
    for (const name of Object.keys(k.counts)) expect(k.intervals[name]).toBeDefined();
  });

  it('with no calls: counts 0, rates and intervals NaN, never a division error', () => {
    const k = kpisOf([]);
    expect([k.offered, k.answered, k.uniqueCallers, k.surveyInvited]).toEqual([0, 0, 0, 0]);
    expect(k.answerRate).toBeNaN();
    expect(k.avgTalkSec).toBeNaN();
    expect(k.intervals.answerRate).toEqual({ low: NaN, high: NaN });
  });

  it('with every call abandoned: abandon rate 1 with its interval, no answered figure', () => {
    const k = kpisOf([0, 1, 2].map((i) => queued(i * 60, { ivrSec: 5, waitSec: 20, answered: false })));
    expect([k.offered, k.answered, k.abandoned]).toEqual([3, 0, 3]);
    expect(k.abandonRate).toBe(1);
    expect(k.serviceLevel['15']).toBe(0);
    expect(k.intervals.abandonRate!.high).toBe(1);
    expect(k.intervals.abandonRate!.low).toBeCloseTo(0.43849, 4);
    expect([k.asaSec, k.ahtSec, k.avgTalkSec, k.surveyParticipation]).toEqual([NaN, NaN, NaN, NaN]);
  });
});
