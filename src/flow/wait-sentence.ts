import type { Language } from './text.js';

/** What the wait announcement says: callers ahead, and the estimated wait in minutes (null: nobody is on duty). */
export interface WaitEstimate {
  /** Callers ahead of this one (0: next in line). */
  readonly ahead: number;
  /** Estimated wait, whole minutes (1 or more); null when no agent who can take the caller is on duty. */
  readonly waitMin: number | null;
}

/**
 * The queue's position and wait announcement as one ready-made sentence in `language`, with singular and
 * plural right ("1 minute", "2 minutes"; Mandarin has no plural): the `{waitSentence}` variable of a queue's
 * announce text. With nobody on duty it says so instead of a number.
 * @example waitSentence('en-US', { ahead: 1, waitMin: 2 }) // 'There is 1 caller ahead of you. The estimated wait is 2 minutes.'
 */
export function waitSentence(language: Language, estimate: WaitEstimate): string {
  const { ahead, waitMin } = estimate;
  if (language === 'cmn-CN') {
    const position = ahead === 0 ? '您前面没有其他来电。' : `您前面还有${ahead}位来电。`;
    return waitMin === null ? `${position}目前没有受理员在岗。` : `${position}预计等待${waitMin}分钟。`;
  }
  const position =
    ahead === 0
      ? 'You are next in line.'
      : ahead === 1
        ? 'There is 1 caller ahead of you.'
        : `There are ${ahead} callers ahead of you.`;
  if (waitMin === null) return `${position} No agent is on duty right now.`;
  return `${position} The estimated wait is ${waitMin} ${waitMin === 1 ? 'minute' : 'minutes'}.`;
}
