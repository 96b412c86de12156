import { BoundedMemo } from '../bounded-memo.js';
import type { ResolvedStep } from '../flow/runtime/resolved-step.js';
import { renderStep, type StepUrls, type VoiceMap } from './twiml-renderer.js';

const TURN_TOKEN = '__TURN__';

/**
 * Memoises `renderStep`: most calls hear the same few documents, which differ
 * only by the turn number in their action URLs. Documents are rendered once
 * with twilio's TwiML builder (the single source of truth for the XML), with a
 * token in place of the turn, and the token is replaced per call. Bounded:
 * when full, the oldest entry goes.
 */
export class StepRenderCache {
  private readonly cache: BoundedMemo<string>;
  private readonly urls: (turn: string) => StepUrls;
  private readonly voices: VoiceMap;

  constructor(urls: (turn: string) => StepUrls, voices: VoiceMap, capacity = 2048) {
    this.urls = urls;
    this.voices = voices;
    this.cache = new BoundedMemo(capacity);
  }

  /** The TwiML of `step` for the caller's `queueName` at `turn`. */
  render(step: ResolvedStep, queueName: string | null, turn: number): string {
    const template = this.cache.get(JSON.stringify([step, queueName]), () =>
      renderStep(step, queueName, this.urls(TURN_TOKEN), this.voices),
    );
    return template.replaceAll(TURN_TOKEN, String(turn));
  }
}
