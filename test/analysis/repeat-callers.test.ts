import { describe, expect, it } from 'vitest';
import { RepeatCallers } from '../../src/analysis/repeat-callers.js';

const HOUR = 3600;

describe('RepeatCallers', () => {
  it('counts a caller whose two calls are within the window once, however many more calls follow', () => {
    const r = new RepeatCallers(24 * HOUR);
    for (const t of [0, 23 * HOUR, 23.5 * HOUR, 24 * HOUR]) r.add('a', t);
    expect([r.callers, r.repeatCallers]).toEqual([1, 1]);
  });

  it('counts two calls exactly one window apart, not two calls a second more apart', () => {
    const r = new RepeatCallers(24 * HOUR);
    r.add('edge', 0);
    r.add('edge', 24 * HOUR);
    r.add('apart', 0);
    r.add('apart', 24 * HOUR + 1);
    expect([r.callers, r.repeatCallers]).toEqual([2, 1]);
  });

  it('compares each call with the caller’s latest one, so calls a day apart each are never repeats in 24 h', () => {
    const r = new RepeatCallers(24 * HOUR);
    for (let day = 0; day < 5; day += 1) r.add('daily', day * 25 * HOUR);
    expect(r.repeatCallers).toBe(0);
    r.add('daily', 4 * 25 * HOUR + HOUR);
    expect(r.repeatCallers).toBe(1);
  });
});

describe('RepeatCallers in any order', () => {
  it('counts the same callers whatever order the calls come in (a CSV need not be sorted)', () => {
    // Calls at 0 h and 100 h with a 150 h window: a repeat; 400 h is far from both.
    const calls = [0, 100, 400].map((h) => h * HOUR);
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      const r = new RepeatCallers(150 * HOUR);
      for (const k of order) r.add('a', calls[k]!);
      r.add('b', 0);
      r.add('b', 200 * HOUR);
      expect([r.callers, r.repeatCallers], order.join()).toEqual([2, 1]);
    }
  });

  it('counts the same callers from calls in arrival order keeping the latest call only, and refuses one out of order', () => {
    const calls: [string, number][] = [
      ['a', 0],
      ['b', HOUR],
      ['a', 25 * HOUR],
      ['b', 30 * HOUR],
      ['a', 48 * HOUR],
      ['c', 50 * HOUR],
    ];
    const any = new RepeatCallers(24 * HOUR);
    const sorted = new RepeatCallers(24 * HOUR, true);
    for (const [h, t] of calls) {
      any.add(h, t);
      sorted.add(h, t);
    }
    expect([sorted.callers, sorted.repeatCallers]).toEqual([any.callers, any.repeatCallers]);
    expect([sorted.callers, sorted.repeatCallers]).toEqual([3, 1]);
    expect(() => sorted.add('b', 0)).toThrow(/arrived at 0, before its call at 108000/);
  });
});
