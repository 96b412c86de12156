import { describe, expect, it } from 'vitest';
import * as hotline from '../src/index.js';

describe('the public barrel', () => {
  it('exposes the flow vocabulary, simulation and server entry points', () => {
    for (const name of [
      'defineFlow',
      'gather',
      'enqueue',
      'pressed',
      'FlowCall',
      'coveragePaths',
      'KpiAccumulator',
      'erlangA',
      'simulate',
      'CompiledFlow',
      'buildApp',
      'SqliteCallStore',
    ]) {
      expect(typeof (hotline as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
