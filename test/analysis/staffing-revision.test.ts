import { describe, expect, it } from 'vitest';
import {
  hourVerdict,
  reviseStaffing,
  type HourEstimate,
  type RevisionGoal,
} from '../../src/analysis/staffing-revision.js';

const GOAL: RevisionGoal = { serviceLevel: 0.8, maxAbandonRate: 0.05, reduceMargin: 0.02 };

function hour(
  sl: number,
  slHalfWidth: number,
  abandon = 0.02,
  abandonHalfWidth = 0.005,
  oneAgentLess?: HourEstimate['oneAgentLess'],
): HourEstimate {
  return {
    offered: 1000,
    serviceLevel: { mean: sl, ci: [sl - slHalfWidth, sl + slHalfWidth] },
    abandonRate: { mean: abandon, ci: [abandon - abandonHalfWidth, abandon + abandonHalfWidth] },
    ...(oneAgentLess === undefined ? {} : { oneAgentLess }),
  };
}

describe('hourVerdict', () => {
  it('misses on the mean service level, even when the CI reaches the target', () => {
    expect(hourVerdict(hour(0.79, 0.05), GOAL)).toBe('miss');
  });

  it('misses on the mean abandon rate', () => {
    expect(hourVerdict(hour(0.9, 0.01, 0.06), GOAL)).toBe('miss');
  });

  it('meets when the mean is on target and the CI straddles it', () => {
    expect(hourVerdict(hour(0.81, 0.03), GOAL)).toBe('meets');
  });

  it('calls an hour wide only if one agent fewer, as the analytic model prices it, still clears target + margin', () => {
    expect(hourVerdict(hour(0.95, 0.01, 0.01, 0.005, { serviceLevel: 0.05, abandonRate: 0.01 }), GOAL)).toBe('wide');
    expect(hourVerdict(hour(0.95, 0.01, 0.01, 0.005, { serviceLevel: 0.15, abandonRate: 0.01 }), GOAL)).toBe('meets');
    expect(hourVerdict(hour(0.95, 0.01, 0.04, 0.005, { serviceLevel: 0.05, abandonRate: 0.02 }), GOAL)).toBe('meets');
  });

  it('holds an hour on trial to the unfavourable end of the CIs', () => {
    expect(hourVerdict(hour(0.82, 0.03), GOAL, true)).toBe('miss');
    expect(hourVerdict(hour(0.85, 0.03, 0.03, 0.03), GOAL, true)).toBe('miss');
    expect(hourVerdict(hour(0.85, 0.03, 0.03, 0.01), GOAL, true)).toBe('meets');
  });

  it('does not judge an hour without calls', () => {
    expect(
      hourVerdict(
        { offered: 0, serviceLevel: { mean: NaN, ci: [NaN, NaN] }, abandonRate: { mean: NaN, ci: [NaN, NaN] } },
        GOAL,
      ),
    ).toBe('no-calls');
  });
});

describe('reviseStaffing', () => {
  it('adds one agent where an hour misses and remembers the short count', () => {
    const r = reviseStaffing([10, 10], [-1, -1], [hour(0.75, 0.02), hour(0.83, 0.02)], GOAL);
    expect(r.onPhone).toEqual([11, 10]);
    expect(r.highestShort).toEqual([10, -1]);
    expect(r.added).toEqual([0]);
    expect(r.removed).toEqual([]);
    expect(r.verdicts).toEqual(['miss', 'meets']);
  });

  it('removes one agent where an hour is met by a wide margin, never to a count found short, never to zero', () => {
    const wide = hour(0.97, 0.01, 0.005, 0.002, { serviceLevel: 0.03, abandonRate: 0.005 });
    const r = reviseStaffing([10, 10, 1], [-1, 9, -1], [wide, wide, wide], GOAL);
    expect(r.onPhone).toEqual([9, 10, 1]);
    expect(r.removed).toEqual([0]);
  });

  it('puts back an agent whose removal fails its trial, and does not try it again', () => {
    const wide = hour(0.95, 0.01, 0.01, 0.005, { serviceLevel: 0.05, abandonRate: 0.01 });
    const first = reviseStaffing([12], [-1], [wide], GOAL);
    expect(first.onPhone).toEqual([11]);
    const trial = reviseStaffing(first.onPhone, first.highestShort, [hour(0.81, 0.03)], GOAL, first.removed);
    expect(trial.onPhone).toEqual([12]);
    expect(trial.highestShort).toEqual([11]);
    const again = reviseStaffing(trial.onPhone, trial.highestShort, [wide], GOAL, trial.removed);
    expect(again.onPhone).toEqual([12]);
    expect([again.added, again.removed]).toEqual([[], []]);
  });

  it('leaves hours without calls alone', () => {
    const none: HourEstimate = {
      offered: 0,
      serviceLevel: { mean: NaN, ci: [NaN, NaN] },
      abandonRate: { mean: NaN, ci: [NaN, NaN] },
    };
    expect(reviseStaffing([3], [-1], [none], GOAL).onPhone).toEqual([3]);
  });
});
