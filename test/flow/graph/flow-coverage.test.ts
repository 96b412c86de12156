import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import unreachable from '../../fixtures/flows/lint-unreachable-state.js';
import { coverageOf, declaredStates, flowTestPaths, visitedStates } from '../../../src/flow/graph/flow-coverage.js';

describe('flow coverage as hotline test counts it', () => {
  it('covers every state and transition of a shipped flow when every path passes', () => {
    const { inbound, callback } = flowTestPaths(direct);
    const paths = [...inbound.paths, ...callback.paths];
    const coverage = coverageOf(direct, paths, paths, inbound.edges + callback.edges);
    expect(coverage.states).toEqual({ covered: declaredStates(direct).length, total: 17, missing: [] });
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
  });

  it('misses the states and transitions only failed paths took', () => {
    const { inbound, callback } = flowTestPaths(direct);
    const paths = [...inbound.paths, ...callback.paths];
    const passed = paths.filter((p) => !visitedStates(p).includes('transferFire'));
    const coverage = coverageOf(direct, paths, passed, inbound.edges + callback.edges);
    expect(coverage.states.missing).toEqual(['transferFire']);
    expect(coverage.transitions.missing.length).toBeGreaterThan(0);
    expect(coverage.transitions.missing.every((e) => e.includes('transferFire'))).toBe(true);
  });

  it('leaves out transient states and counts a declared state no path reaches as missing', () => {
    expect(declaredStates(direct)).not.toContain('start');
    const { inbound, callback } = flowTestPaths(unreachable);
    const paths = [...inbound.paths, ...callback.paths];
    expect(coverageOf(unreachable, paths, paths, inbound.edges + callback.edges).states.missing).toEqual(['orphan']);
  });
});
