import type {
  CallerScript,
  CallerTurn,
  GatherHeard,
  PlayedHeard,
  RecordTurn,
  WaitHeard,
} from '../../twilio/emulator/caller-script.js';
import type { EmulatorClock } from '../../twilio/emulator/emulator-clock.js';
import { speechSeconds } from '../../twilio/emulator/speech-time.js';
import type { CallerEvent, PromptEvent } from './line-wire.js';

/** What the person at the page answers: keys, words, silence (no input) or a hang-up. */
export type CallerInput =
  | { readonly kind: 'keys'; readonly digits: string }
  | { readonly kind: 'speech'; readonly text: string }
  | { readonly kind: 'hangup' };

/** Seconds after the prompts that the keys or words begin. */
const ANSWER_GAP_SEC = 0.5;
/** Seconds between keys typed together. */
const KEY_GAP_SEC = 0.2;
/** Seconds a wait-URL gather listens for keys on hold before the hold goes on (its prompts, then this). */
const HOLD_LISTEN_SEC = 5;

/**
 * A caller whose page decides each gather: the call waits at every `<Gather>` and `<Record>` in the call until
 * `answer` is called (the person's thinking never runs a gather's timeout out). On hold a wait URL's gather listens
 * for keys while its prompts play and a few seconds more, then the hold goes on. Everything heard is told to
 * `onEvent` as it starts.
 */
export class InteractiveCaller implements CallerScript {
  private readonly clock: EmulatorClock;
  private readonly onEvent: (event: CallerEvent) => void;
  private readonly hangUp: AbortController;
  private readonly startMs: number;
  private open: ((input: CallerInput) => void) | undefined;
  private openPlace: 'call' | 'queue' | 'record' | undefined;

  /** `hangUp` aborts the call wherever it is (the plan's hangUp signal). */
  constructor(clock: EmulatorClock, hangUp: AbortController, onEvent: (event: CallerEvent) => void) {
    this.clock = clock;
    this.hangUp = hangUp;
    this.onEvent = onEvent;
    this.startMs = clock.now();
  }

  /** Where input is awaited now, if anywhere. */
  get waitingFor(): 'call' | 'queue' | 'record' | undefined {
    return this.openPlace;
  }

  /** The person's answer to the open gather or recording; false when none is open (the keys are not heard). */
  answer(input: CallerInput): boolean {
    if (input.kind === 'hangup') {
      this.hangUp.abort();
      this.settle(input);
      return true;
    }
    if (!this.open) return false;
    this.settle(input);
    return true;
  }

  played(sound: PlayedHeard): void {
    this.prompt(sound.verb, sound.text, sound.language, sound.durationSec, sound.place);
  }

  async gather(gather: GatherHeard): Promise<CallerTurn> {
    for (const p of gather.prompts) this.prompt(p.verb, p.text, p.language, p.durationSec, gather.place);
    const input = gather.verb.attrs.input ?? 'dtmf';
    this.onEvent({ kind: 'input', atSec: this.atSec(), place: gather.place, input });
    const listenMs = gather.place === 'queue' ? (gather.promptSec + HOLD_LISTEN_SEC) * 1000 : undefined;
    const answer = await this.wait(gather.place, listenMs);
    const atSec = gather.promptSec + ANSWER_GAP_SEC;
    if (answer === null) return { actions: [] };
    if (answer.kind === 'hangup') return { actions: [], hangupAfterSec: 0 };
    if (answer.kind === 'speech') {
      const endSec = atSec + speechSeconds(answer.text, gather.verb.attrs.language ?? 'en-US');
      return { actions: [{ kind: 'speech', startSec: atSec, endSec, text: answer.text, confidence: 0.9 }] };
    }
    const keys = [...answer.digits].filter((c) => /[0-9*#]/.test(c));
    return { actions: keys.map((digit, i) => ({ kind: 'key' as const, digit, atSec: atSec + i * KEY_GAP_SEC })) };
  }

  async record(): Promise<RecordTurn> {
    this.onEvent({ kind: 'input', atSec: this.atSec(), place: 'record', input: 'record' });
    const answer = await this.wait('record');
    if (answer === null || answer.kind === 'hangup') return { messageSec: 0, end: 'hangup' };
    if (answer.kind === 'speech')
      return { messageSec: Math.max(1, Math.round(answer.text.length / 3)), end: 'key', key: '#' };
    return answer.digits === ''
      ? { messageSec: 0, end: 'silence' }
      : { messageSec: 0, end: 'key', key: answer.digits[0]! };
  }

  queuePatienceSec(wait: WaitHeard): number {
    this.onEvent({ kind: 'queued', atSec: this.atSec(), queue: wait.target });
    return Infinity;
  }

  dialPatienceSec(): number {
    return Infinity;
  }

  hungUp(): boolean {
    return this.hangUp.signal.aborted;
  }

  private prompt(
    verb: PromptEvent['verb'],
    text: string,
    language: string | undefined,
    sec: number,
    place: PromptEvent['place'],
  ): void {
    this.onEvent({
      kind: 'prompt',
      atSec: this.atSec(),
      verb,
      text,
      language: language ?? 'en-US',
      durationSec: sec,
      place,
    });
  }

  private atSec(): number {
    return Math.round(this.clock.now() - this.startMs) / 1000;
  }

  private settle(input: CallerInput): void {
    const open = this.open;
    this.open = undefined;
    this.openPlace = undefined;
    open?.(input);
  }

  /** The person's answer; null when `listenMs` passed first (a hold's gather: the hold goes on). */
  private wait(place: 'call' | 'queue' | 'record', listenMs?: number): Promise<CallerInput | null> {
    if (this.hangUp.signal.aborted) return Promise.resolve({ kind: 'hangup' });
    return new Promise((resolve) => {
      const stop = new AbortController();
      this.openPlace = place;
      this.open = (input) => {
        stop.abort();
        resolve(input);
      };
      if (listenMs === undefined) return;
      void this.clock.sleep(listenMs / 1000, stop.signal).then((passed) => {
        if (!passed || this.openPlace !== place) return;
        this.open = undefined;
        this.openPlace = undefined;
        resolve(null);
      });
    });
  }
}
