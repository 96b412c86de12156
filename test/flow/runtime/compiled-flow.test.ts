import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import type { CallEvent } from '../../../src/flow/call-event.js';
import { defineFlow } from '../../../src/flow/flow-definition.js';
import { coveragePaths } from '../../../src/flow/graph/coverage-paths.js';
import { CompiledFlow } from '../../../src/flow/runtime/compiled-flow.js';
import { hangup } from '../../../src/flow/step.js';

describe.each([direct, menu])('the compiled $id is equivalent to the XState machine', (flow) => {
  const compiled = new CompiledFlow(flow);
  const suites = [
    { input: undefined, label: 'inbound' },
    {
      input: { direction: 'callback' as const, skill: 'enterprise', language: 'en-US' as const },
      label: 'callback leg',
    },
  ];

  it.each(suites)('on every enumerated path ($label): same state and context after each event', ({ input }) => {
    const { paths } = coveragePaths(flow, input ? { input } : {});
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const cursor = compiled.start(input);
      expect(compiled.states[cursor.state]!.id).toBe(String(path.start.value));
      expect(cursor.ctx).toEqual(path.start.context);
      for (const [i, step] of path.steps.entries()) {
        expect(compiled.send(cursor, step.event), `step ${i}: ${step.event.type}`).toBe(true);
        expect(compiled.states[cursor.state]!.id, `step ${i}: ${JSON.stringify(step.event)}`).toBe(
          String(step.snapshot.value),
        );
        expect(cursor.ctx, `step ${i}: ${JSON.stringify(step.event)}`).toEqual(step.snapshot.context);
      }
    }
  });

  it('ignores events a state does not take, as XState does', () => {
    const cursor = compiled.start();
    const before = { ...cursor };
    expect(compiled.send(cursor, { type: 'AGENT_FINISHED' })).toBe(false);
    expect(cursor).toEqual(before);
  });
});

describe('flows the compiler cannot take', () => {
  it('names the state and the construct it does not support', () => {
    const machine = setup({ types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent } }).createMachine({
      id: 'custom',
      context: { language: 'cmn-CN' },
      initial: 'a',
      states: { a: { after: { 1000: 'b' } }, b: { type: 'final' } },
    });
    const flow = defineFlow({ id: 'custom', title: 't', languages: ['cmn-CN'], skills: [], lookups: [], machine });
    expect(() => new CompiledFlow(flow)).toThrow(/state "a" has delayed \(after\) transitions/);
  });

  it('refuses flows the compiler would misread: wildcard transitions', () => {
    const machine = setup({ types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent } }).createMachine({
      id: 'wild',
      context: { language: 'cmn-CN' },
      initial: 'a',
      states: { a: { meta: hangup(), on: { '*': 'b' } }, b: { type: 'final' } },
    });
    expect(
      () =>
        new CompiledFlow(
          defineFlow({ id: 'wild', title: 'w', languages: ['cmn-CN'], skills: [], lookups: [], machine }),
        ),
    ).toThrow(/wildcard transition "\*"/);
  });
});
