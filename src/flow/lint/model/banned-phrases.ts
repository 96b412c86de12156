/**
 * The starter list of phrases no hotline prompt may contain: mocking,
 * dismissive or buck-passing (推诿) wording that 12345 rules single out
 * (Guangdong's plan names 推诿扯皮; operators must stay courteous even with
 * abusive callers). Matched case-insensitively anywhere in a prompt text, in
 * any language; Latin phrases only at word boundaries. No entry contains
 * another, so one slip gives one finding. Replace or extend the list with a
 * lint config (`banned_phrases`, `extra_banned_phrases`).
 */
export const BANNED_PHRASES = {
  'cmn-CN': [
    '你自己看着办',
    '不归我们管',
    '我们管不了',
    '爱打不打',
    '系统自动回复',
    '找别人去',
    '跟我说没用',
    '我也没办法',
    '有本事你去投诉',
    '你听不懂吗',
    '说了多少遍',
    '自己上网查',
    '烦不烦',
    '有完没完',
    '关我什么事',
    '急什么',
    '这点小事',
    '别再打了',
    '少废话',
    '爱找谁找谁',
    '打了也没用',
  ],
  'en-US': [
    'calm down',
    "that's not our problem",
    'that is not our problem',
    'read the website',
    'look it up yourself',
    "we can't help you",
    'we cannot help you',
    "there's nothing we can do",
    'there is nothing we can do',
    'as we already told you',
    'as I already said',
    'stop calling',
    "don't call again",
    'figure it out yourself',
    "it's not my job",
    'not my department',
    'deal with it',
    'you should have known',
    'if you had listened',
    'try to keep up',
  ],
} as const;

/** The starter list as one list, the default of `LintOptions.bannedPhrases`. */
export const DEFAULT_BANNED_PHRASES: readonly string[] = [...BANNED_PHRASES['cmn-CN'], ...BANNED_PHRASES['en-US']];
