import type { CallTrace } from '../audio/call-trace.js';
import type { CallEvent } from '../flow/call-event.js';
import type { ResolvedStep } from '../flow/runtime/resolved-step.js';
import { actionStart, collectGather, type CallerAction, type GatherWindow } from '../flow/gather-rules.js';
import type { JourneyStep, RecordingMetadata } from '../record/recording-metadata.js';
import type { CallerAnswer } from '../flow/gather-rules.js';
import type { Caller } from '../flow/runtime/caller.js';
import type { World, WorldAnswer, WorldStepKind } from '../flow/runtime/world.js';

/** A key or utterance read from a recording, with the journey step of the original call it fell in. */
export interface RecordedAction {
  readonly action: CallerAction;
  /** Index of the original journey step the action fell in; -1 when the recording has no journey. */
  readonly step: number;
}

/** The caller's actions read from a recording, and how many were left out (not made at a listening prompt). */
export interface RecordedActions {
  readonly actions: readonly RecordedAction[];
  readonly ignored: number;
}

/** Utterances closer than this are one (a pause between words). */
const UTTERANCE_GAP_SEC = 0.6;
/** A key or transcript this close after a gather ended still belongs to it (detector timing). */
const STEP_SLACK_SEC = 0.25;
/** Twilio's out-of-band `dtmf` message and the tone heard in the audio are one key when this close. */
const SAME_KEY_SEC = 0.2;

function stepAt(journey: readonly JourneyStep[], atSec: number): number {
  let j = journey.length - 1;
  while (j > 0 && journey[j]!.atSec > atSec) j -= 1;
  const previous = journey[j - 1];
  if (
    journey[j]!.kind !== 'gather' &&
    previous?.kind === 'gather' &&
    atSec <= (previous.endSec ?? Infinity) + STEP_SLACK_SEC
  )
    return j - 1;
  return j;
}

/**
 * Reads what the caller did from a recording: keys from the audio (merged
 * with keys Twilio reported out of band), and utterances: the words come from
 * the transcripts (what speech recognition heard), the timing from the voice
 * activity in the audio where it overlaps. Speech with no transcript is
 * talking or noise, not an answer, and is not replayed. With a journey, only
 * actions made at a listening prompt (a gather) of the original call are
 * kept: keys pressed while talking to an agent, or the callback key in the
 * queue, are the world's business, not answers to a prompt.
 */
export function recordedActions(metadata: RecordingMetadata, trace: CallTrace): RecordedActions {
  const offset = metadata.audio?.offsetSec ?? 0;
  const keys: CallerAction[] = trace.digits.map((d) => ({ kind: 'key', digit: d.digit, atSec: d.startSec + offset }));
  for (const d of metadata.dtmf) {
    if (!keys.some((k) => k.kind === 'key' && k.digit === d.digit && Math.abs(k.atSec - d.atSec) <= SAME_KEY_SEC))
      keys.push({ kind: 'key', digit: d.digit, atSec: d.atSec });
  }
  const segments: { startSec: number; endSec: number }[] = [];
  for (const s of trace.speech) {
    const start = s.startSec + offset;
    const end = s.endSec + offset;
    const last = segments.at(-1);
    if (last && start - last.endSec < UTTERANCE_GAP_SEC) last.endSec = end;
    else segments.push({ startSec: start, endSec: end });
  }
  const speech: CallerAction[] = metadata.transcripts.map((t) => {
    const heard = segments.find(
      (s) => s.startSec - STEP_SLACK_SEC <= t.endSec && t.startSec <= s.endSec + STEP_SLACK_SEC,
    );
    const timing = heard ?? t;
    return t.confidence === undefined
      ? { kind: 'speech', startSec: timing.startSec, endSec: timing.endSec, text: t.text }
      : { kind: 'speech', startSec: timing.startSec, endSec: timing.endSec, text: t.text, confidence: t.confidence };
  });
  const all = [...keys, ...speech].sort((a, b) => actionStart(a) - actionStart(b));
  const journey = metadata.journey;
  if (journey.length === 0) return { actions: all.map((action) => ({ action, step: -1 })), ignored: 0 };
  const actions: RecordedAction[] = [];
  for (const action of all) {
    const step = stepAt(journey, actionStart(action));
    if (journey[step]?.kind === 'gather') actions.push({ action, step });
  }
  return { actions, ignored: all.length - actions.length };
}

/**
 * A recorded caller, replayed: presses and says what the recording shows,
 * keeping the timing relative to the flow. Each time the replayed call enters
 * a state the original call entered (in order), the caller re-aligns there:
 * everything they do afterwards shifts by the difference, so a longer
 * greeting delays their key rather than losing it. Actions that belonged to
 * original steps the replay skipped are dropped. A caller who hung up does so
 * in the step they hung up in, after the same time there (in a queue: the
 * same patience); if the replay never reaches that step, they stay on the line.
 */
export class RecordedCaller implements Caller {
  private readonly actions: readonly CallerAction[];
  private readonly steps: readonly number[];
  private readonly journey: readonly JourneyStep[];
  private readonly hangupAt: number;
  /** Index of the original step the caller hung up in; -1 if the flow ended the call. */
  private readonly hangupStep: number;
  private shift = 0;
  private next = 0;
  private anchor = 0;

  constructor(recorded: RecordedActions, metadata: RecordingMetadata) {
    this.actions = recorded.actions.map((a) => a.action);
    this.steps = recorded.actions.map((a) => a.step);
    this.journey = metadata.journey;
    this.hangupAt = metadata.endedBy === 'caller' ? metadata.durationSec : Infinity;
    const byEvent = metadata.journey.findLastIndex((s) => s.event?.type === 'HANGUP');
    this.hangupStep =
      metadata.endedBy !== 'caller' ? -1 : byEvent >= 0 ? byEvent : Math.max(0, metadata.journey.length - 1);
  }

  entered(state: string, atSec: number): void {
    for (let j = this.anchor; j < this.journey.length; j += 1) {
      if (this.journey[j]!.state !== state) continue;
      this.shift = atSec - this.journey[j]!.atSec;
      this.anchor = j + 1;
      while (this.next < this.actions.length && this.steps[this.next]! >= 0 && this.steps[this.next]! < j)
        this.next += 1;
      return;
    }
  }

  atGather(gather: GatherWindow): CallerAnswer {
    const { answer, next } = collectGather(gather, this.actions, this.next, this.shift);
    this.next = next;
    return answer;
  }

  hangupSec(): number {
    if (this.hangupStep < 0 || (this.journey.length > 0 && this.anchor <= this.hangupStep)) return Infinity;
    return this.hangupAt + this.shift;
  }
}

const HANGUP: CallEvent = { type: 'HANGUP' };

/**
 * The outside world of a recorded call, replayed: each queue, agent,
 * transfer, recording and lookup step ends as the matching step of the
 * original call ended (the same state if it was visited, else the next
 * unused step of the same kind), after the same time. A queue the caller
 * abandoned waits for the caller to hang up again. Steps the original call
 * never reached get neutral answers: a lookup finds nothing, an agent or a
 * transfer ends after its prompts, a message is 5 s long, and a queue never
 * answers (the caller waits until they hang up).
 */
export class RecordedWorld implements World {
  private readonly journey: readonly JourneyStep[];
  private readonly used = new Set<number>();

  constructor(journey: readonly JourneyStep[]) {
    this.journey = journey;
  }

  outcome(kind: WorldStepKind, state: string, _step: ResolvedStep, promptSec: number): WorldAnswer {
    let match = this.journey.findIndex((s, j) => !this.used.has(j) && s.kind === kind && s.state === state);
    if (match < 0) match = this.journey.findIndex((s, j) => !this.used.has(j) && s.kind === kind);
    if (match >= 0) {
      this.used.add(match);
      const original = this.journey[match]!;
      if (!original.event || original.endSec === null || original.event.type === 'HANGUP')
        return { event: HANGUP, afterSec: Infinity };
      return { event: original.event, afterSec: original.endSec - original.atSec };
    }
    switch (kind) {
      case 'lookup':
        return { event: { type: 'LOOKUP_RESULT', found: false }, afterSec: 0.5 };
      case 'agent':
        return { event: { type: 'AGENT_FINISHED' }, afterSec: promptSec };
      case 'transfer':
        return { event: { type: 'TRANSFER_ENDED', status: 'completed' }, afterSec: promptSec };
      case 'record':
        return { event: { type: 'RECORDED', durationSec: 5 }, afterSec: promptSec + 5 };
      case 'enqueue':
        return { event: HANGUP, afterSec: Infinity };
    }
  }
}
