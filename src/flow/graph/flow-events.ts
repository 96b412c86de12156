import type { AnyMachineSnapshot } from 'xstate';
import type { CallEvent } from '../call-event.js';
import type { EnteredParams, PressedParams, SaidParams } from '../flow-guards.js';
import { activeStep, guardParamsAt } from './machine-internals.js';

/** Which events to offer in a state: the live line never pauses in announce or lookup steps, so callers cannot hang up there. */
export interface FlowEventOptions {
  /** Offer HANGUP in waiting steps (default true). */
  readonly hangups?: boolean;
}

/** Keys tried when a gather needs an input no transition expects. */
const KEY_CANDIDATES = ['7', '6', '3', '2', '4', '8', '1', '9', '0', '5', '#'];

/** The data a found lookup answers with during path enumeration. */
export const SAMPLE_LOOKUP_DATA: Readonly<Record<string, string>> = { status: '已办结，结果已短信告知' };

/** Speech that matches no guard (a caller mumbling). */
export const UNMATCHED_SPEECH = '嗯……那个';

/** A DIGITS value that fails a pattern guard, for the "invalid entry" branch. */
export const INVALID_ENTRY = '12';

/**
 * The events worth trying in a state, read from its step and from the guards
 * of its transitions: every key a `pressed` guard names, each `entered`
 * example, one invalid key, each `said` phrase, unmatched speech, no input,
 * queue and agent outcomes, and a hang-up.
 */
export function flowEvents(snapshot: AnyMachineSnapshot, options: FlowEventOptions = {}): CallEvent[] {
  const active = activeStep(snapshot);
  if (!active || snapshot.status !== 'active') return [];
  const hangup: CallEvent[] = options.hangups === false ? [] : [{ type: 'HANGUP' }];
  const step = active.step;
  switch (step.kind) {
    case 'announce':
      return [{ type: 'PLAYED' }];
    case 'lookup':
      return [
        { type: 'LOOKUP_RESULT', found: true, data: SAMPLE_LOOKUP_DATA },
        { type: 'LOOKUP_RESULT', found: false },
      ];
    case 'gather': {
      const events: CallEvent[] = [];
      if (step.input !== 'speech') {
        const keys = new Set<string>();
        for (const params of guardParamsAt<PressedParams>(snapshot, 'DIGITS', 'pressed'))
          for (const k of params.keys) keys.add(k);
        for (const key of keys) events.push({ type: 'DIGITS', digits: key });
        const entered = guardParamsAt<EnteredParams>(snapshot, 'DIGITS', 'entered');
        for (const params of entered) events.push({ type: 'DIGITS', digits: params.example });
        if (entered.length > 0) events.push({ type: 'DIGITS', digits: INVALID_ENTRY });
        else {
          const other = KEY_CANDIDATES.find((k) => !keys.has(k) && k !== step.finishOnKey);
          if (other) events.push({ type: 'DIGITS', digits: other });
        }
      }
      if (step.input !== 'dtmf') {
        for (const params of guardParamsAt<SaidParams>(snapshot, 'SPEECH', 'said')) {
          const [first] = params.words;
          if (first !== undefined) events.push({ type: 'SPEECH', text: first, confidence: 0.9 });
        }
        events.push({ type: 'SPEECH', text: UNMATCHED_SPEECH, confidence: 0.5 });
      }
      events.push({ type: 'NO_INPUT' });
      return [...events, ...hangup];
    }
    case 'enqueue': {
      const events: CallEvent[] = [{ type: 'AGENT_ANSWERED', agentId: '8013' }];
      if (step.wait.callbackOffer && snapshot.context.direction !== 'callback')
        events.push({ type: 'CALLBACK_REQUESTED' });
      events.push({ type: 'QUEUE_RESULT', result: 'queue-full' });
      return [...events, ...hangup];
    }
    case 'agent':
      return [{ type: 'AGENT_FINISHED' }, ...hangup];
    case 'transfer':
      return [{ type: 'TRANSFER_ENDED', status: 'completed' }, ...hangup];
    case 'record':
      return [
        { type: 'RECORDED', durationSec: 12, url: 'https://api.twilio.com/recording.wav' },
        { type: 'NO_INPUT' },
        ...hangup,
      ];
    case 'hangup':
      return [];
  }
}
