import twilio from 'twilio';
import { BoundedMemo } from '../bounded-memo.js';
import type { ResolvedPrompt, ResolvedStep } from '../flow/runtime/resolved-step.js';
import type { Language } from '../flow/text.js';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Gather = ReturnType<VoiceResponse['gather']>;

/** Text-to-speech voice per language. Defaults: Amazon Polly Zhiyu (Mandarin) and Joanna (English). */
export type VoiceMap = Readonly<Partial<Record<Language, string>>>;

/** Default TTS voices. */
export const DEFAULT_VOICES: VoiceMap = { 'cmn-CN': 'Polly.Zhiyu', 'en-US': 'Polly.Joanna' };

/** `<Gather>` speech language for each `<Say>` language (Twilio uses different tags: cmn-CN → cmn-Hans-CN). */
const GATHER_LANGUAGE: Record<Language, string> = { 'cmn-CN': 'cmn-Hans-CN', 'en-US': 'en-US' };

/** Where a rendered step sends Twilio next. All URLs are absolute or path-absolute. */
export interface StepUrls {
  /** Gather action (keys or speech). */
  readonly gather: string;
  /** Redirect after a Gather that received nothing (Twilio's fall-through). */
  readonly noInput: string;
  /** Enqueue action (QueueResult). */
  readonly queueResult: string;
  /** Enqueue wait URL. */
  readonly wait: string;
  /** Dial action for transfers. */
  readonly transferResult: string;
  /** Record action. */
  readonly recordResult: string;
  /** Base for relative `<Play>` sources, e.g. 'https://host/audio/'. */
  readonly audioBase: string;
}

/** Resolves a play source: absolute URLs stay, paths are served from the audio base. */
function audioUrl(src: string, audioBase: string): string {
  return /^https?:\/\//.test(src) ? src : audioBase + src.replace(/^\/+/, '');
}

/** Appends prompts to a response or a Gather. */
export function appendPrompts(
  target: VoiceResponse | Gather,
  prompts: readonly ResolvedPrompt[],
  voices: VoiceMap,
  audioBase: string,
): void {
  for (const prompt of prompts) {
    switch (prompt.kind) {
      case 'say': {
        const voice = voices[prompt.language];
        const attrs = voice ? { language: prompt.language, voice } : { language: prompt.language };
        target.say(attrs as Parameters<VoiceResponse['say']>[0], prompt.text);
        break;
      }
      case 'play':
        target.play(prompt.loop === undefined ? {} : { loop: prompt.loop }, audioUrl(prompt.src, audioBase));
        break;
      case 'tones':
        // <Play digits> is not allowed inside <Gather>; there the tones become a pause of similar length.
        if ('enqueue' in target) target.play({ digits: prompt.digits });
        else (target as Gather).pause({ length: Math.max(1, Math.round(prompt.digits.length * 0.2)) });
        break;
      case 'pause':
        target.pause({ length: prompt.lengthSec });
        break;
    }
  }
}

/**
 * Renders a waiting or final step as a TwiML document. Gathers end with a
 * `<Redirect>` to the no-input URL: that is how Twilio reports silence
 * (it falls through to the next verb), so the server keeps no timer.
 */
export function renderStep(step: ResolvedStep, queueName: string | null, urls: StepUrls, voices: VoiceMap): string {
  const response = new twilio.twiml.VoiceResponse();
  switch (step.kind) {
    case 'gather': {
      const language = step.prompts.find((p) => p.kind === 'say')?.language ?? 'cmn-CN';
      const attrs: Record<string, unknown> = {
        input: step.input.split(' '),
        action: urls.gather,
        method: 'POST',
        timeout: step.timeoutSec,
        finishOnKey: step.finishOnKey ?? '#',
        actionOnEmptyResult: false,
      };
      if (step.maxDigits !== undefined) attrs.numDigits = step.maxDigits;
      if (step.input !== 'dtmf') {
        attrs.language = GATHER_LANGUAGE[language];
        attrs.speechTimeout = 'auto';
        if (step.hints && step.hints.length > 0) attrs.hints = step.hints.join(',');
      }
      const gather = response.gather(attrs as Parameters<VoiceResponse['gather']>[0]);
      appendPrompts(gather, step.prompts, voices, urls.audioBase);
      response.redirect({ method: 'POST' }, urls.noInput);
      break;
    }
    case 'enqueue':
      appendPrompts(response, step.prompts, voices, urls.audioBase);
      response.enqueue(
        { action: urls.queueResult, method: 'POST', waitUrl: urls.wait, waitUrlMethod: 'POST' },
        queueName ?? step.skill,
      );
      break;
    case 'transfer': {
      appendPrompts(response, step.prompts, voices, urls.audioBase);
      response.dial({ action: urls.transferResult, method: 'POST', timeout: step.timeoutSec }).number(step.to);
      break;
    }
    case 'record':
      appendPrompts(response, step.prompts, voices, urls.audioBase);
      response.record({
        action: urls.recordResult,
        method: 'POST',
        maxLength: step.maxLengthSec,
        timeout: step.silenceTimeoutSec,
        finishOnKey: step.finishOnKey,
        playBeep: true,
      });
      // Twilio skips the action when nothing was recorded and goes on to the next verb: that is our no-input.
      response.redirect({ method: 'POST' }, urls.noInput);
      break;
    case 'agent':
      appendPrompts(response, step.prompts, voices, urls.audioBase);
      break;
    case 'hangup':
      appendPrompts(response, step.prompts, voices, urls.audioBase);
      response.hangup();
      break;
    case 'announce':
    case 'lookup':
      throw new Error(`renderStep: "${step.kind}" steps are passed through by FlowCall.advance and never rendered`);
  }
  return response.toString();
}

/** What the wait URL plays in one round: hold prompts (first round only), the announcement, the callback offer, then hold music or a pause. */
export interface WaitRound {
  readonly prompts: readonly ResolvedPrompt[];
  readonly offer?: { readonly prompt: ResolvedPrompt; readonly key: string; readonly action: string };
  /** Music or silence until the next round. */
  readonly filler: ResolvedPrompt;
}

/** Renders one round of the Enqueue wait URL. Twilio fetches it again when it runs out. */
export function renderWaitRound(round: WaitRound, voices: VoiceMap, audioBase: string): string {
  const response = new twilio.twiml.VoiceResponse();
  appendPrompts(response, round.prompts, voices, audioBase);
  if (round.offer) {
    const gather = response.gather({
      input: ['dtmf'],
      numDigits: 1,
      timeout: 5,
      action: round.offer.action,
      method: 'POST',
      finishOnKey: '',
    } as Parameters<VoiceResponse['gather']>[0]);
    appendPrompts(gather, [round.offer.prompt], voices, audioBase);
  }
  appendPrompts(response, [round.filler], voices, audioBase);
  return response.toString();
}

/** `<Leave/>`: takes the caller out of the queue; Twilio then requests the Enqueue action with QueueResult=leave. */
export function renderLeave(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.leave();
  return response.toString();
}

/** `<Redirect>` to a URL. */
export function renderRedirect(url: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.redirect({ method: 'POST' }, url);
  return response.toString();
}

/** An empty response: Twilio continues with nothing (ends the call or, for a status callback, ignores it). */
export function renderEmpty(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

/** `<Start><Stream>` fragments by URL and parameters, built with twilio's builder once. */
const STREAM_STARTS = new BoundedMemo<string>(64);

/**
 * Puts `<Start><Stream>` (the caller's side only, with `parameters` as
 * `<Parameter>`s) at the top of a rendered document: Twilio starts streaming
 * the call's audio to `url` and goes on with the rest at once.
 */
export function withStreamStart(twiml: string, url: string, parameters: Readonly<Record<string, string>>): string {
  const start = STREAM_STARTS.get(JSON.stringify([url, parameters]), () => {
    const response = new twilio.twiml.VoiceResponse();
    const stream = response.start().stream({ url, track: 'inbound_track' });
    for (const [name, value] of Object.entries(parameters)) stream.parameter({ name, value });
    return response
      .toString()
      .replace(/^[\s\S]*?<Response>/, '')
      .replace(/<\/Response>\s*$/, '');
  });
  if (twiml.includes('<Response/>')) return twiml.replace('<Response/>', `<Response>${start}</Response>`);
  return twiml.replace('<Response>', `<Response>${start}`);
}
