import type { CallerAction } from '../../flow/gather-rules.js';
import type { TwimlNode } from '../twiml-parser.js';

/** Something the caller heard: a `<Say>` (text and language), a `<Play>` (URL or tones) or a `<Pause>`. */
export interface Heard {
  readonly verb: 'Say' | 'Play' | 'Pause';
  /** The words of a Say, the URL of a Play, the digits of a tones Play, '' for a Pause. */
  readonly text: string;
  readonly language?: string;
  readonly durationSec: number;
}

/** Where the caller is when a gather opens: in the call, or on hold in a queue's wait URL. */
export type GatherPlace = 'call' | 'queue';

/** A `<Gather>` as the caller meets it. */
export interface GatherHeard {
  readonly callSid: string;
  /** Call time the gather opened (its prompts began), seconds. */
  readonly atSec: number;
  readonly place: GatherPlace;
  readonly prompts: readonly Heard[];
  /** Seconds the nested prompts take. */
  readonly promptSec: number;
  readonly verb: TwimlNode;
  /** The URL of the document the gather came in. */
  readonly documentUrl: string;
}

/**
 * The caller's answer to a gather: timed keys and utterances (seconds from the
 * gather opening; a key while the prompts play interrupts them, as on Twilio),
 * and optionally a hang-up that many seconds after the gather opened.
 */
export interface CallerTurn {
  readonly actions: readonly CallerAction[];
  readonly hangupAfterSec?: number;
}

/** A `<Record>` as the caller meets it. */
export interface RecordHeard {
  readonly callSid: string;
  readonly atSec: number;
  readonly maxLengthSec: number;
  readonly finishOnKey: string;
  readonly verb: TwimlNode;
}

/** What the caller does at a `<Record>`: speak for `messageSec` (0: say nothing), then fall silent, press a key, or hang up. */
export interface RecordTurn {
  readonly messageSec: number;
  readonly end: 'silence' | 'key' | 'hangup';
  readonly key?: string;
}

/** Where a caller waits and talks: a queue, a dialled number, an agent. */
export interface WaitHeard {
  readonly callSid: string;
  readonly atSec: number;
  /** Queue name, dialled number or client. */
  readonly target: string;
  /** The `<Enqueue>` or `<Dial>` verb. */
  readonly verb?: TwimlNode;
}

/** A `<Say>`, `<Play>` or `<Pause>` as it starts to play, and where the caller hears it. */
export interface PlayedHeard extends Heard {
  readonly callSid: string;
  readonly atSec: number;
  /** In the call, in a queue's wait URL, or in the `<Queue url>` greeting before a bridge. */
  readonly place: GatherPlace | 'greeting';
}

/** A TwiML document the call ran, for scripts that check what they hear. */
export interface DocumentHeard {
  readonly callSid: string;
  readonly atSec: number;
  readonly url: string;
  readonly verbs: readonly TwimlNode[];
  readonly body: string;
  /** 'call' for the call's own documents, 'wait' for wait-URL rounds, 'greeting' for the `<Queue url>` an agent's Dial plays to the caller. */
  readonly role: 'call' | 'wait' | 'greeting';
}

/**
 * A scripted party on an emulated call: a citizen following a flow path, a
 * recorded caller, a scenario's model, an agent, or a person at the softphone.
 * Every method is optional except `gather`; the defaults are a patient, silent
 * caller. `gather` and `record` may answer later (a person typing): the call
 * waits for the answer, and a virtual clock stands still meanwhile, so the
 * prompts take their time and the person's thinking does not. On a real clock
 * the thinking time passes, but a gather's times still count from its opening
 * and the wait counts only toward its prompts, never toward its timeout: keys
 * placed after the prompts are taken however long the person took.
 *
 * Distinct from the flow-level `Caller` (flow/runtime/caller.ts) on purpose:
 * on the emulator the server is a black box, so a script meets TwiML (the
 * documents, a `<Gather>` in the call or in a queue's wait URL, `<Record>`,
 * `<Dial>`), not flow states, answers with timed key presses and utterances
 * under Twilio's gather rules, and may be an agent on the agent line. Scripts
 * that follow flow-level behaviour adapt it (`RecordingScript` wraps a
 * `RecordedCaller` and a `RecordedWorld`).
 */
export interface CallerScript {
  /** Told of each TwiML document as it starts to run. */
  heard?(document: DocumentHeard): void;
  /** Told of each `<Say>`, `<Play>` and `<Pause>` as it starts to play (not a gather's prompts: see `gather`). */
  played?(sound: PlayedHeard): void;
  /** What the caller enters at a gather (now, or later: see above). */
  gather(gather: GatherHeard): CallerTurn | Promise<CallerTurn>;
  /** What the caller does at a `<Record>` (default: says nothing). */
  record?(record: RecordHeard): RecordTurn | Promise<RecordTurn>;
  /** Seconds the caller waits in a queue before hanging up (default: forever). */
  queuePatienceSec?(wait: WaitHeard): number;
  /** Seconds a dialled transfer rings and talks before the caller hangs up (default: forever). */
  dialPatienceSec?(wait: WaitHeard): number;
  /**
   * Makes Twilio refuse an `<Enqueue>` as if the platform failed (fault
   * injection for tests): the action gets this QueueResult at once.
   */
  enqueueFault?(wait: WaitHeard): 'queue-full' | 'error' | 'system-error' | undefined;
  /** True once the party has decided to hang up; checked before each wait (e.g. an agent whose shift ended). */
  hungUp?(): boolean;
  /**
   * Seconds the caller talks with an agent (or, as an agent, with a caller) before hanging up, counted from the
   * moment the agent takes the caller, the `<Queue url>` greeting included (default: forever).
   */
  talkSec?(wait: WaitHeard): number;
  /**
   * As an agent at `<Dial><Queue>`: a signal that aborts when the agent hangs up on the caller it took (before
   * `talkSec` ran out); the agent's leg goes on with the Dial's action, the caller's with its Enqueue's action.
   */
  bridgeEnd?(wait: WaitHeard): AbortSignal | undefined;
}

/** A caller who never enters anything and never hangs up. */
export const SILENT_CALLER: CallerScript = { gather: () => ({ actions: [] }) };

/** A caller who presses `keys` one by one, `gapSec` apart, once each gather's prompts end. Each string is one gather's answer. */
export function keysCaller(answers: readonly string[], gapSec = 0.3): CallerScript {
  let next = 0;
  return {
    gather(gather) {
      const keys = answers[next++] ?? '';
      return {
        actions: [...keys].map((digit, i) => ({
          kind: 'key' as const,
          digit,
          atSec: gather.promptSec + 0.5 + i * gapSec,
        })),
      };
    },
  };
}

/** How a dialled number (a transfer, not a queue) answers. */
export interface DialAnswer {
  readonly status: 'completed' | 'busy' | 'no-answer' | 'failed';
  /** Seconds of ringing before it answers (or before busy/failed is known). */
  readonly ringSec: number;
  /** Seconds it talks once answered, then hangs up. */
  readonly talkSec: number;
}

/**
 * The phones outside the emulator that `<Dial><Number>` reaches: the TwiML-level
 * counterpart of the flow-level `World` (flow/runtime/world.ts), which ends a
 * transfer step with one event; here a dialled number rings, answers or not,
 * and talks, as Twilio's `<Dial>` reports it.
 */
export type DialWorld = (to: string, wait: WaitHeard) => DialAnswer;

/** Every dialled number answers after 4 s and talks 60 s. */
export const ANSWERING_WORLD: DialWorld = () => ({ status: 'completed', ringSec: 4, talkSec: 60 });
