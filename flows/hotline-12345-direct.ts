import { setup } from 'xstate';
import type { CallEvent } from '../src/flow/call-event.js';
import { defineFlow, type FlowInput } from '../src/flow/flow-definition.js';
import { setValues } from '../src/flow/flow-actions.js';
import { flowActions } from '../src/flow/flow-actions.js';
import { flowGuards, pressed } from '../src/flow/flow-guards.js';
import { say } from '../src/flow/prompt.js';
import { gather } from '../src/flow/step.js';
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

type DirectContext = TailContext;

/**
 * P0 "国标直通", the national-standard profile (GB/T 33358: no IVR menu):
 * greeting with recording notice, emergency notice, "press 9 for English",
 * then straight to the queue, the agent and the five-level rating survey.
 * Saying an emergency word during the greeting transfers to 110/119/120/122.
 */
const machine = setup({
  types: { context: {} as DirectContext, events: {} as CallEvent, input: {} as FlowInput | undefined },
  guards: flowGuards,
  actions: flowActions<DirectContext>(),
}).createMachine({
  id: 'hotline-12345-direct',
  context: ({ input }) => initialContext(input),
  initial: 'start',
  on: { HANGUP: '.callerHungUp' },
  states: {
    ...entryStates('welcome'),
    welcome: {
      tags: ['ivr'],
      meta: gather({
        prompts: [say(T.greeting), say(T.emergency), say(T.englishKey)],
        input: 'dtmf speech',
        timeoutSec: 2,
        maxDigits: 1,
        finishOnKey: '',
        hints: EMERGENCY_HINTS,
      }),
      on: {
        DIGITS: [
          {
            guard: pressed('9'),
            target: 'queue',
            actions: setValues({ language: 'en-US', skill: 'foreign-language' }),
          },
          { target: 'queue' },
        ],
        SPEECH: [...emergencyTransitions, { target: 'queue' }],
        NO_INPUT: 'queue',
      },
    },
    ...emergencyStates,
    ...serviceTail,
  },
});

export default defineFlow({
  id: 'hotline-12345-direct',
  title: '12345 national-standard profile (no menu, straight to an agent)',
  languages: ['cmn-CN', 'en-US'],
  skills: ['general', 'foreign-language'],
  lookups: [],
  recordFrom: ['welcome', 'callbackIntro'],
  machine,
});
