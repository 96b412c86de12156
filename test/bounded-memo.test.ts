import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../src/bounded-memo.js';

describe('BoundedMemo', () => {
  it('makes a value once, keeps null, and lets the oldest go when full', () => {
    const memo = new BoundedMemo<string | null>(2);
    let made = 0;
    const make = (v: string | null) => () => {
      made += 1;
      return v;
    };
    expect(memo.get('a', make('A'))).toBe('A');
    expect(memo.get('a', make('other'))).toBe('A');
    expect(memo.get('n', make(null))).toBeNull();
    expect(memo.get('n', make('other'))).toBeNull();
    expect(made).toBe(2);
    memo.get('b', make('B')); // full: 'a' goes
    expect(memo.get('a', make('A2'))).toBe('A2');
    memo.delete('a');
    memo.clear();
    expect(memo.get('b', make('B2'))).toBe('B2');
    expect(made).toBe(5);
  });
});
