import { collectGather, type CallerAction } from '../../flow/gather-rules.js';
import type { GatherPlace, Heard } from './caller-script.js';
import type { CallSession, Next, VerbInDocument } from './call-session.js';
import { readGatherRules } from './read-gather-rules.js';
import { heardOf } from './play-verb.js';
import { twimlMethod } from './twiml-attribute.js';

/** A `<Gather>` to run: where it came from and where the caller is. */
export interface GatherRun extends VerbInDocument {
  readonly place: GatherPlace;
  /** Aborts the gather (an agent took the caller from a wait URL's gather). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a `<Gather>` with Twilio's rules (barge-in, timeouts, finish key, numDigits, speech): asks the caller's
 * script what it enters; returns the action request, or null to fall through to the next verb.
 */
export async function gatherVerb(session: CallSession, { verb, documentUrl, place, signal }: GatherRun): Promise<Next> {
  const prompts: Heard[] = [];
  for (const child of verb.children) prompts.push(await heardOf(session, { verb: child, documentUrl }));
  const promptSec = prompts.reduce((sum, p) => sum + p.durationSec, 0);
  const rules = readGatherRules(verb);
  const atSec = session.atSec;
  const asked = session.script.gather({ callSid: session.sid, atSec, place, prompts, promptSec, verb, documentUrl });
  // A person's answer comes later (on a virtual clock in no time). Its times count from the gather's opening, and the
  // time it took counts toward the prompts (they played meanwhile) but never toward the timeout: the gather stands
  // still once its prompts ended until the answer came, so a person's thinking never runs the gather out.
  const { value: turn, tookSec } = await session.await(asked);
  const elapsedSec = Math.min(tookSec, promptSec);
  const actions: readonly CallerAction[] = turn.actions;
  const { answer, next } = collectGather({ step: rules, openSec: 0, promptSec }, actions, 0, 0);
  session.log(
    `Gather (${prompts
      .map((p) => p.text)
      .filter(Boolean)
      .join(' / ')})`,
  );
  if (turn.hangupAfterSec !== undefined) session.hangUpIn(turn.hangupAfterSec - elapsedSec);
  if (!(await session.wait(Math.max(0, answer.atSec - elapsedSec), signal))) return null;
  const action = session.resolve(verb.attrs.action ?? documentUrl, documentUrl);
  const how = twimlMethod(verb.attrs.method);
  const event = answer.event;
  if (event.type === 'DIGITS') {
    const last = actions[next - 1];
    const finishKey = rules.finishOnKey ?? '#';
    const finished = last?.kind === 'key' && finishKey !== '' && last.digit === finishKey ? finishKey : '';
    session.log(`caller keyed ${event.digits}${finished}`);
    return { url: action, method: how, params: { Digits: event.digits, FinishedOnKey: finished } };
  }
  if (event.type === 'SPEECH') {
    session.log(`caller said "${event.text}"`);
    const params: Record<string, string> =
      event.confidence === undefined
        ? { SpeechResult: event.text }
        : { SpeechResult: event.text, Confidence: String(event.confidence) };
    return { url: action, method: how, params };
  }
  if (verb.attrs.actionOnEmptyResult === 'true') {
    session.log('no input: actionOnEmptyResult sends the action anyway');
    return { url: action, method: how, params: { Digits: '', FinishedOnKey: '' } };
  }
  session.log('no input: falls through to the next verb');
  return null;
}
