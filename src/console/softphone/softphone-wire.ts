/**
 * The softphone's JSON answers (GET /console/api/softphone/flows, POST /calls and /calls/:id/save), declared once:
 * the server builds them (softphone-api.ts) and the page reads them (web/views/softphone/, `import type`). The call's
 * events are src/console/line/line-wire.ts's. Types only, importing nothing.
 */

/** What GET /flows answers: the flows a call may run, whether the server speaks prompts, and the limits. */
export interface SoftphoneOffer {
  /** `live` (the live line's flow, `id` its flow id) and the shipped flows' file names. */
  readonly flows: readonly { readonly name: string; readonly id: string }[];
  /** Whether GET /tts speaks a prompt (a speech engine is installed). */
  readonly tts: boolean;
  readonly limits: { readonly calls: number; readonly callSec: number; readonly ttsChars: number };
}

/** What POST /calls answers: the call's id, its flow and where it went. */
export interface PlacedCall {
  readonly id: string;
  readonly flowId: string;
  readonly target: string;
}

/** What POST /calls/:id/save answers: the saved call's name and its files in the recordings folder. */
export interface SavedCall {
  readonly name: string;
  readonly files: readonly string[];
}
