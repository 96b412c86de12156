import { describe, expect, it } from 'vitest';
import { waitSentence } from '../../src/flow/wait-sentence.js';

describe('waitSentence', () => {
  it('says position and minutes in English with singular and plural right', () => {
    expect(waitSentence('en-US', { ahead: 0, waitMin: 1 })).toBe(
      'You are next in line. The estimated wait is 1 minute.',
    );
    expect(waitSentence('en-US', { ahead: 1, waitMin: 2 })).toBe(
      'There is 1 caller ahead of you. The estimated wait is 2 minutes.',
    );
    expect(waitSentence('en-US', { ahead: 5, waitMin: 12 })).toBe(
      'There are 5 callers ahead of you. The estimated wait is 12 minutes.',
    );
  });

  it('says position and minutes in Mandarin', () => {
    expect(waitSentence('cmn-CN', { ahead: 0, waitMin: 1 })).toBe('您前面没有其他来电。预计等待1分钟。');
    expect(waitSentence('cmn-CN', { ahead: 1, waitMin: 3 })).toBe('您前面还有1位来电。预计等待3分钟。');
  });

  it('says that nobody is on duty instead of a number', () => {
    expect(waitSentence('en-US', { ahead: 2, waitMin: null })).toBe(
      'There are 2 callers ahead of you. No agent is on duty right now.',
    );
    expect(waitSentence('cmn-CN', { ahead: 0, waitMin: null })).toBe('您前面没有其他来电。目前没有受理员在岗。');
  });
});
