import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  applyEntries,
  hasIn,
  type PlacedComment,
  scenarioYaml,
  setIn,
} from '../../src/planning/calibrated-scenario.js';

describe('setIn / hasIn', () => {
  it('resolves a name after call_types or pools to that item, creating it with its name', () => {
    const tree = {};
    expect(setIn(tree, ['call_types', 'consult', 'share'], 0.7)).toEqual(['call_types', 0, 'share']);
    expect(setIn(tree, ['call_types', 'complaint', 'share'], 0.3)).toEqual(['call_types', 1, 'share']);
    expect(setIn(tree, ['call_types', 'consult', 'handle_sec'], { dist: 'exponential', mean: 60 })).toEqual([
      'call_types',
      0,
      'handle_sec',
    ]);
    expect(tree).toEqual({
      call_types: [
        { name: 'consult', share: 0.7, handle_sec: { dist: 'exponential', mean: 60 } },
        { name: 'complaint', share: 0.3 },
      ],
    });
    expect(hasIn(tree, ['call_types', 'complaint', 'share'])).toBe(true);
    expect(hasIn(tree, ['call_types', 'complaint', 'skill'])).toBe(false);
    expect(hasIn(tree, ['pools', 'city'])).toBe(false);
  });

  it('sets a whole named item keeping its name, and numeric indices as they are', () => {
    const tree = {};
    setIn(tree, ['pools', 'city'], { pool: 'in-house', agents: 3 });
    setIn(tree, ['demand', 'hourly_profile_pct'], [1, 2]);
    setIn(tree, ['demand', 'hourly_profile_pct', 1], 5);
    expect(tree).toEqual({
      pools: [{ name: 'city', pool: 'in-house', agents: 3 }],
      demand: { hourly_profile_pct: [1, 5] },
    });
  });
});

describe('scenarioYaml', () => {
  it('writes the header, each comment before its value, lists of numbers and small maps in flow style', () => {
    const tree = {};
    const comments: PlacedComment[] = [];
    const skipped = applyEntries(
      tree,
      [
        { path: ['demand', 'calls_per_day'], value: 120, comment: 'N=840 over 7 days' },
        { path: ['demand', 'hourly_profile_pct'], value: [50, 50], comment: 'profile' },
        { path: ['call_types', 'consult', 'handle_sec'], value: { dist: 'gamma', mean: 200, cv: 0.8 }, comment: 'KS' },
        { path: ['demand', 'calls_per_day'], value: 999, comment: 'a second fit' },
        { path: ['name'], value: 'x', comment: 'records' },
      ],
      comments,
    );
    expect(skipped.map((e) => e.value)).toEqual([999]);
    const text = scenarioYaml(tree, comments, ['Calibrated.', 'Second line.']);
    expect(text).toBe(
      [
        '# Calibrated.',
        '# Second line.',
        '',
        '# records',
        'name: x',
        'demand:',
        '  # N=840 over 7 days',
        '  calls_per_day: 120',
        '  # profile',
        '  hourly_profile_pct: [ 50, 50 ]',
        'call_types:',
        '  - name: consult',
        '    # KS',
        '    handle_sec: { dist: gamma, mean: 200, cv: 0.8 }',
        '',
      ].join('\n'),
    );
    expect(parse(text)).toEqual({ ...tree });
  });
});
