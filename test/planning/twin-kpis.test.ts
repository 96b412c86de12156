import { describe, expect, it } from 'vitest';
import { KpiAccumulator, type Kpis } from '../../src/analysis/kpis.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { judgeTwin, TWIN_KPIS } from '../../src/planning/twin-kpis.js';
import { queued } from '../helpers/call-records.js';

/**
 * The KPIs of `answered` answered calls (wait `waitSec`, talk 100 s, handle 120 s) and `abandoned` abandoned ones;
 * `fields` go into every record (ratings, caller hashes).
 */
function kpis(answered: number, abandoned: number, waitSec: number, fields: Partial<CallRecord> = {}): Kpis {
  const acc = new KpiAccumulator({ thresholdsSec: [15] });
  for (let i = 0; i < answered; i += 1)
    acc.add(queued(i * 60, { ivrSec: 0, waitSec, answered: true }, { ...fields, callerHash: `c${i}` }));
  for (let i = 0; i < abandoned; i += 1)
    acc.add(queued(i * 60 + 30, { ivrSec: 0, waitSec: 40, answered: false }, { callerHash: `c${i}` }));
  return acc.result();
}

describe('judgeTwin', () => {
  const rated = { surveyInvited: true, rating: 2 };
  const replications = [kpis(80, 20, 10, rated), kpis(90, 10, 12, rated), kpis(85, 15, 8, rated)];

  it('sets the actual beside the mean and the prediction interval, inside with the ends included', () => {
    const v = judgeTwin(kpis(85, 15, 14, rated), replications, 15);
    expect(v.kpis.offered).toMatchObject({ actual: 100, predicted: 100, low: 100, high: 100, inside: true });
    expect(v.kpis.answerRate!.predicted).toBeCloseTo(0.85, 12);
    expect(v.kpis.answerRate!.low).toBeLessThan(0.8);
    expect(v.kpis.answerRate!.inside).toBe(true);
    expect(v.kpis.ahtSec).toMatchObject({ actual: 120, low: 120, high: 120, inside: true });
    expect(v.inside).toBe(true);
    expect(v.method).toBe('student-t');
  });

  it('flags a KPI outside, and the whole verdict with it', () => {
    const v = judgeTwin(kpis(85, 15, 60, rated), replications, 15);
    expect(v.kpis.serviceLevel).toMatchObject({ actual: 0, inside: false });
    expect(v.kpis.asaSec!.inside).toBe(false);
    expect(v.kpis.answerRate!.inside).toBe(true);
    expect(v.inside).toBe(false);
  });

  it('clips interval ends of a share to 0..1', () => {
    const v = judgeTwin(kpis(85, 15, 14, rated), [kpis(100, 0, 1, rated), kpis(50, 50, 1, rated)], 15);
    expect(v.kpis.answerRate!.high).toBe(1);
    expect(v.kpis.abandonRate!.low).toBe(0);
  });

  it('skips, with the reason, what the records cannot give and what the simulation does not give', () => {
    const noCallerHash = { callerHash: null };
    const acc = new KpiAccumulator({ thresholdsSec: [15] });
    for (let i = 0; i < 10; i += 1) acc.add(queued(i * 60, { ivrSec: 0, waitSec: 5, answered: true }, noCallerHash));
    const v = judgeTwin(acc.result(), replications, 15);
    expect(v.skipped).toEqual({
      surveyParticipation: 'no answered caller was invited to the survey or rated (surveyInvited, rating)',
      satisfactionStrict: 'the records hold no ratings',
      repeatCallRate: 'the records carry no caller hashes (callerHash)',
    });
    const unrated = judgeTwin(kpis(85, 15, 14, rated), [kpis(80, 20, 10), kpis(90, 10, 20)], 15);
    expect(unrated.skipped.satisfactionStrict).toBe('the scenario simulates no ratings');
    expect(Object.keys(unrated.kpis)).not.toContain('satisfactionStrict');
  });

  it('reads service level from queue entry at the given threshold', () => {
    const sl = TWIN_KPIS.find((d) => d.name === 'serviceLevel')!;
    const k = kpis(1, 0, 18);
    expect(sl.value(k, 15)).toBe(0);
    expect(sl.label(20)).toBe('service level (20 s from queue)');
  });
});

describe('judgeTwin family-wise', () => {
  const rated = { surveyInvited: true, rating: 2 };
  const replications = [kpis(80, 20, 10, rated), kpis(90, 10, 12, rated), kpis(85, 15, 8, rated)];

  it('judges each KPI at the Šidák level of the family and skips average talk equal to AHT', () => {
    const v = judgeTwin(kpis(85, 15, 14, rated), replications, 15, 0.9);
    expect(v.level).toBe(0.9);
    expect(v.perKpiLevel ** Object.keys(v.kpis).length).toBeCloseTo(0.9, 12);
    // The helper's calls talk 100 s and handle 120 s: average talk is judged beside AHT.
    expect(v.kpis.avgTalkSec).toBeDefined();
    const noAcw = new KpiAccumulator({ thresholdsSec: [15] });
    for (let i = 0; i < 10; i += 1)
      noAcw.add(queued(i * 60, { ivrSec: 0, waitSec: 5, answered: true }, { talkSec: 120, handleSec: 120 }));
    const w = judgeTwin(noAcw.result(), replications, 15);
    expect(w.skipped.avgTalkSec).toBe('equals AHT in the records (no after-call work): judged once, as AHT');
    expect(w.kpis.avgTalkSec).toBeUndefined();
  });

  it('widens the intervals as the family grows', () => {
    const narrow = judgeTwin(kpis(85, 15, 14, rated), replications, 15, 0.5);
    const wide = judgeTwin(kpis(85, 15, 14, rated), replications, 15, 0.99);
    expect(wide.kpis.answerRate!.high - wide.kpis.answerRate!.low).toBeGreaterThan(
      narrow.kpis.answerRate!.high - narrow.kpis.answerRate!.low,
    );
  });
});
