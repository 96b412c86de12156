import { below, is, pressed, said } from '../../src/flow/flow-guards.js';
import type { FlowInput } from '../../src/flow/flow-definition.js';
import type { Language } from '../../src/flow/text.js';
import { increment, saveAgent, saveDigits } from '../../src/flow/flow-actions.js';
import { say } from '../../src/flow/prompt.js';
import { agent, enqueue, gather, hangup, record, transfer, announce } from '../../src/flow/step.js';
import { T } from './hotline-12345-texts.js';

/**
 * Emergencies that 12345 must hand to the emergency lines at once (国办函〔2025〕66号 (二)).
 * A caller who says one of `words` at a speech-enabled prompt is transferred.
 */
export const EMERGENCIES = [
  {
    state: 'transferFire',
    to: '119',
    label: 'fire',
    words: ['着火', '火灾', '失火', '起火', 'fire'],
    zh: '119火警',
    en: 'the fire service, 119',
  },
  {
    state: 'transferMedical',
    to: '120',
    label: 'medical',
    words: ['急救', '救护车', '晕倒', '昏迷', 'ambulance', 'heart attack'],
    zh: '120急救中心',
    en: 'the ambulance service, 120',
  },
  {
    state: 'transferPolice',
    to: '110',
    label: 'police',
    words: ['报警', '抢劫', '打架', '小偷', 'police', 'robbery'],
    zh: '110报警服务台',
    en: 'the police, 110',
  },
  {
    state: 'transferTraffic',
    to: '122',
    label: 'traffic',
    words: ['车祸', '交通事故', '撞车', 'car accident', 'crash'],
    zh: '122交通事故报警台',
    en: 'traffic police, 122',
  },
] as const;

/** Speech hints for the emergency words. */
export const EMERGENCY_HINTS: string[] = EMERGENCIES.flatMap((e) => [...e.words]);

/** SPEECH transitions to the emergency transfers; put them first in a speech-enabled gather. */
export const emergencyTransitions = EMERGENCIES.map((e) => ({ guard: said(...e.words), target: e.state }));

/** One transfer state per emergency line. */
export const emergencyStates = Object.fromEntries(
  EMERGENCIES.map((e) => [
    e.state,
    {
      tags: ['emergency'],
      meta: transfer({
        prompts: [
          say({
            'cmn-CN': `您反映的是紧急情况，正在为您转接${e.zh}。`,
            'en-US': `This is an emergency. Connecting you to ${e.en}.`,
          }),
        ],
        to: e.to,
        label: e.label,
        timeoutSec: 30,
      }),
      on: { TRANSFER_ENDED: 'transferEnded' },
    },
  ]),
);

/** The survey's valid keys: the five-level 好差评 scale. */
export const RATING_KEYS = ['1', '2', '3', '4', '5'];

/** Seconds of waiting after which the callback is offered (reference §5(c) P0 step 4; ASSUMPTION 60 s). */
export const CALLBACK_OFFER_AFTER_SEC = 60;

/**
 * The entry state: inbound calls go to `firstState`; a callback leg the hotline
 * placed hears an introduction and joins the queue of the skill that booked it.
 */
export function entryStates(firstState: string) {
  return {
    start: { always: [{ guard: is('direction', 'callback'), target: 'callbackIntro' }, { target: firstState }] },
    callbackIntro: { tags: ['callback-leg'], meta: announce(say(T.callbackIntro)), on: { PLAYED: 'queue' } },
  } as const;
}

/** Context fields every 12345 flow starts with, from the flow input. */
export function initialContext(input: FlowInput | undefined) {
  return {
    language: (input?.language ?? 'cmn-CN') as Language,
    direction: input?.direction ?? 'inbound',
    skill: input?.skill ?? 'general',
    surveyTries: 0,
  };
}

/**
 * The common tail: queue (position and wait announcements, callback offer),
 * agent, five-level rating survey, and the ways a call ends.
 */
export const serviceTail = {
  queue: {
    tags: ['queue'],
    meta: enqueue({
      skill: '{skill}',
      wait: {
        holdPrompts: [say(T.busy)],
        announce: { text: T.position, everySec: 30 },
        callbackOffer: { afterSec: CALLBACK_OFFER_AFTER_SEC, key: '1', prompt: T.callbackOffer },
      },
    }),
    on: {
      AGENT_ANSWERED: { target: 'withAgent', actions: saveAgent() },
      CALLBACK_REQUESTED: 'callbackBooked',
      QUEUE_RESULT: 'queueUnavailable',
    },
  },
  withAgent: {
    tags: ['agent'],
    meta: agent(say(T.agentGreeting)),
    on: { AGENT_FINISHED: 'survey' },
  },
  survey: {
    tags: ['survey'],
    meta: gather({ prompts: [say(T.rating)], input: 'dtmf', timeoutSec: 6, maxDigits: 1, finishOnKey: '' }),
    on: {
      DIGITS: [
        { guard: pressed(...RATING_KEYS), target: 'rated', actions: saveDigits('rating') },
        { guard: below('surveyTries', 1), target: 'surveyRetry', actions: increment('surveyTries') },
        { target: 'goodbye' },
      ],
      NO_INPUT: [
        { guard: below('surveyTries', 1), target: 'surveyRetry', actions: increment('surveyTries') },
        { target: 'goodbye' },
      ],
    },
  },
  surveyRetry: {
    tags: ['survey'],
    meta: announce(say(T.ratingInvalid)),
    on: { PLAYED: 'survey' },
  },
  rated: { type: 'final', tags: ['survey'], meta: hangup(say(T.ratingThanks)) },
  goodbye: { type: 'final', meta: hangup(say(T.goodbye)) },
  callbackBooked: { type: 'final', tags: ['callback'], meta: hangup(say(T.callbackBooked)) },
  queueUnavailable: {
    meta: record({ prompts: [say(T.queueUnavailable)], maxLengthSec: 120, silenceTimeoutSec: 5, finishOnKey: '#' }),
    on: { RECORDED: 'messageTaken', NO_INPUT: 'goodbye' },
  },
  messageTaken: { type: 'final', tags: ['voicemail'], meta: hangup(say(T.messageTaken)) },
  transferEnded: { type: 'final', meta: hangup(say(T.transferEnded)) },
  callerHungUp: { type: 'final' },
} as const;

/** Counters and answers the tail keeps in context. */
export interface TailContext {
  readonly language: Language;
  readonly direction: 'inbound' | 'callback';
  readonly skill: string;
  readonly surveyTries: number;
  readonly agentId?: string;
  readonly rating?: string;
}
