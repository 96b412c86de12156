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
