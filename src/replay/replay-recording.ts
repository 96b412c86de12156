import { traceWav } from '../audio/call-trace.js';
import type { CallEvent } from '../flow/call-event.js';
import type { FlowDefinition, FlowInput } from '../flow/flow-definition.js';
import type { Language } from '../flow/text.js';
import type { SpeechRate } from '../flow/prompt-duration.js';
import { RecordedCaller, RecordedWorld, recordedActions } from './recorded-caller.js';
import type { CallRecord } from '../record/call-record.js';
import { summariseJourney } from '../record/journey-summary.js';
import type { JourneyStep } from '../record/recording-metadata.js';
import type { Recording } from './recording-files.js';
import { runVirtualCall } from './virtual-call.js';

/** The first step where a replayed call did something other than the recorded one. */
export interface Divergence {
  /** Index in the journey. */
  readonly step: number;
  /** The recorded step, e.g. `menu ← DIGITS 2`; null when the replay went on past the recorded call's end. */
  readonly expected: string | null;
  /** The replayed step; null when the replay ended before the recorded call did. */
  readonly actual: string | null;
  /** Call time of the step in the replay (or in the recording when the replay ended first). */
  readonly atSec: number;
}

/**
 * One recording replayed against a flow: the replayed call's record and
 * journey (as every run mode gives them, so KPIs can be computed from replays),
 * where it went, and how that compares with the recording.
 */
export interface ReplayResult {
  readonly file: string;
  readonly callSid: string;
  /** The replayed call's record (call time: `arrivalSec` 0); its outcome is compared with `expectedOutcome`. */
  readonly record: CallRecord;
  /** Where the replayed IVR sent the caller (`summariseJourney`). */
  readonly destination: string;
  readonly expectedDestination: string | null;
  /** Call time the replayed caller left the IVR (`summariseJourney`). */
  readonly ivrSec: number;
  readonly expectedIvrSec: number | null;
  readonly expectedOutcome: string | null;
  /** Null when the replay took the recorded way step for step. */
  readonly divergence: Divergence | null;
  /** Keys and utterances read from the audio that were not answers to a prompt in the original call. */
  readonly ignoredActions: number;
  readonly journey: readonly JourneyStep[];
}

/** Options of `replayRecording`. */
export interface ReplayOptions {
  readonly speechRate: SpeechRate;
}

function eventText(event: JourneyStep['event']): string {
  if (!event) return 'end';
  const e = event as CallEvent;
  switch (e.type) {
    case 'DIGITS':
      return `DIGITS ${e.digits}`;
    case 'SPEECH':
      return `SPEECH "${e.text}"`;
    default:
      return e.type;
  }
}

/** A journey step as a report shows it: `state ← event`. */
export function stepText(step: JourneyStep): string {
  return `${step.state}${step.to === undefined ? '' : ` (${step.to})`} ← ${eventText(step.event)}`;
}

/** Whether two steps behave alike: the same state and queue or transfer number, ended by the same event (keys and words included; times are not compared). */
function sameStep(a: JourneyStep, b: JourneyStep): boolean {
  return stepText(a) === stepText(b);
}

/** The first step where `actual` departs from `expected`, or null. */
export function firstDivergence(expected: readonly JourneyStep[], actual: readonly JourneyStep[]): Divergence | null {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i += 1) {
    const e = expected[i];
    const a = actual[i];
    if (e && a && sameStep(e, a)) continue;
    return { step: i, expected: e ? stepText(e) : null, actual: a ? stepText(a) : null, atSec: (a ?? e)!.atSec };
  }
  return null;
}

/**
 * Replays a recorded call against a flow (the recorded one, or a changed
 * version) in virtual time: the caller's keys and words are read from the
 * recording's audio and transcripts and given to the flow when it is ready
 * for them; queues, agents and lookups end as they did in the recording.
 * Reports where the call went and the first step that differs.
 */
export function replayRecording(recording: Recording, flow: FlowDefinition, options: ReplayOptions): ReplayResult {
  const { metadata } = recording;
  const trace = traceWav(recording.wav, recording.file);
  const recorded = recordedActions(metadata, trace);
  const input: FlowInput | undefined =
    metadata.direction === 'callback'
      ? { direction: 'callback', language: metadata.language as Language, skill: metadata.skill ?? 'general' }
      : undefined;
  const { record, journey } = runVirtualCall(
    flow,
    new RecordedCaller(recorded, metadata),
    new RecordedWorld(metadata.journey),
    {
      speechRate: options.speechRate,
      ...(input ? { input } : {}),
      maxSec: metadata.durationSec + 600,
      callSid: metadata.callSid,
    },
  );
  const summary = summariseJourney(journey);
  return {
    file: recording.file,
    callSid: metadata.callSid,
    record,
    destination: summary.destination,
    expectedDestination: metadata.destination,
    ivrSec: summary.ivrSec,
    expectedIvrSec: metadata.ivrSec,
    expectedOutcome: metadata.outcome,
    divergence: firstDivergence(metadata.journey, journey),
    ignoredActions: recorded.ignored,
    journey,
  };
}
