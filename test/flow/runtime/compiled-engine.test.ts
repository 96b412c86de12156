import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import type { CallEvent } from '../../../src/flow/call-event.js';
import { defineFlow } from '../../../src/flow/flow-definition.js';
import { flowActions, increment } from '../../../src/flow/flow-actions.js';
import { flowGuards, pressed } from '../../../src/flow/flow-guards.js';
import { SAMPLE_LOOKUP_DATA } from '../../../src/flow/graph/flow-events.js';
import { coveragePaths } from '../../../src/flow/graph/coverage-paths.js';
import { FlowCall } from '../../../src/flow/runtime/flow-call.js';
import { say } from '../../../src/flow/prompt.js';
import { gather, hangup } from '../../../src/flow/step.js';
import { CompiledCallEngine } from '../../../src/flow/runtime/compiled-engine.js';
import { withoutStoppedActorWarnings } from '../../helpers/xstate-warnings.js';

/** Every kind of event, with the variants the shipped flows' guards tell apart. */
const PROBES: CallEvent[] = [
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', '202611240001', '12'].map(
    (digits): CallEvent => ({ type: 'DIGITS', digits }),
  ),
  { type: 'SPEECH', text: '着火了' },
  { type: 'SPEECH', text: 'agent please', confidence: 0.9 },
  { type: 'SPEECH', text: '投诉' },
  { type: 'NO_INPUT' },
  { type: 'PLAYED' },
  { type: 'HANGUP' },
  { type: 'AGENT_ANSWERED', agentId: '8013' },
  { type: 'AGENT_FINISHED' },
  { type: 'CALLBACK_REQUESTED' },
  { type: 'QUEUE_RESULT', result: 'queue-full' },
  { type: 'QUEUE_RESULT', result: 'error' },
  { type: 'TRANSFER_ENDED', status: 'completed' },
  { type: 'TRANSFER_ENDED', status: 'busy' },
  { type: 'RECORDED', durationSec: 12, url: 'https://example.invalid/r' },
  { type: 'LOOKUP_RESULT', found: true, data: { ...SAMPLE_LOOKUP_DATA } },
  { type: 'LOOKUP_RESULT', found: false },
];
const TAGS = ['ivr', 'menu', 'self-service', 'self-served', 'voicemail', 'queue', 'agent', 'survey', 'missing'];

/** Everything the call service reads from a FlowCall, as plain data. */
function observe(call: FlowCall) {
  return {
    persisted: JSON.stringify(call.persist()),
    stateName: call.stateName,
    done: call.done,
    active: call.activeStep(),
    resolved: call.resolvedStep({ position: 3, waitMin: 2 }),
    context: JSON.stringify(call.context),
    tags: TAGS.filter((tag) => call.hasTag(tag)),
    accepts: PROBES.map((event) => call.accepts(event)),
  };
}

describe.each([direct, menu])('flow $id on the compiled engine', (flow) => {
  const engine = CompiledCallEngine.for(flow)!;
  const inputs = [undefined, { direction: 'callback' as const, skill: 'enterprise', language: 'en-US' as const }];

  it('is taken by the live engine', () => {
    expect(CompiledCallEngine.whyNot(flow)).toBeUndefined();
    expect(engine).toBeDefined();
  });

  it.each(inputs)(
    'matches XState on every enumerated path, after every event, down to the persisted JSON (input %o)',
    (input) => {
      const { paths } = coveragePaths(flow, input ? { input } : {});
      for (const path of paths) {
        const reference = FlowCall.start(flow, input);
        const compiled = FlowCall.start(flow, input, engine);
        expect(observe(compiled)).toEqual(observe(reference));
        for (const [i, step] of path.steps.entries()) {
          const where = `step ${i}: ${JSON.stringify(step.event)}`;
          expect(compiled.send(step.event), where).toBe(reference.send(step.event));
          expect(observe(compiled), where).toEqual(observe(reference));
          // Either engine restores what the other persisted.
          const fromXState = FlowCall.restore(flow, JSON.parse(JSON.stringify(reference.persist())), engine);
          expect(observe(fromXState), where).toEqual(observe(reference));
          const fromCompiled = FlowCall.restore(flow, JSON.parse(JSON.stringify(compiled.persist())));
          expect(observe(fromCompiled), where).toEqual(observe(reference));
        }
        // Events after the end change nothing, in either (XState warns that HANGUP reached a stopped actor: expected here).
        withoutStoppedActorWarnings(() =>
          expect(compiled.send({ type: 'HANGUP' })).toBe(reference.send({ type: 'HANGUP' })),
        );
        expect(observe(compiled)).toEqual(observe(reference));
      }
    },
  );

  it('advances like XState: same turn, same passed steps, same lookups asked', async () => {
    const lookups = (seen: string[]) => async (service: string, input: string) => {
      seen.push(`${service}:${input}`);
      return { found: true, data: { ...SAMPLE_LOOKUP_DATA } };
    };
    const { paths } = coveragePaths(flow);
    for (const path of paths.slice(0, 40)) {
      const a = FlowCall.start(flow);
      const b = FlowCall.start(flow, undefined, engine);
      const seenA: string[] = [];
      const seenB: string[] = [];
      expect(await b.advance(lookups(seenB))).toEqual(await a.advance(lookups(seenA)));
      for (const step of path.steps) {
        if (!a.accepts(step.event) || step.event.type === 'PLAYED' || step.event.type === 'LOOKUP_RESULT') continue;
        expect(b.send(step.event)).toBe(a.send(step.event));
        expect(await b.advance(lookups(seenB))).toEqual(await a.advance(lookups(seenA)));
        expect(b.passed).toEqual(a.passed);
      }
      expect(seenB).toEqual(seenA);
    }
  });

  it('treats snapshots it did not write as XState does (the same error, or the same call)', () => {
    const outcome = (restore: () => FlowCall) => {
      try {
        return observe(restore());
      } catch (error) {
        return { code: (error as { code?: string }).code, message: (error as Error).message };
      }
    };
    for (const persisted of [
      { status: 'active', value: 'gone', historyValue: {}, context: { language: 'cmn-CN' }, children: {} },
      { status: 'active', value: { nested: 'x' }, historyValue: {}, context: { language: 'cmn-CN' }, children: {} },
      { status: 'error', value: 'welcome', historyValue: {}, context: { language: 'cmn-CN' }, children: {} },
      { value: 'welcome', context: { language: 'en-US' } },
      null,
    ]) {
      expect(
        outcome(() => FlowCall.restore(flow, persisted, engine)),
        JSON.stringify(persisted),
      ).toEqual(outcome(() => FlowCall.restore(flow, persisted)));
    }
    expect(
      outcome(() =>
        FlowCall.restore(
          flow,
          { status: 'active', value: 'gone', historyValue: {}, context: {}, children: {} },
          engine,
        ),
      ),
    ).toMatchObject({ code: 'HOTLINE_SNAPSHOT_INCOMPATIBLE' });
  });
});

describe('flows the live compiled engine leaves to XState', () => {
  const types = { context: {} as { language: 'cmn-CN'; n?: number }, events: {} as CallEvent };
  const states = {
    menu: {
      meta: gather({ prompts: [say({ 'cmn-CN': '请按1' })], input: 'dtmf', timeoutSec: 5 }),
      on: { DIGITS: { guard: pressed('1'), target: 'end', actions: increment('n') } },
    },
    end: { type: 'final' as const, meta: hangup() },
  };

  it('takes a flow built from the shared guards and actions', () => {
    const machine = setup({
      types,
      guards: flowGuards,
      actions: flowActions<{ language: 'cmn-CN'; n?: number }>(),
    }).createMachine({ id: 'ok', context: { language: 'cmn-CN' }, initial: 'menu', states });
    expect(
      CompiledCallEngine.whyNot(
        defineFlow({ id: 'ok', title: 't', languages: ['cmn-CN'], skills: [], lookups: [], machine }),
      ),
    ).toBeUndefined();
  });

  it('leaves a flow whose "pressed" guard is its own', () => {
    const machine = setup({
      types,
      guards: { ...flowGuards, pressed: () => true },
      actions: flowActions<{ language: 'cmn-CN'; n?: number }>(),
    }).createMachine({ id: 'own-guard', context: { language: 'cmn-CN' }, initial: 'menu', states });
    const flow = defineFlow({ id: 'own-guard', title: 't', languages: ['cmn-CN'], skills: [], lookups: [], machine });
    expect(CompiledCallEngine.whyNot(flow)).toMatch(/guard "pressed"/);
    expect(CompiledCallEngine.for(flow)).toBeUndefined();
  });

  it('leaves a flow whose "increment" action is its own', () => {
    const machine = setup({
      types,
      guards: flowGuards,
      actions: { ...flowActions<{ language: 'cmn-CN'; n?: number }>(), increment: () => {} },
    }).createMachine({ id: 'own-action', context: { language: 'cmn-CN' }, initial: 'menu', states });
    expect(
      CompiledCallEngine.whyNot(
        defineFlow({ id: 'own-action', title: 't', languages: ['cmn-CN'], skills: [], lookups: [], machine }),
      ),
    ).toMatch(/action "increment"/);
  });

  it('leaves a flow the compiler cannot take', () => {
    const machine = setup({ types }).createMachine({
      id: 'after',
      context: { language: 'cmn-CN' },
      initial: 'a',
      states: { a: { after: { 1000: 'b' } }, b: { type: 'final' } },
    });
    expect(
      CompiledCallEngine.whyNot(
        defineFlow({ id: 'after', title: 't', languages: ['cmn-CN'], skills: [], lookups: [], machine }),
      ),
    ).toMatch(/delayed/);
  });
});
