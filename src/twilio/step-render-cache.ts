import type { ResolvedStep } from '../flow/flow-runtime.js';
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
  private readonly cache = new Map<string, string>();
  private readonly urls: (turn: string) => StepUrls;
  private readonly voices: VoiceMap;
  private readonly capacity: number;

  constructor(urls: (turn: string) => StepUrls, voices: VoiceMap, capacity = 2048) {
    this.urls = urls;
    this.voices = voices;
    this.capacity = capacity;
  }

  /** The TwiML of `step` for the caller's `queueName` at `turn`. */
  render(step: ResolvedStep, queueName: string | null, turn: number): string {
    const key = JSON.stringify([step, queueName]);
    let template = this.cache.get(key);
    if (template === undefined) {
      template = renderStep(step, queueName, this.urls(TURN_TOKEN), this.voices);
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, template);
    }
    return template.replaceAll(TURN_TOKEN, String(turn));
  }
}
