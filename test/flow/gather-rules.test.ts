import { describe, expect, it } from 'vitest';
import type { GatherStep } from '../../src/flow/step.js';
import { collectGather, type CallerAction } from '../../src/flow/gather-rules.js';

const step = (over: Partial<GatherStep> = {}): GatherStep => ({
  kind: 'gather',
  prompts: [],
  input: 'dtmf',
  timeoutSec: 5,
  ...over,
});
const open = (s: GatherStep, openSec = 10, promptSec = 4) => ({ state: 'menu', step: s, openSec, promptSec });
const keys = (...list: [string, number][]): CallerAction[] =>
  list.map(([digit, atSec]) => ({ kind: 'key', digit, atSec }));

describe("Twilio's <Gather> rules in virtual time", () => {
  it('takes a key pressed while the prompts play (barge-in) and submits at maxDigits', () => {
    const { answer, next } = collectGather(open(step({ maxDigits: 1 })), keys(['3', 11]), 0, 0);
    expect(answer).toEqual({ event: { type: 'DIGITS', digits: '3' }, atSec: 11 });
    expect(next).toBe(1);
  });

  it('is no input when nothing comes within the timeout after the prompts, and leaves later keys for later', () => {
    const { answer, next } = collectGather(open(step()), keys(['1', 19.5]), 0, 0);
    expect(answer).toEqual({ event: { type: 'NO_INPUT' }, atSec: 19 });
    expect(next).toBe(0);
  });

  it('waits timeoutSec after each key, then submits what was entered', () => {
    const { answer, next } = collectGather(
      open(step({ finishOnKey: '' })),
      keys(['1', 15], ['2', 19.9], ['3', 25.5]),
      0,
      0,
    );
    expect(answer).toEqual({ event: { type: 'DIGITS', digits: '12' }, atSec: 24.9 });
    expect(next).toBe(2);
  });

  it('submits on the finish key (excluded), and reads the finish key alone as no input', () => {
    expect(collectGather(open(step()), keys(['4', 15], ['2', 15.5], ['#', 16]), 0, 0).answer).toEqual({
      event: { type: 'DIGITS', digits: '42' },
      atSec: 16,
    });
    expect(collectGather(open(step()), keys(['#', 15]), 0, 0).answer).toEqual({
      event: { type: 'NO_INPUT' },
      atSec: 15,
    });
  });

  it('gives speech first when it comes first, submitted as the utterance ends; a speech-only gather ignores keys', () => {
    const said: CallerAction[] = [
      { kind: 'speech', startSec: 12, endSec: 13.5, text: '着火了', confidence: 0.9 },
      ...keys(['1', 14]),
    ];
    expect(collectGather(open(step({ input: 'dtmf speech' })), said, 0, 0).answer).toEqual({
      event: { type: 'SPEECH', text: '着火了', confidence: 0.9 },
      atSec: 13.5,
    });
    const keysFirst: CallerAction[] = [...keys(['1', 11]), { kind: 'speech', startSec: 12, endSec: 13, text: '人工' }];
    expect(collectGather(open(step({ input: 'speech' })), keysFirst, 0, 0)).toEqual({
      answer: { event: { type: 'SPEECH', text: '人工' }, atSec: 13 },
      next: 2,
    });
  });

  it('shifts recorded times, and holds an early key until the gather opens', () => {
    expect(collectGather(open(step({ maxDigits: 1 })), keys(['5', 11]), 0, 3).answer.atSec).toBe(14);
    expect(collectGather(open(step({ maxDigits: 1 })), keys(['5', 2]), 0, 0).answer).toEqual({
      event: { type: 'DIGITS', digits: '5' },
      atSec: 10,
    });
  });
});
