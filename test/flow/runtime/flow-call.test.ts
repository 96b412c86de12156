import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import menu from '../../../flows/hotline-12345-menu.js';
import direct from '../../../flows/hotline-12345-direct.js';
import type { CallEvent } from '../../../src/flow/call-event.js';
import { defineFlow } from '../../../src/flow/flow-definition.js';
import { FlowCall } from '../../../src/flow/runtime/flow-call.js';
import { say } from '../../../src/flow/prompt.js';
import { announce, hangup } from '../../../src/flow/step.js';
import { fillTemplate, templateNames } from '../../../src/flow/text.js';

const noLookups = async () => ({ found: false });

describe('text templates', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('工单{caseNumber}：{caseStatus}', { caseNumber: '42' })).toBe('工单42：{caseStatus}');
    expect(templateNames('{a} and {b} and {a}')).toEqual(['a', 'b']);
  });
});

describe('FlowCall', () => {
  it('merges the prompts of announce steps into the next waiting step', async () => {
    const call = FlowCall.start(menu);
    const turn = await call.advance(noLookups);
    expect(turn?.stateId).toBe('menu');
    const texts = turn!.step.kind === 'gather' ? turn!.step.prompts.map((p) => (p.kind === 'say' ? p.text : '')) : [];
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('欢迎致电');
    expect(texts[2]).toContain('人工服务请按0');
  });

  it('ignores an event the current state has no transition for, and says so', async () => {
    const call = FlowCall.start(direct);
    await call.advance(noLookups);
    expect(call.send({ type: 'AGENT_FINISHED' })).toBe(false);
    expect(call.activeStep()?.stateId).toBe('welcome');
  });

  it('speaks English after 9 and queues for the foreign-language skill', async () => {
    const call = FlowCall.start(direct);
    await call.advance(noLookups);
    call.send({ type: 'DIGITS', digits: '9' });
    const turn = await call.advance(noLookups);
    expect(turn?.step.kind).toBe('enqueue');
    expect(turn?.step.kind === 'enqueue' && turn.step.skill).toBe('foreign-language');
    expect(call.context.language).toBe('en-US');
  });

  it('answers a lookup step without the caller and reads the result out', async () => {
    const call = FlowCall.start(menu);
    await call.advance(noLookups);
    call.send({ type: 'DIGITS', digits: '5' });
    await call.advance(noLookups);
    call.send({ type: 'DIGITS', digits: '202611240002' });
    const seen: string[] = [];
    const turn = await call.advance(async (service, input) => {
      seen.push(`${service}:${input}`);
      return { found: true, data: { status: '正在办理中' } };
    });
    expect(seen).toEqual(['caseStatus:202611240002']);
    expect(turn?.stateId).toBe('caseReport');
    expect(turn?.step.kind === 'gather' && turn.step.prompts[0]).toMatchObject({
      text: expect.stringContaining('工单202611240002的办理进度：正在办理中'),
    });
  });

  it('round-trips through persist/restore with counters intact', async () => {
    const call = FlowCall.start(menu);
    await call.advance(noLookups);
    call.send({ type: 'NO_INPUT' });
    await call.advance(noLookups);
    const restored = FlowCall.restore(menu, JSON.parse(JSON.stringify(call.persist())));
    expect(restored.context.menuTries).toBe(1);
    expect(restored.activeStep()?.stateId).toBe('menu');
  });

  it('refuses a snapshot whose state no longer exists in the flow', () => {
    const persisted = {
      status: 'active',
      value: 'gone',
      historyValue: {},
      context: { language: 'cmn-CN' },
      children: {},
    };
    expect(() => FlowCall.restore(direct, persisted)).toThrow(/HOTLINE_SNAPSHOT_INCOMPATIBLE|flow changed|no step/i);
  });

  it('stops an announce loop with HOTLINE_FLOW_LOOP instead of hanging', async () => {
    const machine = setup({ types: { context: {} as { language: 'cmn-CN' }, events: {} as CallEvent } }).createMachine({
      id: 'loop',
      context: { language: 'cmn-CN' },
      initial: 'a',
      states: {
        a: { meta: announce(say({ 'cmn-CN': 'a' })), on: { PLAYED: 'b' } },
        b: { meta: announce(say({ 'cmn-CN': 'b' })), on: { PLAYED: 'a' } },
        end: { type: 'final', meta: hangup() },
      },
    });
    const flow = defineFlow({ id: 'loop', title: 'loop', languages: ['cmn-CN'], skills: [], lookups: [], machine });
    await expect(FlowCall.start(flow).advance(noLookups)).rejects.toMatchObject({ code: 'HOTLINE_FLOW_LOOP' });
  });

  it('sends menu callers to an agent on the third failed try, not before', async () => {
    const call = FlowCall.start(menu);
    await call.advance(noLookups);
    for (const expected of ['menu', 'menu', 'queue']) {
      call.send({ type: 'DIGITS', digits: '7' });
      expect((await call.advance(noLookups))?.stateId).toBe(expected);
    }
  });
});
