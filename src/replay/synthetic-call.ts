import { writeMuLawWav } from '../audio/pcm.js';
import { generateDtmf } from '../audio/tone-generator.js';
import { generateSpeechLike } from '../audio/speech-like-signal.js';
import { addWhiteNoise } from '../audio/white-noise.js';
import type { CallEvent } from '../flow/call-event.js';
import { recordFromStates, type FlowDefinition, type FlowInput } from '../flow/flow-definition.js';
import type { ResolvedStep } from '../flow/runtime/resolved-step.js';
import type { SpeechRate } from '../flow/prompt-duration.js';
import { Rng } from '../sim/rng.js';
import { collectGather, type CallerAction, type GatherWindow } from '../flow/gather-rules.js';
import type { CallRecord } from '../record/call-record.js';
import {
  RECORDING_FORMAT,
  roundedJourney,
  roundSec,
  type JourneyStep,
  type RecordingMetadataInput,
} from '../record/recording-metadata.js';
import type { CallerAnswer } from '../flow/gather-rules.js';
import type { Caller } from '../flow/runtime/caller.js';
import type { World, WorldAnswer, WorldStepKind } from '../flow/runtime/world.js';
import { journeyFacts, summariseJourney } from '../record/journey-summary.js';
import { runVirtualCall, type VirtualCall } from './virtual-call.js';

/**
 * What a scripted caller does at one gather, in order: keys, words, nothing,
 * or hang up. It starts `afterSec` after the gather's prompts end (default 1),
 * or `inPromptSec` after the gather opened (barging in while the prompts play).
 */
export type PlannedAnswer =
  | ({ readonly keys: string } & PlannedTiming)
  | ({ readonly say: string } & PlannedTiming)
  | { readonly none: true }
  | ({ readonly hangup: true } & PlannedTiming);

/** When a planned answer starts. */
export interface PlannedTiming {
  readonly afterSec?: number;
  readonly inPromptSec?: number;
}

/** How the outside world treats a scripted call. */
export interface PlannedWorld {
  /** The queue: an agent answers, the caller gives up, takes the callback offer (pressing its key), or the queue fails; after this many seconds in it. */
  readonly queue?:
    | { readonly answerAfterSec: number }
    | { readonly abandonAfterSec: number }
    | { readonly callbackAfterSec: number; readonly key?: string }
    | { readonly failAfterSec: number };
  /** Seconds with the agent (the caller talks during it). Default 4. */
  readonly handleSec?: number;
  /** Whether lookups find something. Default true. */
  readonly lookupFound?: boolean;
  readonly transferStatus?: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** Seconds of the message the caller leaves (they speak during it); 0 leaves none. Default 3. */
  readonly messageSec?: number;
}

/** A scripted call: its answers at gathers, the world's answers, and how its audio is made. */
export interface CallPlan {
  readonly name: string;
  readonly answers: readonly PlannedAnswer[];
  readonly world?: PlannedWorld;
  /** Starts the call as a callback leg. */
  readonly input?: FlowInput;
  /** White noise on the line, dB below the key tones. Absent: a quiet line. */
  readonly noiseSnrDb?: number;
}

/** Turns text into speech samples (8 kHz); e.g. espeak-ng, or a speech-like signal of a length that suits the text. */
export type Voice = (text: string) => Float32Array;

/** The default stand-in voice: speech-like sound, 0.3 s per character or word, at least 0.6 s. */
export function speechLikeVoice(seed: number): Voice {
  return (text) => {
    const units = (text.match(/[\u3400-\u9fff]/g) ?? []).length + (text.match(/[A-Za-z]+/g) ?? []).length;
    return generateSpeechLike(Math.max(0.6, 0.3 * units), new Rng(seed + text.length), { amplitude: 0.4 });
  };
}

const TONE_SEC = 0.1;
const KEY_GAP_SEC = 0.35;

/** Audio the caller makes, in call time: key tones, utterances, and talk (with an agent, or a message). */
interface Sounds {
  readonly keys: { digit: string; atSec: number }[];
  readonly utterances: { startSec: number; text: string; samples: Float32Array }[];
  readonly talk: { startSec: number; endSec: number }[];
}

class PlannedCaller implements Caller {
  now = 0;
  hangupAt = Infinity;
  private next = 0;
  constructor(
    private readonly plan: CallPlan,
    private readonly voice: Voice,
    readonly sounds: Sounds,
  ) {}

  entered(_state: string, atSec: number): void {
    this.now = atSec;
  }

  atGather(gather: GatherWindow): CallerAnswer {
    const answer = this.plan.answers[this.next];
    this.next += 1;
    const timing: PlannedTiming = answer && !('none' in answer) ? answer : {};
    const start =
      timing.inPromptSec !== undefined
        ? gather.openSec + timing.inPromptSec
        : Math.max(gather.openSec + 0.3, gather.openSec + gather.promptSec + (timing.afterSec ?? 1));
    const actions: CallerAction[] = [];
    if (!answer || 'none' in answer) {
      // Silence until the timeout.
    } else if ('hangup' in answer) {
      this.hangupAt = start;
    } else if ('keys' in answer) {
      [...answer.keys].forEach((digit, i) => {
        const atSec = start + i * KEY_GAP_SEC;
        actions.push({ kind: 'key', digit, atSec });
        this.sounds.keys.push({ digit, atSec });
      });
    } else {
      const samples = this.voice(answer.say);
      const endSec = start + samples.length / 8000;
      actions.push({ kind: 'speech', startSec: start, endSec, text: answer.say, confidence: 0.9 });
      this.sounds.utterances.push({ startSec: start, text: answer.say, samples });
    }
    return collectGather(gather, actions, 0, 0).answer;
  }

  hangupSec(): number {
    return this.hangupAt;
  }
}

class PlannedWorldImpl implements World {
  constructor(
    private readonly world: PlannedWorld,
    private readonly caller: PlannedCaller,
    private readonly sounds: Sounds,
  ) {}

  outcome(kind: WorldStepKind, _state: string, step: ResolvedStep, promptSec: number): WorldAnswer {
    const now = this.caller.now;
    switch (kind) {
      case 'lookup':
        return this.world.lookupFound === false
          ? { event: { type: 'LOOKUP_RESULT', found: false }, afterSec: 0.5 }
          : {
              event: { type: 'LOOKUP_RESULT', found: true, data: { status: '已办结，结果已短信告知' } },
              afterSec: 0.5,
            };
      case 'agent': {
        const handle = this.world.handleSec ?? 4;
        this.sounds.talk.push({ startSec: now + Math.min(1, handle / 4), endSec: now + handle - 0.4 });
        return { event: { type: 'AGENT_FINISHED' }, afterSec: handle };
      }
      case 'transfer':
        return {
          event: { type: 'TRANSFER_ENDED', status: this.world.transferStatus ?? 'completed' },
          afterSec: promptSec + 1.5,
        };
      case 'record': {
        const messageSec = this.world.messageSec ?? 3;
        if (messageSec <= 0) return { event: { type: 'NO_INPUT' }, afterSec: promptSec + 5 };
        this.sounds.talk.push({ startSec: now + promptSec + 0.5, endSec: now + promptSec + 0.5 + messageSec });
        return { event: { type: 'RECORDED', durationSec: messageSec }, afterSec: promptSec + messageSec + 1.5 };
      }
      case 'enqueue': {
        const queue = this.world.queue ?? { answerAfterSec: 2 };
        const wait = promptSec;
        if ('answerAfterSec' in queue)
          return { event: { type: 'AGENT_ANSWERED', agentId: 'A1001' }, afterSec: wait + queue.answerAfterSec };
        if ('failAfterSec' in queue)
          return { event: { type: 'QUEUE_RESULT', result: 'queue-full' }, afterSec: wait + queue.failAfterSec };
        if ('abandonAfterSec' in queue) {
          this.caller.hangupAt = now + wait + queue.abandonAfterSec;
          return { event: { type: 'HANGUP' }, afterSec: Infinity };
        }
        const key = queue.key ?? (step.kind === 'enqueue' ? step.wait.callbackOffer?.key : undefined) ?? '1';
        this.sounds.keys.push({ digit: key, atSec: now + wait + queue.callbackAfterSec });
        return { event: { type: 'CALLBACK_REQUESTED' } as CallEvent, afterSec: wait + queue.callbackAfterSec + 0.5 };
      }
    }
  }
}

/** A made-up recording: the call (record and journey), its WAV and its metadata. */
export interface SyntheticRecording {
  readonly result: VirtualCall;
  readonly wav: Buffer;
  readonly metadata: RecordingMetadataInput;
}

/** Options of `synthesizeRecording`. */
export interface SynthesisOptions {
  readonly speechRate: SpeechRate;
  readonly voice: Voice;
  /** Seeds the noise, the caller hash and the talk. */
  readonly seed: number;
  readonly arrivalAt: string;
  /** The WAV's file name written into the metadata. */
  readonly audioFile: string;
  readonly callSid: string;
  readonly callType?: string;
}

function place(out: Float32Array, samples: Float32Array, atSec: number): void {
  const at = Math.round(atSec * 8000);
  for (let i = 0; i < samples.length && at + i < out.length; i += 1) if (at + i >= 0) out[at + i]! += samples[i]!;
}

/**
 * Makes a recording of a scripted call: runs the plan through the flow in
 * virtual time (the same engine replay uses), then renders what the caller's
 * side of the line would carry from the flow's `recordFrom` state on: key
 * tones, utterances, talk with the agent, optional white noise. The metadata
 * is what the server writes for a live call.
 */
export function synthesizeRecording(
  flow: FlowDefinition,
  plan: CallPlan,
  options: SynthesisOptions,
): SyntheticRecording {
  const sounds: Sounds = { keys: [], utterances: [], talk: [] };
  const caller = new PlannedCaller(plan, options.voice, sounds);
  const world = new PlannedWorldImpl(plan.world ?? {}, caller, sounds);
  const result = runVirtualCall(flow, caller, world, {
    speechRate: options.speechRate,
    ...(plan.input ? { input: plan.input } : {}),
  });
  const { record, journey } = result;
  const durationSec = record.endSec ?? 0;
  const summary = summariseJourney(journey);
  const offsetSec = recordingStart(flow, journey) ?? 0;
  const rng = new Rng(options.seed);
  const audio = new Float32Array(Math.max(1, Math.round((durationSec - offsetSec) * 8000)));
  const keyTone = (digit: string) => generateDtmf(digit, { toneSec: TONE_SEC, pauseSec: 0, edgeSec: 0 }).samples;
  for (const key of sounds.keys) if (key.atSec < durationSec) place(audio, keyTone(key.digit), key.atSec - offsetSec);
  for (const u of sounds.utterances) place(audio, u.samples, u.startSec - offsetSec);
  for (const talk of sounds.talk) {
    const end = Math.min(talk.endSec, durationSec);
    if (end > talk.startSec)
      place(audio, generateSpeechLike(end - talk.startSec, rng, { amplitude: 0.35 }), talk.startSec - offsetSec);
  }
  const samples =
    plan.noiseSnrDb === undefined ? audio : addWhiteNoise(audio, plan.noiseSnrDb, rng, { referencePower: 0.3 ** 2 });
  const hash = Array.from({ length: 32 }, () => Math.floor(rng.next() * 16).toString(16)).join('');
  const metadata: RecordingMetadataInput = {
    format: RECORDING_FORMAT,
    callSid: options.callSid,
    flowId: flow.id,
    arrivalAt: options.arrivalAt,
    direction: plan.input?.direction ?? 'inbound',
    language: plan.input?.language ?? 'cmn-CN',
    skill: plan.input?.skill ?? null,
    callType: options.callType ?? null,
    callerHash: hash,
    outcome: record.outcome,
    destination: summary.destination,
    ivrSec: roundSec(summary.ivrSec),
    queueWaitSec: queueWaitSec(record, journey),
    handleSec: record.handleSec === null ? null : roundSec(record.handleSec),
    rating: record.rating,
    endedBy: journeyFacts(journey).endedBy,
    durationSec: roundSec(durationSec),
    audio: { file: options.audioFile, offsetSec: roundSec(offsetSec) },
    journey: roundedJourney(journey),
    transcripts: sounds.utterances.map((u) => ({
      startSec: roundSec(u.startSec),
      endSec: roundSec(u.startSec + u.samples.length / 8000),
      text: u.text,
      confidence: 0.9,
    })),
    dtmf: [],
    messages: [],
  };
  return { result, wav: writeMuLawWav(samples), metadata };
}

/**
 * Seconds the caller waited in the last queue after its prompts, until it ended
 * (answer, hang-up, callback, failure), rounded; null without a queue.
 */
function queueWaitSec(record: CallRecord, journey: readonly JourneyStep[]): number | null {
  const end = journey.findLast((step) => step.kind === 'enqueue')?.endSec ?? null;
  return record.queueEntrySec === null || end === null ? null : roundSec(Math.max(0, end - record.queueEntrySec));
}

/** Call time the flow starts recording (the first `recordFrom` state the call entered), or undefined. */
export function recordingStart(
  flow: FlowDefinition,
  journey: readonly { state: string; atSec: number }[],
): number | undefined {
  const from = recordFromStates(flow);
  return journey.find((s) => from.includes(s.state))?.atSec;
}
