import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import unreachable from '../../fixtures/flows/lint-unreachable-state.js';
import { flowViewCoverage } from '../../../src/console/flows/flow-view-coverage.js';
import { flowGraph } from '../../../src/flow/graph/flow-graph.js';
import { stateGraph } from '../../../src/flow/graph/state-graph.js';

/** The drawn states and transitions `flowViewCoverage` marks not covered. */
function uncovered(coverage: ReturnType<typeof flowViewCoverage>) {
  return {
    states: coverage.graph.states.filter((s) => !s.covered).map((s) => s.id),
    transitions: coverage.graph.transitions.filter((t) => !t.covered),
  };
}

describe("the flow view's coverage", () => {
  it('counts as hotline test counts: the direct flow, 148 paths, covers its 17 states and 95 transitions', () => {
    const coverage = flowViewCoverage(direct);
    expect(coverage).toMatchObject({
      flowId: 'hotline-12345-direct',
      criterion: 'all-simple-paths',
      paths: 148,
      states: { covered: 17, total: 17, missing: [] },
      transitions: { covered: 95, total: 95, missing: [] },
    });
    expect(coverage.graph.states).toHaveLength(17);
    expect(coverage.graph.transitions).toHaveLength(38);
    expect(uncovered(coverage)).toEqual({ states: [], transitions: [] });
    expect(coverage.graph.transitions).toContainEqual({
      from: 'welcome',
      to: 'queue',
      event: 'DIGITS 9',
      covered: true,
    });
  });

  it('marks exactly the state no path reaches and the drawn transition no path takes not covered', () => {
    const legs = {
      inbound: flowGraph(unreachable),
      callback: flowGraph(unreachable, { input: { direction: 'callback', skill: 'general' } }),
    };
    const drawn = stateGraph(unreachable, legs);
    // A transition drawn that `hotline test` does not drive (as in a graph drawn from an edited flow).
    const untested = { from: 'welcome', to: 'goodbye', event: 'UNTESTED' };
    const coverage = flowViewCoverage(unreachable, { ...drawn, transitions: [...drawn.transitions, untested] });
    expect(coverage.states).toMatchObject({ covered: 19, total: 20, missing: ['orphan'] });
    expect(uncovered(coverage)).toEqual({ states: ['orphan'], transitions: [{ ...untested, covered: false }] });
    expect(coverage.graph.states).toHaveLength(20);
    expect(coverage.graph.transitions.filter((t) => t.covered)).toHaveLength(drawn.transitions.length);
    expect(drawn.transitions).toHaveLength(44);
  });
});
