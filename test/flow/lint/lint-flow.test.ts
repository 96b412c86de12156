import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import { increment } from '../../../src/flow/flow-actions.js';
import { is, pressed } from '../../../src/flow/flow-guards.js';
import { BANNED_PHRASES, DEFAULT_BANNED_PHRASES } from '../../../src/flow/lint/model/banned-phrases.js';
import { LINT_RULES, lintFlow } from '../../../src/flow/lint/lint-flow.js';
import { DEFAULT_LINT_OPTIONS } from '../../../src/flow/lint/model/lint-options.js';
import { LINT_RULE_IDS } from '../../../src/flow/lint/model/lint-types.js';
import { say } from '../../../src/flow/prompt.js';
import { announce } from '../../../src/flow/step.js';
import agentTooDeep from '../../fixtures/flows/lint-agent-too-deep.js';
import bannedPhrase from '../../fixtures/flows/lint-banned-phrase.js';
import clean, { lintFixture, MENU_CHOICES, menuState } from '../../fixtures/flows/lint-clean.js';
import deadEnd from '../../fixtures/flows/lint-dead-end.js';
import menuBeforeNotice from '../../fixtures/flows/lint-menu-before-emergency-notice.js';
import menuInvalidInput from '../../fixtures/flows/lint-menu-invalid-input.js';
import menuNoInput from '../../fixtures/flows/lint-menu-no-input.js';
import missingLanguage from '../../fixtures/flows/lint-prompt-missing-language.js';
import promptTooLong from '../../fixtures/flows/lint-prompt-too-long.js';
import tooManyRetries from '../../fixtures/flows/lint-too-many-retries.js';
import unreachable from '../../fixtures/flows/lint-unreachable-state.js';

const brief = (findings: ReturnType<typeof lintFlow>) =>
  findings.map(({ rule, severity, state }) => ({ rule, severity, state }));

describe('lintFlow on the shipped flows', () => {
  it.each([direct, menu])('finds nothing in $id', (flow) => {
    expect(lintFlow(flow)).toEqual([]);
  });

  it('finds nothing in the clean fixture the bad ones are built from', () => {
    expect(lintFlow(clean)).toEqual([]);
  });

  it('has one rule per id, in the documented order', () => {
    expect(LINT_RULES.map((r) => r.id)).toEqual([...LINT_RULE_IDS]);
  });
});

describe('each rule on its fixture', () => {
  it.each([
    {
      flow: unreachable,
      rule: 'unreachable-state',
      severity: 'error',
      state: 'orphan',
      says: /No call enters "orphan"/,
    },
    {
      flow: deadEnd,
      rule: 'dead-end',
      severity: 'error',
      state: 'office',
      says: /announce step has no transition for PLAYED/,
    },
    { flow: menuNoInput, rule: 'menu-no-input', severity: 'error', state: 'menu', says: /no transition for NO_INPUT/ },
    {
      flow: menuInvalidInput,
      rule: 'menu-invalid-input',
      severity: 'error',
      state: 'menu',
      says: /no transition on key "2"/,
    },
    {
      flow: tooManyRetries,
      rule: 'too-many-retries',
      severity: 'error',
      state: 'menu',
      says: /up to 5 times in a row .*\(limit 3\)/,
    },
    {
      flow: agentTooDeep,
      rule: 'agent-too-deep',
      severity: 'error',
      state: 'menu',
      says: /needs 3 key presses .*\(limit 2\)/,
    },
    {
      flow: menuBeforeNotice,
      rule: 'menu-before-emergency-notice',
      severity: 'error',
      state: 'menu',
      says: /offer keys before the notice/,
    },
    {
      flow: missingLanguage,
      rule: 'prompt-missing-language',
      severity: 'error',
      state: 'menuRetry',
      says: /prompt has no en-US text/,
    },
    {
      flow: promptTooLong,
      rule: 'prompt-too-long',
      severity: 'warning',
      state: 'welcome',
      says: /prompts take 56\.9 s in cmn-CN, 51\.2 s in en-US \(limit 30 s/,
    },
  ])('$rule fires on $flow.id, in $state, and nothing else does', ({ flow, rule, severity, state, says }) => {
    const findings = lintFlow(flow);
    expect(brief(findings)).toEqual([{ rule, severity, state }]);
    expect(findings[0]!.message).toMatch(says);
  });

  it('banned-phrase fires once per phrase, in each language', () => {
    const findings = lintFlow(bannedPhrase);
    expect(brief(findings)).toEqual([
      { rule: 'banned-phrase', severity: 'error', state: 'menuRetry' },
      { rule: 'banned-phrase', severity: 'error', state: 'menuRetry' },
    ]);
    expect(findings[0]!.message).toMatch(/prompt \(cmn-CN\) says "不归我们管"/);
    expect(findings[1]!.message).toMatch(/prompt \(en-US\) says "calm down"/);
  });
});

describe('rules in other shapes', () => {
  it('too-many-retries: a gather that asks again with no counter retries without limit', () => {
    const flow = lintFixture('lint-retry-forever', {
      menu: { ...menuState(), on: { ...menuState().on, NO_INPUT: 'menuRetry' } },
    });
    const findings = lintFlow(flow);
    expect(brief(findings)).toEqual([{ rule: 'too-many-retries', severity: 'error', state: 'menu' }]);
    expect(findings[0]!.message).toMatch(/without limit/);
  });

  it('too-many-retries: counts retries on wrong keys alone (silence and speech going straight to an agent)', () => {
    const base = menuState({ maxFailed: 4 });
    const speech = [...base.on.SPEECH.slice(0, -2), { target: 'queue' }];
    const flow = lintFixture('lint-retry-on-keys', {
      menu: { ...base, on: { ...base.on, SPEECH: speech, NO_INPUT: 'queue' } },
    });
    expect(lintFlow(flow).map((f) => [f.rule, f.message])).toEqual([
      ['too-many-retries', expect.stringMatching(/up to 4 times in a row/)],
    ]);
  });

  it('dead-end: two announcements passing the call to each other, with no way out, are both dead ends', () => {
    const flow = lintFixture('lint-ping-pong', {
      menu: menuState({ choices: [...MENU_CHOICES, { guard: pressed('2'), target: 'ping' }] }),
      ping: { meta: announce(say({ 'cmn-CN': '请稍候。', 'en-US': 'Please hold.' })), on: { PLAYED: 'pong' } },
      pong: { meta: announce(say({ 'cmn-CN': '请稍候。', 'en-US': 'Please hold.' })), on: { PLAYED: 'ping' } },
    });
    const findings = lintFlow(flow);
    expect(brief(findings)).toEqual([
      { rule: 'dead-end', severity: 'error', state: 'ping' },
      { rule: 'dead-end', severity: 'error', state: 'pong' },
    ]);
    expect(findings[0]!.message).toMatch(/every way on \(PLAYED\) leads back/);
  });

  it('menu-no-input names the context when silence is handled only on some tries', () => {
    const base = menuState();
    const flow = lintFixture('lint-no-input-last-try', {
      menu: { ...base, on: { ...base.on, NO_INPUT: [base.on.NO_INPUT[0]!] } },
    });
    expect(lintFlow(flow).map((f) => f.message)).toEqual([
      expect.stringMatching(/Gather "menu" \(tries = 2\) has no transition for NO_INPUT/),
    ]);
  });

  it('unreachable-state: a state behind a guard that never passes is unreachable', () => {
    const flow = lintFixture('lint-guarded-out', {
      menu: menuState({ choices: [...MENU_CHOICES, { guard: is('skill', 'never'), target: 'orphan' }] }),
      orphan: { meta: announce(say({ 'cmn-CN': '再见。', 'en-US': 'Goodbye.' })), on: { PLAYED: 'goodbye' } },
    });
    expect(brief(lintFlow(flow))).toEqual([{ rule: 'unreachable-state', severity: 'error', state: 'orphan' }]);
  });

  it('fails with HOTLINE_FLOW_INVALID, not a hang, when a guarded counter grows without bound', () => {
    const base = menuState();
    const flow = lintFixture('lint-unbounded', {
      menu: {
        ...base,
        on: {
          ...base.on,
          NO_INPUT: [
            { guard: is('tries', -1), target: 'queue' },
            { target: 'menuRetry', actions: increment('tries') },
          ],
        },
      },
    });
    expect(() => lintFlow(flow)).toThrow(
      expect.objectContaining({ code: 'HOTLINE_FLOW_INVALID', message: expect.stringMatching(/grows without bound/) }),
    );
  });
});

describe('options', () => {
  it('maxKeyPresses: an agent 3 presses deep passes with a limit of 3', () => {
    expect(lintFlow(agentTooDeep, { maxKeyPresses: 3 })).toEqual([]);
  });

  it('maxKeyPresses 0 flags every IVR menu of the shipped menu flow, but not the survey after the agent', () => {
    expect(brief(lintFlow(menu, { maxKeyPresses: 0 }))).toEqual([
      { rule: 'agent-too-deep', severity: 'error', state: 'menu' },
      { rule: 'agent-too-deep', severity: 'error', state: 'caseReport' },
    ]);
  });

  it('maxRetries: 5 retries pass with a limit of 5; the shipped menu (2 retries) fails a limit of 1', () => {
    expect(lintFlow(tooManyRetries, { maxRetries: 5 })).toEqual([]);
    expect(brief(lintFlow(menu, { maxRetries: 1 }))).toEqual([
      { rule: 'too-many-retries', severity: 'error', state: 'menu' },
      { rule: 'too-many-retries', severity: 'error', state: 'caseEntry' },
    ]);
  });

  it('maxPromptSec: the shipped English menu (22.3 s) is too long for a 20 s limit', () => {
    const findings = lintFlow(menu, { maxPromptSec: 20 });
    expect(brief(findings)).toEqual([{ rule: 'prompt-too-long', severity: 'warning', state: 'menu' }]);
    expect(findings[0]!.message).toMatch(/prompts take 22\.3 s in en-US \(limit 20 s/);
    expect(lintFlow(promptTooLong, { maxPromptSec: 60 })).toEqual([]);
  });

  it('speechRate: durations follow the simulator speech rate', () => {
    const slow = { cmnCharsPerSec: 2, enWordsPerSec: 1.2 };
    expect(brief(lintFlow(direct, { speechRate: slow }))).toEqual([
      { rule: 'prompt-too-long', severity: 'warning', state: 'welcome' },
    ]);
  });

  it('bannedPhrases: an empty list bans nothing; a custom list is matched in any language', () => {
    expect(lintFlow(bannedPhrase, { bannedPhrases: [] })).toEqual([]);
    const findings = lintFlow(direct, { bannedPhrases: ['PLEASE HOLD'] });
    expect(findings.map((f) => [f.rule, f.state])).toEqual([
      ['banned-phrase', 'callbackIntro'],
      ['banned-phrase', 'queue'],
    ]);
    expect(findings[1]!.message).toMatch(/hold prompt \(en-US\) says "PLEASE HOLD"/);
  });

  it('bannedPhrases: Latin phrases match whole words only', () => {
    expect(lintFlow(direct, { bannedPhrases: ['lease hold'] })).toEqual([]);
  });

  it('emergencyNumbers: a notice must name every number given', () => {
    expect(brief(lintFlow(menu, { emergencyNumbers: ['110', '119', '120', '122', '12395'] }))).toEqual([
      { rule: 'menu-before-emergency-notice', severity: 'error', state: 'menu' },
      { rule: 'menu-before-emergency-notice', severity: 'error', state: 'caseReport' },
    ]);
  });

  it('rules: a rule can be turned off or given another severity', () => {
    expect(lintFlow(promptTooLong, { rules: { 'prompt-too-long': 'off' } })).toEqual([]);
    expect(brief(lintFlow(promptTooLong, { rules: { 'prompt-too-long': 'error' } }))).toEqual([
      { rule: 'prompt-too-long', severity: 'error', state: 'welcome' },
    ]);
  });
});

describe('the shipped banned phrases', () => {
  it('has a starter list of 15 to 25 phrases per language', () => {
    for (const list of Object.values(BANNED_PHRASES)) expect(list.length).toBeGreaterThanOrEqual(15);
    for (const list of Object.values(BANNED_PHRASES)) expect(list.length).toBeLessThanOrEqual(25);
    expect(DEFAULT_LINT_OPTIONS.bannedPhrases).toBe(DEFAULT_BANNED_PHRASES);
  });

  it('has no phrase inside another, so one slip gives one finding', () => {
    const lower = DEFAULT_BANNED_PHRASES.map((p) => p.toLowerCase());
    for (const a of lower)
      for (const b of lower) if (a !== b) expect(b.includes(a), `"${b}" contains "${a}"`).toBe(false);
  });
});
