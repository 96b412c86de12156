import { BoundedMemo } from '../../bounded-memo.js';
import {
  renderEmpty,
  renderLeave,
  renderRedirect,
  renderWaitRound,
  type VoiceMap,
  type WaitRound,
} from '../../twilio/twiml-renderer.js';

/**
 * The TwiML documents the call service sends besides flow steps, rendered with
 * twilio's builder once and reused: the empty, leave and wait-redirect
 * documents never change, and wait rounds repeat (the same hold prompts,
 * positions and estimates for most callers). Building one with the builder
 * costs more than all the call logic of a webhook.
 */
export class FixedDocuments {
  /** `<Response/>`: ends the call, or answers a status callback. */
  readonly empty = renderEmpty();
  /** `<Leave/>`: takes the caller out of the queue (overflow, callback). */
  readonly leave = renderLeave();
  /** Back to the wait URL after a callback offer the caller did not take. */
  readonly toWait = renderRedirect('/queue/wait');
  private readonly rounds: BoundedMemo<string>;
  private readonly voices: VoiceMap;

  constructor(voices: VoiceMap, capacity = 1024) {
    this.voices = voices;
    this.rounds = new BoundedMemo(capacity);
  }

  /** The document of one wait round (its prompts, offer and filler), memoised by its content. Bounded: when full, the oldest goes. */
  waitRound(round: WaitRound): string {
    return this.rounds.get(JSON.stringify(round), () => renderWaitRound(round, this.voices, '/audio/'));
  }
}
