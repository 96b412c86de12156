import { setup } from 'xstate';
import type { CallEvent } from '../src/flow/call-event.js';
import { defineFlow, type FlowInput } from '../src/flow/flow-definition.js';
import { flowActions, increment, saveDigits, saveLookup, setValues } from '../src/flow/flow-actions.js';
import { below, entered, flowGuards, found, pressed, said } from '../src/flow/flow-guards.js';
import { say } from '../src/flow/prompt.js';
import { announce, gather, lookup } from '../src/flow/step.js';
import {
  EMERGENCY_HINTS,
  entryStates,
  initialContext,
  emergencyStates,
  emergencyTransitions,
  serviceTail,
  type TailContext,
} from './lib/hotline-12345-common.js';
import { T } from './lib/hotline-12345-texts.js';

interface MenuContext extends TailContext {
  readonly menuTries: number;
  readonly caseTries: number;
  readonly caseNumber?: string;
  readonly caseStatus?: string;
}

/** Menu keys of the reference table (hotline-12345.md §5(c) P1) and the skill queue each leads to. */
const MENU_QUEUES = [
  { key: '1', skill: 'general', words: ['咨询', '求助', '投诉', '举报', '建议'] },
  { key: '2', skill: 'enterprise', words: ['企业', 'business'] },
  { key: '3', skill: 'social-insurance', words: ['社保', '医保', '公积金', 'insurance', 'housing fund'] },
  { key: '4', skill: 'consumer', words: ['消费', '维权', 'consumer'] },
  { key: '8', skill: 'dialect', words: ['方言'] },
  { key: '0', skill: 'general', words: ['人工', '转人工', 'agent', 'operator'] },
] as const;

/** Three tries in all: a failed choice is retried while fewer than 2 have failed; the third goes to an agent. */
const MAX_FAILED_BEFORE_AGENT = 2;

const CASE_NUMBER = entered('^[0-9]{6,20}$', '202611240001');

const menuChoices = [
  ...MENU_QUEUES.map((q) => ({ guard: pressed(q.key), target: 'queue', actions: setValues({ skill: q.skill }) })),
  { guard: pressed('5'), target: 'caseEntry' },
  { guard: pressed('9'), target: 'queue', actions: setValues({ language: 'en-US', skill: 'foreign-language' }) },
  { guard: pressed('*'), target: 'menu', reenter: true },
];

const spokenChoices = [
  ...emergencyTransitions,
  ...MENU_QUEUES.filter((q) => q.key !== '0').map((q) => ({
    guard: said(...q.words),
    target: 'queue',
    actions: setValues({ skill: q.skill }),
  })),
  { guard: said('进度', '工单', 'case status'), target: 'caseEntry' },
  {
    guard: said('English', '英语'),
    target: 'queue',
    actions: setValues({ language: 'en-US', skill: 'foreign-language' }),
  },
  { guard: said('人工', 'agent', 'operator'), target: 'queue', actions: setValues({ skill: 'general' }) },
];

/**
 * P1 "legacy menu", for QA of cities that still run menus: keys 1-5, 8, 9, 0;
 * case-status self-service (case number ended by #, fallback to an agent);
 * invalid and no-input handling up to 3 tries then an agent; * repeats the menu;
 * then the same queue / agent / survey tail as the direct profile.
 */
const machine = setup({
  types: { context: {} as MenuContext, events: {} as CallEvent, input: {} as FlowInput | undefined },
  guards: flowGuards,
  actions: flowActions<MenuContext>(),
}).createMachine({
  id: 'hotline-12345-menu',
  context: ({ input }) => ({ ...initialContext(input), menuTries: 0, caseTries: 0 }),
  initial: 'start',
  on: { HANGUP: '.callerHungUp' },
  states: {
    ...entryStates('welcome'),
    welcome: {
      tags: ['ivr'],
      meta: announce(say(T.greeting), say(T.emergency)),
      on: { PLAYED: 'menu' },
    },
    menu: {
      tags: ['ivr', 'menu'],
      meta: gather({
        prompts: [say(T.menu)],
        input: 'dtmf speech',
        timeoutSec: 5,
        maxDigits: 1,
        finishOnKey: '',
        hints: EMERGENCY_HINTS,
      }),
      on: {
        DIGITS: [
          ...menuChoices,
          {
            guard: below('menuTries', MAX_FAILED_BEFORE_AGENT),
            target: 'menuInvalid',
            actions: increment('menuTries'),
          },
          { target: 'menuToAgent' },
        ],
        SPEECH: [
          ...spokenChoices,
          {
            guard: below('menuTries', MAX_FAILED_BEFORE_AGENT),
            target: 'menuInvalid',
            actions: increment('menuTries'),
          },
          { target: 'menuToAgent' },
        ],
        NO_INPUT: [
          {
            guard: below('menuTries', MAX_FAILED_BEFORE_AGENT),
            target: 'menuNoInput',
            actions: increment('menuTries'),
          },
          { target: 'menuToAgent' },
        ],
      },
    },
    menuInvalid: { tags: ['ivr'], meta: announce(say(T.invalidInput)), on: { PLAYED: 'menu' } },
    menuNoInput: { tags: ['ivr'], meta: announce(say(T.noInput)), on: { PLAYED: 'menu' } },
    menuToAgent: {
      tags: ['ivr'],
      meta: announce(say(T.toAgent)),
      on: { PLAYED: { target: 'queue', actions: setValues({ skill: 'general' }) } },
    },
    caseEntry: {
      tags: ['ivr', 'self-service'],
      meta: gather({ prompts: [say(T.enterCase)], input: 'dtmf', timeoutSec: 8, maxDigits: 20, finishOnKey: '#' }),
      on: {
        DIGITS: [
          { guard: CASE_NUMBER, target: 'caseLookup', actions: saveDigits('caseNumber') },
          {
            guard: below('caseTries', MAX_FAILED_BEFORE_AGENT),
            target: 'caseInvalid',
            actions: increment('caseTries'),
          },
          { target: 'caseToAgent' },
        ],
        NO_INPUT: [
          {
            guard: below('caseTries', MAX_FAILED_BEFORE_AGENT),
            target: 'caseInvalid',
            actions: increment('caseTries'),
          },
          { target: 'caseToAgent' },
        ],
      },
    },
    caseInvalid: { tags: ['ivr', 'self-service'], meta: announce(say(T.caseInvalid)), on: { PLAYED: 'caseEntry' } },
    caseLookup: {
      tags: ['ivr', 'self-service'],
      meta: lookup({ service: 'caseStatus', input: '{caseNumber}' }),
      on: {
        LOOKUP_RESULT: [
          { guard: found(), target: 'caseReport', actions: saveLookup({ caseStatus: 'status' }) },
          {
            guard: below('caseTries', MAX_FAILED_BEFORE_AGENT),
            target: 'caseNotFound',
            actions: increment('caseTries'),
          },
          { target: 'caseToAgent' },
        ],
      },
    },
    caseNotFound: { tags: ['ivr', 'self-service'], meta: announce(say(T.caseNotFound)), on: { PLAYED: 'caseEntry' } },
    caseToAgent: {
      tags: ['ivr'],
      meta: announce(say(T.toAgent)),
      on: { PLAYED: { target: 'queue', actions: setValues({ skill: 'general' }) } },
    },
    caseReport: {
      tags: ['ivr', 'self-service', 'self-served'],
      meta: gather({ prompts: [say(T.caseReport)], input: 'dtmf', timeoutSec: 6, maxDigits: 1, finishOnKey: '' }),
      on: {
        DIGITS: [
          { guard: pressed('*'), target: 'menu', actions: setValues({ menuTries: 0 }) },
          { guard: pressed('0'), target: 'queue', actions: setValues({ skill: 'general' }) },
          { target: 'goodbye' },
        ],
        NO_INPUT: 'goodbye',
      },
    },
    ...emergencyStates,
    ...serviceTail,
  },
});

export default defineFlow({
  id: 'hotline-12345-menu',
  title: '12345 legacy menu profile (keys 1-5, 8, 9, 0; case-status self-service)',
  languages: ['cmn-CN', 'en-US'],
  skills: ['general', 'enterprise', 'social-insurance', 'consumer', 'dialect', 'foreign-language'],
  lookups: ['caseStatus'],
  recordFrom: ['menu', 'callbackIntro'],
  machine,
});
