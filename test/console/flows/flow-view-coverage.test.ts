import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import unreachable from '../../fixtures/flows/lint-unreachable-state.js';
import { flowViewCoverage } from '../../../src/console/flows/flow-view-coverage.js';
import { coverageOf, flowTestPaths } from '../../../src/flow/graph/flow-coverage.js';

describe("the flow view's coverage", () => {
  it('counts as hotline test counts, every path passing, and marks each drawn state and transition', () => {
    const coverage = flowViewCoverage(direct);
    const { inbound, callback } = flowTestPaths(direct);
    const paths = [...inbound.paths, ...callback.paths];
    const counts = coverageOf(direct, paths, paths, inbound.edges + callback.edges);
    expect(coverage).toMatchObject({ flowId: direct.id, paths: paths.length, ...counts });
    expect(coverage.graph.states.every((s) => s.covered)).toBe(true);
    expect(coverage.graph.transitions.every((t) => t.covered)).toBe(true);
  });

  it('marks a state no path reaches, and the transitions out of it, not covered', () => {
    const coverage = flowViewCoverage(unreachable);
    expect(coverage.graph.states).toContainEqual({ id: 'orphan', covered: false });
    expect(coverage.graph.transitions.filter((t) => !t.covered).every((t) => t.from === 'orphan')).toBe(true);
  });
});
